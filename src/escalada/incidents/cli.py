"""``escalada incidents``: list incidents and finish updates left half-sent."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import func, select

incidents_app = typer.Typer(help="Incidents and their customer updates.", no_args_is_help=True)


@incidents_app.command("list")
def list_command(
    status: Annotated[list[str], typer.Option(help="suspected, confirmed, monitoring, resolved")] = [],  # noqa: B006
) -> None:
    """Incidents, newest first, with their linked conversations."""
    from escalada.cli import _cli_principal, _db, _fail, out
    from escalada.errors import EscaladaError
    from escalada.incidents import service

    table = Table("id", "brand", "status", "severity", "title", "conversations", "opened")
    try:
        with _db().unit_of_work() as session:
            for row in service.list_incidents(session, principal=_cli_principal(), statuses=tuple(status)):
                i = row.incident
                table.add_row(str(i.id), i.brand.slug, i.status, i.severity, i.title, str(row.conversations),
                              f"{i.created_at:%Y-%m-%d %H:%M}")
    except EscaladaError as exc:
        _fail(exc.message)
    out.print(table)


@incidents_app.command("resume")
def resume_command() -> None:
    """Finish every approved update whose sending was interrupted (crash, restart)."""
    from escalada.cli import _db, _progress, out
    from escalada.incidents.updates import fan_out
    from escalada.models import IncidentConversation, IncidentDelivery, IncidentUpdate

    db = _db()
    with db.unit_of_work() as session:
        pending = []
        for update in session.scalars(select(IncidentUpdate).where(IncidentUpdate.state == "sending")):
            linked = session.scalar(select(func.count()).select_from(IncidentConversation)
                                    .where(IncidentConversation.incident_id == update.incident_id))
            done = session.scalar(select(func.count()).select_from(IncidentDelivery)
                                  .where(IncidentDelivery.update_id == update.id))
            pending.append((update.id, update.incident_id, linked or 0, done or 0))
    if not pending:
        out.print("no update is waiting to be sent")
        return
    with _progress() as progress:
        for update_id, incident_id, linked, done in pending:
            task = progress.add_task(f"incident #{incident_id} update #{update_id}", total=linked,
                                     completed=done)
            written = fan_out(db, update_id,
                              after_batch=lambda n, t=task, d=done: progress.update(t, completed=d + n))
            progress.update(task, completed=done + written)
    out.print(f"resumed {len(pending)} update(s); the outbox delivers them at the platforms' pace")
