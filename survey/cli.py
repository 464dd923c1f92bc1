"""Commands: ``flask --app wsgi <command>``."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from survey.dates import today
from survey.extensions import db


@click.command("migrate")
@with_appcontext
def migrate_command() -> None:
    """Bring the database schema up to date (Alembic)."""
    from survey.migrations import upgrade

    upgrade(current_app.config["DATABASE_URL"])
    click.echo("database is up to date")


@click.command("load-districts")
@with_appcontext
def load_districts_command() -> None:
    """Add Berlin's districts and district regions (LOR 2021)."""
    from survey.services.geography import load_districts

    added = load_districts(db.session)
    db.session.commit()  # the command's one commit
    click.echo(f"{added} districts and district regions added")


@click.command("demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@with_appcontext
def demo_command(base_url: str) -> None:
    """Make sure the demo survey exists and is open; print each location's family link."""
    from survey.services.demo import DEMO_ACCOUNT, ensure_demo, ensure_demo_account

    base = base_url.rstrip("/")
    locations = ensure_demo(db.session, today(), with_answers=True)
    password = ensure_demo_account(db.session, today())
    db.session.commit()  # the command's one commit
    for location in locations:
        click.echo(f"  {location.name}: {base}/s/{location.code}")
    click.echo(
        f"Staff pages: {base}/staff/  (demo login {DEMO_ACCOUNT}, password {password}, new on every start)"
    )


@click.command("demo-data")
@click.option(
    "--questionnaire",
    "source",
    default="family_needs",
    show_default=True,
    help="a questionnaire of the ready library, or a YAML file",
)
@click.option("--responses", default=400, show_default=True, type=click.IntRange(1, 2_000_000))
@click.option(
    "--waves",
    default=2,
    show_default=True,
    type=click.IntRange(1, 10),
    help="closed waves, half a year apart, the latest ending a week ago",
)
@click.option("--district", default="08", show_default=True, help="2-digit LOR code (08: Neukölln)")
@click.option("--seed", default=1, show_default=True)
@with_appcontext
def demo_data_command(source: str, responses: int, waves: int, district: str, seed: int) -> None:
    """Add closed waves of synthetic answers (published and stored like real ones)."""
    from survey.services.demo import add_demo_waves

    added = add_demo_waves(db.session, source, responses, waves, district, seed, today())
    db.session.commit()  # the command's one commit
    for wave in added:
        click.echo(
            f"wave {wave.id}: {wave.name}, {responses} synthetic answers, "
            f"{wave.opens_on.isoformat()} – {wave.closes_on.isoformat()}"
        )


@click.command("check-questionnaire")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def check_questionnaire_command(path: Path) -> None:
    """Check a questionnaire file: every problem, then how complete each language is."""
    from questionnaires import FormatError, load_questionnaire

    try:
        questionnaire = load_questionnaire(path)
    except FormatError as error:
        for problem in error.problems:
            click.echo(f"  {problem}")
        raise SystemExit(f"{len(error.problems)} problem(s) in {path}") from None
    total = sum(1 for _ in questionnaire.texts())
    click.echo(f"{questionnaire.code}: {len(questionnaire.questions)} questions, {total} texts")
    for language in questionnaire.languages:
        missing = questionnaire.missing_texts(language)
        mark = (
            "complete"
            if not missing
            else f"{total - len(missing)}/{total}, missing: "
            + ", ".join(f"{where or 'questionnaire'} {field}" for where, field in missing[:5])
            + (" …" if len(missing) > 5 else "")
        )
        click.echo(f"  {language}: {mark}")


@click.command("import-xlsform")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--district", help="2-digit LOR code of the district whose draft it becomes (08: Neukölln)")
@click.option(
    "--language",
    default="de",
    show_default=True,
    help="the language of texts in columns that name none (label, hint)",
)
@click.option("--yaml", "yaml_out", type=click.Path(dir_okay=False, path_type=Path), help="write it as YAML")
@with_appcontext
def import_xlsform_command(path: Path, district: str | None, language: str, yaml_out: Path | None) -> None:
    """Read an XLSForm (.xlsx, .xls, .csv) as a questionnaire: list what did not map, and make
    it a draft of --district and/or write it as --yaml. Without either it only checks."""
    from sqlalchemy import select

    from questionnaires import questionnaire_from_dict
    from questionnaires.editing import check
    from questionnaires.export import to_yaml
    from questionnaires.xlsform import XLSFormError, read_xlsform
    from survey.models import District
    from survey.services.drafts import create_draft

    target = None
    if district is not None:
        target = db.session.scalar(select(District).filter_by(code=district))
        if target is None:
            raise click.ClickException(f"no district {district!r} (load-districts adds Berlin's)")
    try:
        result = read_xlsform(
            path.read_bytes(),
            name=path.name,
            assume_language=language,
            app_languages=current_app.config["LANGUAGES"],
        )
    except XLSFormError as error:
        for note in error.notes:
            click.echo(f"  {note}")
        raise SystemExit(f"{path} cannot become a questionnaire") from None
    for note in result.notes:
        click.echo(f"  {note}")
    data = result.data
    click.echo(
        f"{data['code']}: {len(data['questions'])} questions in {', '.join(data['languages'])}; "
        f"{len(result.notes)} note(s)"
    )
    if yaml_out is not None:
        if check(data).publishable:
            yaml_out.write_text(to_yaml(questionnaire_from_dict(data)), encoding="utf-8")
        else:
            import yaml

            yaml_out.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        click.echo(f"written to {yaml_out}")
    if target is not None:
        draft = create_draft(db.session, target.id, data, today())
        db.session.commit()
        click.echo(f"draft {draft.id} of {target.name}: /staff/questionnaires/drafts/{draft.id}")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", default="", help="shown in the staff pages (default: the e-mail address)")
@click.password_option(help="asked for when not given (at least 12 characters)")
@with_appcontext
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an administrator account (the first one, or another)."""
    from survey.models import Role
    from survey.services.accounts import AccountError, create_user

    try:
        user = create_user(
            db.session,
            email=email,
            name=name,
            password=password,
            role=Role.ADMIN,
            district=None,
            today=today(),
        )
    except AccountError as error:
        raise click.ClickException(f"no account created: {error.reason.replace('_', ' ')}") from None
    db.session.commit()  # the command's one commit
    click.echo(f"administrator {user.email} created; log in at /staff/login")


@click.command("retention")
@with_appcontext
def retention_command() -> None:
    """Delete the raw answers of closed waves past their retention period (their reports
    and published results stay) and old entries of the staff activity log. Meant for a
    daily timer."""
    from flask import current_app

    from survey.dates import now
    from survey.services.retention import compact, run_retention

    config = current_app.config
    deleted = run_retention(db.session, today(), now(), config["REPORT_K"], config["ACTIVITY_LOG_DAYS"])
    db.session.commit()  # the command's one commit
    if deleted:
        compact(db.engine)
    for done in deleted:
        click.echo(
            f"wave {done.wave.id} ({done.wave.name}): raw answers deleted, "
            f"{done.texts_kept} released texts kept"
        )
    if not deleted:
        click.echo("no wave is due")


@click.command("prepare-reports")
@with_appcontext
def prepare_reports_command() -> None:
    """Make each wave's next release where one is due and keep its report, so that the
    first reader need not wait. Meant for a timer (every few minutes)."""
    from flask import current_app

    from survey.services.reports import prepare_reports

    made = prepare_reports(db.session, today(), current_app.config["REPORT_K"])
    db.session.commit()  # the command's one commit
    click.echo(f"{made} reports made")


@click.command("data-protection")
@click.option("--district", "district_code", default="08", show_default=True, help="2-digit LOR code")
@click.option("--output", type=click.Path(dir_okay=False, writable=True), help="a file (default: print it)")
@with_appcontext
def data_protection_command(district_code: str, output: str | None) -> None:
    """Write the data-protection facts of this installation for a district as Markdown
    (for the record of processing activities), from the running configuration."""
    from flask import current_app, render_template
    from sqlalchemy import select

    from survey.models import District
    from survey.services.data_protection import facts

    district = db.session.scalar(select(District).filter_by(code=district_code))
    if district is None:
        raise click.ClickException(f"no district {district_code}")
    with current_app.test_request_context():
        text = render_template(
            "staff/data_protection.md", facts=facts(db.session, current_app.config, district, today())
        )
    if output:
        with open(output, "w", encoding="utf-8") as target:
            target.write(text)
        click.echo(f"written to {output}")
    else:
        click.echo(text)


commands = [
    migrate_command,
    load_districts_command,
    demo_command,
    demo_data_command,
    check_questionnaire_command,
    import_xlsform_command,
    create_admin_command,
    retention_command,
    prepare_reports_command,
    data_protection_command,
]
