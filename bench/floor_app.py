"""The floor for bench/cpu_cost.py: the least a Flask app can do to serve the same screens.

One compiled Jinja template (a one-question form of about the size of Mitsprache's, with
radio choices and small inline icons), and the answers so far in a hidden field signed
with itsdangerous that every POST verifies and signs again. No database, no translations,
no validation, no security headers. It answers at the same URLs as the family pages, so
the benchmarks' family client walks it exactly as it walks the real app:

    GET  /s/<code>                   language screen
    GET  /s/<code>/start?lang=de     redirect to /s/<code>/de
    GET  /s/<code>/<lang>            start screen
    POST /s/<code>/<lang>            next question ... review ... thank-you screen

Served by ``gunicorn floor_app:app`` from bench/; not a benchmark itself.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import yaml
from flask import Flask, abort, redirect, render_template, request, url_for
from itsdangerous import BadSignature, URLSafeTimedSerializer
from jinja2 import DictLoader

YAML = Path(__file__).resolve().parent.parent / "questionnaires" / "library" / "family_needs.yaml"
DATA = yaml.safe_load(YAML.read_text(encoding="utf-8"))
QUESTIONS = {q["code"]: q for q in DATA["questions"]}
ORDER = [q["code"] for q in DATA["questions"]]
ICON = "M12 7a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM8 22v-5a4 4 0 0 1 8 0v5M5 11h14v10H5z"

TEMPLATE = """{% set svg %}<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
<path d="{{ icon }}"/></svg>{% endset %}<!doctype html>
<html lang="{{ lang }}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ title }} – Floor</title>
<link rel="stylesheet" href="/static/style.css">
<link rel="icon" href="data:,">
</head>
<body>
<header class="site">
  <span class="brand">Floor</span>
  <span class="anonymous">Anonymous – we do not ask for your name.</span>
</header>
<main id="main">
{% if token %}
<form method="post" action="{{ url_for('answer', code=code, lang=lang) }}" novalidate>
  <input type="hidden" name="progress" value="{{ token }}">
<input type="hidden" name="screen" value="{{ screen }}">
  {% if number %}<p class="progress">Question {{ number }} of {{ total }}
    <progress max="{{ total }}" value="{{ number }}" aria-hidden="true"></progress></p>{% endif %}
  <fieldset>
    <legend><h1 lang="{{ lang }}">{{ title }}</h1></legend>
    {% if hint %}<p class="hint" id="hint">{{ hint }}</p>{% endif %}
    <div class="choices">
    {% for code, label in choices %}
      <div class="choice-row">
      <label class="choice">
        <input type="{{ kind }}" name="answer" value="{{ code }}"{% if code in selected %} checked{% endif %}>
        {{ svg }}
        <span class="label" id="choice-{{ loop.index }}" lang="{{ lang }}">{{ label }}</span>
      </label>
      <button type="button" class="more" hidden data-for="choice-{{ loop.index }}">
        {{ svg }}
        <span class="visually-hidden">More: {{ label }}</span></button>
      </div>
    {% endfor %}
    </div>
  </fieldset>
  <div class="actions">
    <button class="primary" name="nav" value="next">Next</button>
    <button name="nav" value="skip">Skip</button>
    <button name="nav" value="back">Back</button>
  </div>
</form>
{% else %}
<h1>{{ title }}</h1>
<p>Your answers have been saved. You can close this page now.</p>
{% endif %}
<details class="language-switch">
  <summary>{{ svg }}
    Language: {{ lang }}</summary>
  <ul>{% for other in ("de", "en") if other != lang %}
    <li><a class="button" href="{{ url_for('start', code=code, lang=other) }}"
      lang="{{ other }}">{{ other }}</a></li>
  {% endfor %}</ul>
</details>
</main>
<footer class="about">
  <a href="/s/{{ code }}/{{ lang }}/privacy">What happens with your answers</a>
  <a href="/s/{{ code }}/{{ lang }}/accessibility">Accessibility</a>
</footer>
</body>
</html>
"""

app = Flask(__name__)
app.config["SECRET_KEY"] = "floor-secret-key"
app.jinja_env.loader = DictLoader({"question.html": TEMPLATE})
signer = URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="floor.progress")


def text(value, lang: str) -> str:
    return value.get(lang, value.get("de", "")) if isinstance(value, dict) else str(value or "")


def page(code: str, lang: str, screen: str, answers: dict, token: bool = True) -> str:
    question = QUESTIONS.get(screen)
    title, hint, choices, kind, number = text(DATA["title"], lang), "", [], "radio", 0
    if question:
        title, hint = text(question["text"], lang), text(question.get("hint"), lang)
        choices = [(str(c["code"]), text(c["text"], lang)) for c in question.get("choices", [])]
        kind = "checkbox" if question["type"] == "multiple" else "radio"
        number = ORDER.index(screen) + 1
    signed = signer.dumps({"answers": answers, "nonce": secrets.token_urlsafe(16)}) if token else ""
    return render_template(
        "question.html",
        lang=lang,
        code=code,
        title=title,
        hint=hint,
        choices=choices,
        kind=kind,
        selected=answers.get(screen, []),
        screen=screen,
        number=number,
        total=len(ORDER),
        token=signed,
        icon=ICON,
    )


@app.get("/s/<code>")
def choose_language(code: str) -> str:
    lang = request.accept_languages.best_match(["de", "en"]) or "de"
    return page(code, lang, "language", {})


@app.get("/s/<code>/start")
def start_in_chosen_language(code: str):
    return redirect(url_for("start", code=code, lang=request.args.get("lang", "de")))


@app.get("/s/<code>/<lang>")
def start(code: str, lang: str) -> str:
    return page(code, lang, "start", {})


@app.post("/s/<code>/<lang>")
def answer(code: str, lang: str) -> str:
    try:
        data = signer.loads(request.form.get("progress", ""), max_age=6 * 3600)
    except BadSignature:
        abort(400)
    answers = data["answers"]
    screen, nav = request.form.get("screen", "start"), request.form.get("nav", "next")
    if screen == "review":
        return page(code, lang, "thanks", answers, token=False) if nav == "submit" else abort(400)
    if screen in QUESTIONS and nav == "next":
        answers[screen] = request.form.getlist("answer")
    position = ORDER.index(screen) + 1 if screen in QUESTIONS else 0
    following = ORDER[position] if position < len(ORDER) else "review"
    return page(code, lang, following, answers)
