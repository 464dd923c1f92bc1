/* Family pages work without this file. With it:
   - "Vorlesen" buttons appear where a recording exists or the phone itself has a voice
     for the language (voices that would send the text to a server are never used),
     in place of a recording's own player; on the start, review and thank-you pages one
     button (made here, from the heading's data-say label) reads the heading and the
     page's paragraphs;
   - on a shared tablet (kiosk mode), a page brought back by the back button is replaced
     by the start, so the next person never sees the previous answers. */
(function () {
  "use strict";
  var body = document.body;
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && body.dataset.restart) {
      body.hidden = true;
      window.location.replace(body.dataset.restart);
    }
  });

  // The phone's Back button. Every screen is the answer to a sent form, so going back to
  // one would make the browser ask to send the form again ("Confirm Form Resubmission",
  // in the browser's language). Instead each screen turns its history entry into a plain
  // address and keeps its hidden fields there; arriving at it again (Back, Forward,
  // reload) sends them once more with "resume", which shows that screen as it was. A
  // form that was sent already only ever brings back the thank-you page.
  var history = window.history;
  var form = document.querySelector("form[data-resume]");
  var saved = history && history.state;
  if (saved && saved.mitsprache === 1 && window.fetch && window.URLSearchParams) {
    // In place of this address's own page, in the same history entry.
    body.hidden = true;
    var data = new URLSearchParams();
    data.append("progress", saved.progress);
    data.append("screen", saved.screen);
    data.append("nav", "resume");
    window.fetch(saved.action, { method: "POST", body: data, credentials: "omit" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        history.replaceState(null, "", window.location.href);
        document.open();
        document.write(html);
        document.close();
      }, function () { body.hidden = false; });
    return;
  }
  if (history && history.replaceState) {
    if (form) {
      history.replaceState({
        mitsprache: 1,
        action: form.action,
        progress: form.elements.progress.value,
        screen: form.elements.screen.value
      }, "", window.location.href);
    } else if (body.dataset.sent !== undefined) {
      history.replaceState(null, "", window.location.href);  // reloading: the start, never a resend
    }
  }

  // Free text: how many characters are left, as the family types (told to screen
  // readers once typing pauses). The server counts alike and refuses a longer text with
  // a message, keeping it in the box.
  var text = document.querySelector("textarea[data-max]");
  var count = document.getElementById("count");
  var spoken = document.getElementById("count-status");
  if (text && count) {
    var most = parseInt(text.dataset.max, 10);
    var pause = null;
    var counted = function () {
      var typed = text.value.replace(/\r\n?/g, "\n");
      var left = most - (Array.from ? Array.from(typed).length : typed.length);
      var words = left >= 0 ? count.dataset.left.replace("{count}", left)
        : count.dataset.over.replace("{count}", -left);
      count.textContent = words;
      count.className = left < 0 ? "count over" : "count";
      window.clearTimeout(pause);
      if (spoken) pause = window.setTimeout(function () { spoken.textContent = words; }, 1000);
    };
    count.hidden = false;
    text.addEventListener("input", counted);
    counted();
    window.clearTimeout(pause);  // nothing to announce before typing
  }

  var heading = document.querySelector("h1[data-say]");
  if (heading) {
    var made = document.createElement("button");
    made.type = "button";
    made.className = "read-aloud";
    made.hidden = true;
    made.dataset.lang = document.documentElement.lang;
    made.innerHTML = '<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">' +
      '<path d="M4 9h4l5-4v14l-5-4H4zM16 9a4 4 0 0 1 0 6M18.5 6.5a8 8 0 0 1 0 11"/></svg>' +
      '<span class="visually-hidden"></span>';
    made.lastChild.textContent = heading.dataset.say;
    made.said = [heading].concat(Array.prototype.slice.call(document.querySelectorAll("main > p")));
    heading.insertAdjacentElement("afterend", made);
  }
  var buttons = Array.prototype.slice.call(document.querySelectorAll("button.read-aloud"));
  if (!buttons.length) return;
  Array.prototype.forEach.call(document.querySelectorAll("audio.recording"), function (audio) {
    audio.hidden = true;  // the button plays it
  });
  var synth = window.speechSynthesis;
  var player = null;

  function baseLanguage(tag) {
    return String(tag || "").toLowerCase().split(/[-_]/)[0];
  }
  function localVoice(language) {
    if (!synth) return null;
    var wanted = baseLanguage(language);
    var voices = synth.getVoices();
    for (var i = 0; i < voices.length; i++) {
      if (voices[i].localService && baseLanguage(voices[i].lang) === wanted) return voices[i];
    }
    return null;
  }
  function reveal() {
    buttons.forEach(function (button) {
      if (button.dataset.audio || localVoice(button.dataset.lang)) button.hidden = false;
    });
  }
  function stop() {
    if (player) { player.pause(); player = null; }
    if (synth) synth.cancel();
  }
  function readAloud(button) {
    stop();
    if (button.dataset.audio) {
      player = new Audio(button.dataset.audio);
      player.play();
      return;
    }
    var said = button.said || [document.getElementById(button.dataset.read)];
    var voice = localVoice(button.dataset.lang);
    if (!said[0] || !voice) return;
    var utterance = new SpeechSynthesisUtterance(said.map(function (part) {
      var words = part.textContent.trim();  // each part ends as a sentence: a pause between them
      return /[.!?:\u061f\u2026]$/.test(words) ? words : words + ".";
    }).join(" "));
    utterance.lang = voice.lang;
    utterance.voice = voice;
    synth.speak(utterance);
  }
  buttons.forEach(function (button) {
    button.addEventListener("click", function () { readAloud(button); });
  });
  reveal();
  if (synth && synth.addEventListener) synth.addEventListener("voiceschanged", reveal);
})();
