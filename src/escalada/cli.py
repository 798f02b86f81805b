"""The ``escalada`` command: one sub-command group per feature."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from escalada.channels.cli import channels_app
from escalada.config import get_settings
from escalada.db import Database
from escalada.incidents.cli import incidents_app
from escalada.reports.cli import reports_app
from escalada.staffing.cli import staffing_command
from escalada.triage.cli import triage_app

app = typer.Typer(help="Escalada: social customer care and escalation management.", no_args_is_help=True)
user_app = typer.Typer(help="People who sign in.", no_args_is_help=True)
token_app = typer.Typer(help="API tokens for integrations.", no_args_is_help=True)
brand_app = typer.Typer(help="Brands and their platform accounts.", no_args_is_help=True)
import_app = typer.Typer(help="Import public datasets.", no_args_is_help=True)
app.add_typer(user_app, name="user")
app.add_typer(token_app, name="token")
app.add_typer(brand_app, name="brand")
app.add_typer(import_app, name="import")
app.add_typer(incidents_app, name="incidents")
app.add_typer(channels_app, name="channels")
app.add_typer(reports_app, name="reports")

app.command("staffing")(staffing_command)
app.add_typer(triage_app, name="triage")

out = Console()
err = Console(stderr=True)


def _db() -> Database:
    return Database.from_settings(get_settings())


def _cli_principal():  # noqa: ANN202
    from escalada.auth.principal import Principal

    return Principal(role="admin", label="cli")


def _fail(message: str) -> None:
    err.print(f"[red]error:[/red] {message}")
    raise typer.Exit(1)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=False,
    )


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    from escalada import migrate as migrations

    db = _db()
    migrations.upgrade(db.engine)
    out.print(f"database at {db.engine.url.render_as_string(hide_password=True)} is up to date")


@app.command()
def setup(
    demo: Annotated[bool, typer.Option(help="Load a day of demo traffic into an empty inbox.")] = False,
) -> None:
    """Migrate, create the first admin (credentials printed once) and optionally load demo data."""
    from escalada import migrate as migrations
    from escalada.auth.service import ensure_admin
    from escalada.models import Conversation

    settings = get_settings()
    db = _db()
    migrations.upgrade(db.engine)
    with db.unit_of_work() as session:
        admin, generated = ensure_admin(session, email=settings.admin_email, password=settings.admin_password)
        email = admin.email
        empty = session.query(Conversation.id).first() is None
    if generated:
        out.print(f"[bold]Admin account created[/bold]: {email} / password: [bold]{generated}[/bold]")
        out.print("This password is shown once. Set ESCALADA_ADMIN_PASSWORD to choose your own.")
    else:
        out.print(f"admin account: {email}")
    if demo and empty:
        _load_demo(db, seed=7, volume=600)


def served_url(host: str, port: int) -> str:
    """The address a browser on this machine reaches ``escalada serve`` at."""
    if host in ("0.0.0.0", "::", ""):
        host = "127.0.0.1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


@app.command()
def serve(
    host: str = "127.0.0.1",
    port: int = 8000,
    reload: Annotated[bool, typer.Option(help="Restart on code changes (development).")] = False,
) -> None:
    """Serve the web UI and API."""
    import os

    from escalada.presence.live import run_server

    public = os.environ.setdefault("ESCALADA_PUBLIC_URL", served_url(host, port))
    get_settings.cache_clear()
    out.print(f"Escalada on http://{host}:{port}  (API docs at /docs); links in messages use {public}")
    run_server("escalada.app:create_app", factory=True, host=host, port=port, reload=reload,
               proxy_headers=True, log_level="info", timeout_graceful_shutdown=10)


@user_app.command("create")
def user_create(
    email: str,
    role: Annotated[str, typer.Option(help="agent, senior_agent, escalation_manager, lead or admin")],
    name: Annotated[str, typer.Option(help="Display name")] = "",
    password: Annotated[Optional[str], typer.Option(help="Prompted for when omitted")] = None,  # noqa: UP007
) -> None:
    """Create a person who can sign in."""
    from escalada.auth.service import create_user
    from escalada.errors import EscaladaError

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        with _db().unit_of_work() as session:
            user = create_user(session, email=email, name=name or email, role=role, password=password,
                               actor=_cli_principal())
            out.print(f"created {user.role} {user.email}")
    except EscaladaError as exc:
        _fail(exc.message)


def _user_by_email(session, email: str):  # noqa: ANN001, ANN202
    from sqlalchemy import select

    from escalada.models import User

    user = session.scalar(select(User).where(User.email == email.strip().lower()))
    if user is None:
        _fail(f"no user with email {email}")
    return user


def _edit_user(email: str, **changes: object) -> None:
    from escalada.auth.service import update_user
    from escalada.errors import EscaladaError

    try:
        with _db().unit_of_work() as session:
            user = update_user(session, user_id=_user_by_email(session, email).id, actor=_cli_principal(),
                               **changes)  # type: ignore[arg-type]
            state = "active" if user.is_active else "deactivated (signed out)"
            out.print(f"{user.email}: {user.role}, {state}")
    except EscaladaError as exc:
        _fail(exc.message)


@user_app.command("list")
def user_list() -> None:
    """Everyone who can (or could) sign in."""
    from escalada.auth.service import list_users

    with _db().unit_of_work(read_only=True) as session:
        table = Table("id", "email", "name", "role", "active", "last sign-in")
        for u in list_users(session):
            table.add_row(str(u.id), u.email, u.name, u.role, "yes" if u.is_active else "no",
                          u.last_login_at.isoformat(timespec="minutes") if u.last_login_at else "never")
        out.print(table)


@user_app.command("set-role")
def user_set_role(email: str, role: str) -> None:
    """Give someone another role (their sessions end)."""
    _edit_user(email, role=role)


@user_app.command("deactivate")
def user_deactivate(email: str) -> None:
    """Stop someone signing in; their sessions end at once."""
    _edit_user(email, is_active=False)


@user_app.command("activate")
def user_activate(email: str) -> None:
    """Let a deactivated person sign in again."""
    _edit_user(email, is_active=True)


@user_app.command("reset-password")
def user_reset_password(
    email: str,
    password: Annotated[Optional[str], typer.Option(help="Prompted for when omitted")] = None,  # noqa: UP007
) -> None:
    """Set a new password for someone (their sessions end)."""
    from escalada.auth.service import reset_password
    from escalada.errors import EscaladaError

    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    try:
        with _db().unit_of_work() as session:
            user = reset_password(session, user_id=_user_by_email(session, email).id, password=password,
                                  actor=_cli_principal())
            out.print(f"new password set for {user.email}; their sessions have ended")
    except EscaladaError as exc:
        _fail(exc.message)


@token_app.command("create")
def token_create(
    name: str,
    role: Annotated[str, typer.Option(help="The role the token acts with")] = "lead",
) -> None:
    """Create an API token and print it once (only its hash is stored)."""
    from escalada.auth.service import create_token
    from escalada.errors import EscaladaError

    try:
        with _db().unit_of_work() as session:
            token, plain = create_token(session, name=name, role=role, actor=_cli_principal())
    except EscaladaError as exc:
        _fail(exc.message)
    err.print(f"token {token.name!r} ({token.role}) created; it will not be shown again:")
    print(plain)


@token_app.command("list")
def token_list() -> None:
    """List API tokens (never their secrets)."""
    from escalada.auth.service import list_tokens

    table = Table("id", "name", "role", "starts with", "created", "last used", "revoked")
    with _db().unit_of_work() as session:
        for t in list_tokens(session):
            table.add_row(str(t.id), t.name, t.role, t.prefix + "…", f"{t.created_at:%Y-%m-%d %H:%M}",
                          f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "never",
                          f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "")
    out.print(table)


@token_app.command("revoke")
def token_revoke(token_id: int) -> None:
    """Revoke an API token; requests with it are refused from now on."""
    from escalada.auth.service import revoke_token
    from escalada.errors import EscaladaError

    try:
        with _db().unit_of_work() as session:
            token = revoke_token(session, token_id=token_id, actor=_cli_principal())
            out.print(f"revoked token {token.id} ({token.name})")
    except EscaladaError as exc:
        _fail(exc.message)


@brand_app.command("create")
def brand_create(slug: str, name: Annotated[str, typer.Option()] = "") -> None:
    """Create a brand."""
    from escalada.brands.service import create_brand
    from escalada.errors import EscaladaError

    try:
        with _db().unit_of_work() as session:
            brand = create_brand(session, slug=slug, name=name or slug, actor=_cli_principal())
            out.print(f"created brand {brand.slug}")
    except EscaladaError as exc:
        _fail(exc.message)


@brand_app.command("add-account")
def brand_add_account(slug: str, platform: str, handle: str) -> None:
    """Connect a platform account (e.g. x @AcmeHelp) to a brand."""
    from escalada.brands.service import add_account, get_brand
    from escalada.errors import EscaladaError

    try:
        with _db().unit_of_work() as session:
            brand = get_brand(session, slug=slug)
            account = add_account(session, brand=brand, platform=platform, handle=handle,
                                  actor=_cli_principal())
            out.print(f"connected {platform} @{account.display_handle} to {brand.slug}")
    except EscaladaError as exc:
        _fail(exc.message)


@brand_app.command("list")
def brand_list() -> None:
    """List brands and their accounts."""
    from escalada.brands.service import list_brands

    table = Table("slug", "name", "accounts")
    with _db().unit_of_work() as session:
        for b in list_brands(session):
            table.add_row(b.slug, b.name, ", ".join(f"{a.platform}:@{a.display_handle}" for a in b.accounts))
    out.print(table)


def _run_import(importer, file: Path):  # noqa: ANN001, ANN202
    """Run a dataset importer with a progress bar; a bad file ends with its reason."""
    from escalada.errors import EscaladaError

    try:
        with _progress() as progress:
            task = progress.add_task(f"importing {file.name}", total=None)
            return importer(
                _db(), file, settings=get_settings(),
                on_progress=lambda done, total: progress.update(task, completed=done, total=total),
            )
    except EscaladaError as exc:
        _fail(exc.message)


def _print_import(report, read: str) -> None:  # noqa: ANN001
    out.print(
        f"{read}: {report.created} customer messages, "
        f"{report.replies} brand replies, {report.duplicates} already stored, "
        f"{len(report.rejected)} rejected; {report.brands_created} brands created"
    )
    for tweet_id, reason in report.rejected[:20]:
        err.print(f"  rejected {tweet_id}: {reason}")
    if len(report.rejected) > 20:
        err.print(f"  … and {len(report.rejected) - 20} more")


@import_app.command("twcs")
def import_twcs_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import a Customer Support on Twitter CSV (twcs.csv or a sample of it)."""
    from escalada.channels.importers.twcs import import_twcs

    report = _run_import(import_twcs, file)
    _print_import(report, f"{report.rows} rows, {report.threads} threads")


@import_app.command("ibm")
def import_ibm_command(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True)],
) -> None:
    """Import IBM's Twitter customer-care conversations (dev.json or test.json)."""
    from escalada.channels.importers.ibm_cdp import import_ibm

    report = _run_import(import_ibm, file)
    _print_import(report, f"{report.threads} conversations, {report.rows} turns")


def _load_demo(db: Database, *, seed: int, volume: int) -> None:
    from escalada.demo.load import load_demo

    with _progress() as progress:
        task = progress.add_task("loading demo day", total=None)
        summary = load_demo(
            db, seed=seed, volume=volume,
            on_progress=lambda done, total: progress.update(task, completed=done, total=total),
        )
    out.print(summary.describe())
    from escalada.replies.demo import seed_workspace

    with db.unit_of_work() as session:
        seed_workspace(session)


@app.command()
def demo(
    seed: Annotated[int, typer.Option(help="Same seed, same day of traffic.")] = 7,
    volume: Annotated[int, typer.Option(help="About how many inbound messages.")] = 600,
    export_arrivals: Annotated[Optional[Path], typer.Option(
        help="Write the day as arrivals (JSON Lines for `escalada simulate`) instead of loading it.")] = None,
) -> None:
    """Load a realistic day of social traffic for a few brands (ending now)."""
    if export_arrivals is not None:
        from escalada.simulation.cli import export_demo_arrivals

        count = export_demo_arrivals(export_arrivals, seed=seed, volume=volume, progress=_progress)
        err.print(f"wrote {count} arrivals to {export_arrivals}")
        return
    _load_demo(_db(), seed=seed, volume=volume)


from escalada.simulation.cli import simulate_command, team_import_command  # noqa: E402

app.command("simulate")(simulate_command)
team_app = typer.Typer(help="Teams and agents for routing.", no_args_is_help=True)
team_app.command("import")(team_import_command)
app.add_typer(team_app, name="team")

