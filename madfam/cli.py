"""Operational commands: flask create-user, seed-demo, translate, generate-key, worker,
jobs sweep, rotate-keys, assessments abandon, retention.

Commands parse their arguments and report; the work happens in services (or, for
background work run by hand, in the job functions).
"""

from __future__ import annotations

import secrets
import subprocess
import sys
from pathlib import Path

import click
from cryptography.fernet import Fernet
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from redis import Redis
from rq import Queue, Worker

from madfam.enums import UserRole
from madfam.i18n import EXTRACT_IGNORE_DIRS, EXTRACT_KEYWORDS
from madfam.jobs import QUEUE_NAME, fresh_connections_in_forks
from madfam.jobs.assessments import abandon_idle_assessments
from madfam.jobs.sweep import start_periodic_sweep, sweep
from madfam.rules.passwords import MAX_LENGTH, MIN_LENGTH, PasswordProblem, password_problem
from madfam.services import demo, users
from madfam.services.booking.reminders import reminders_job
from madfam.services.integrations import rotate_keys as rotate_integration_keys
from madfam.services.retention import apply_retention

PASSWORD_PROBLEMS = {
    PasswordProblem.TOO_SHORT: f"must be at least {MIN_LENGTH} characters",
    PasswordProblem.TOO_LONG: f"must be at most {MAX_LENGTH} characters",
    PasswordProblem.COMMON: "is a commonly used password; choose one that is harder to guess",
}


def init_cli(app: Flask) -> None:
    app.cli.add_command(create_user)
    app.cli.add_command(seed_demo)
    app.cli.add_command(generate_key)
    app.cli.add_command(translate)
    app.cli.add_command(worker)
    app.cli.add_command(jobs_group)
    app.cli.add_command(rotate_keys)
    app.cli.add_command(assessments)
    app.cli.add_command(retention)


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    type=click.Choice([r.value for r in UserRole], case_sensitive=False),
    default="VIEWER",
    show_default=True,
)
@click.option("--name", default=None, help="Display name.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (scripts)."
)
def create_user(email: str, role: str, name: str | None, password_stdin: bool) -> None:
    """Create a staff user, or update the role and password of an existing one."""
    try:
        email = validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="EMAIL") from None
    if password_stdin or not sys.stdin.isatty():
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    problem = password_problem(password)
    if problem is not None:
        raise click.BadParameter(PASSWORD_PROBLEMS[problem], param_hint="password")
    user, created = users.create_or_update_user(email, password, UserRole(role.upper()), name)
    click.echo(f"{'Created' if created else 'Updated'} {user.role.value} {email}")


@click.command("seed-demo")
def seed_demo() -> None:
    """Load realistic demo data and a demo admin. Running it again adds nothing."""
    password = secrets.token_urlsafe(12)
    counts = demo.seed(admin_password=password)
    for name, count in counts.items():
        click.echo(f"  {name}: {count} added")
    click.echo(f"Demo admin: {demo.DEMO_ADMIN_EMAIL}  password: {password}")
    click.echo("Sign in at /admin/login")


@click.command("generate-key")
def generate_key() -> None:
    """Print a new Fernet key for ENCRYPTION_KEYS."""
    click.echo(Fernet.generate_key().decode())


@click.group("translate")
def translate() -> None:
    """Translation catalogues: extract, update, compile (wraps pybabel)."""


def _pybabel(*args: str) -> None:
    root = Path(current_app.root_path).parent
    cmd = [sys.executable, "-m", "babel.messages.frontend", *args]
    subprocess.run(cmd, cwd=root, check=True)


@translate.command("extract")
def translate_extract() -> None:
    """Collect translatable strings into madfam/translations/messages.pot."""
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        *(arg for keyword in EXTRACT_KEYWORDS for arg in ("-k", keyword)),
        "--add-comments=TRANSLATORS:",
        f"--ignore-dirs={EXTRACT_IGNORE_DIRS}",
        "--no-location",
        "--sort-output",
        "-o",
        "madfam/translations/messages.pot",
        "madfam",
    )


@translate.command("update")
def translate_update() -> None:
    """Merge new strings from messages.pot into every language's catalogue."""
    _pybabel(
        "update",
        "-i",
        "madfam/translations/messages.pot",
        "-d",
        "madfam/translations",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )


@translate.command("compile")
def translate_compile() -> None:
    """Compile catalogues (the app also does this at start when they changed)."""
    _pybabel("compile", "-d", "madfam/translations", "--statistics")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Exit once the queue is empty.")
def worker(burst: bool) -> None:
    """Run an RQ worker whose jobs execute inside this app's context."""
    url = current_app.config["REDIS_URL"]
    if not url:
        raise click.UsageError("REDIS_URL is not set; without it jobs run in-process")
    # The work horse is a fork: it must not share the parent's database connections.
    fresh_connections_in_forks()
    connection = Redis.from_url(url)
    if not burst:  # the periodic sweep re-enqueues anything left pending (see jobs/sweep.py)
        start_periodic_sweep(
            connection,
            Queue(QUEUE_NAME, connection=connection),
            current_app.config["SWEEP_INTERVAL_SECONDS"],
            also=(reminders_job,),
        )
    Worker([QUEUE_NAME], connection=connection).work(burst=burst, with_scheduler=True)


@click.group("jobs")
def jobs_group() -> None:
    """Background jobs: the outbox sweep."""


@jobs_group.command("sweep")
def jobs_sweep() -> None:
    """Re-enqueue emails and webhooks left pending (or stuck mid-send by a dead worker)."""
    counts = sweep()
    click.echo(", ".join(f"{name}: {count} re-enqueued" for name, count in counts.items()))


@click.command("rotate-keys")
def rotate_keys() -> None:
    """Re-encrypt every stored integration secret with the newest ENCRYPTION_KEYS key."""
    count = rotate_integration_keys()
    click.echo(f"Re-encrypted the secrets of {count} integrations with the newest key")


@click.group("assessments")
def assessments() -> None:
    """AI-readiness assessment housekeeping."""


@assessments.command("abandon")
@click.option(
    "--hours",
    type=click.FloatRange(min=0),
    default=None,
    help="Idle hours before a started assessment is abandoned [default: ABANDON_AFTER_HOURS].",
)
def assessments_abandon(hours: float | None) -> None:
    """Mark started assessments without answers for a while ABANDONED (answers are kept)."""
    hours = current_app.config["ABANDON_AFTER_HOURS"] if hours is None else hours
    marked = abandon_idle_assessments(hours)
    click.echo(f"Marked {marked} assessment(s) idle for {hours:g}+ hours as abandoned")


@click.command("retention")
@click.option(
    "--analytics-days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep analytics events this many days [default: ANALYTICS_RETENTION_DAYS].",
)
@click.option(
    "--abandoned-days",
    type=click.IntRange(min=1),
    default=None,
    help="Keep abandoned assessments this many days [default: ABANDONED_RETENTION_DAYS].",
)
def retention(analytics_days: int | None, abandoned_days: int | None) -> None:
    """Delete analytics events, abandoned assessments and expired sessions past retention,
    and reduce finished emails and webhook deliveries to their metadata."""
    for name, count in apply_retention(analytics_days, abandoned_days).items():
        click.echo(f"  {name}: {count} {'reduced' if name.endswith('_reduced') else 'deleted'}")
