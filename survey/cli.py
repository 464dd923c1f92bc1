"""Commands: ``flask --app wsgi <command>``."""

from __future__ import annotations

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

    click.echo(f"{load_districts(db.session)} districts and district regions added")


@click.command("demo")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
@with_appcontext
def demo_command(base_url: str) -> None:
    """Make sure the demo survey exists and is open; print each location's family link."""
    from survey.services.demo import ensure_demo

    for location in ensure_demo(db.session, today()):
        click.echo(f"  {location.name}: {base_url.rstrip('/')}/s/{location.code}")


commands = [migrate_command, load_districts_command, demo_command]
