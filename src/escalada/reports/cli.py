"""``escalada reports``: fill or recompute the conversation facts the report pages read."""

from __future__ import annotations

from typing import Annotated

import typer

reports_app = typer.Typer(help="Report facts behind the report pages.", no_args_is_help=True)


@reports_app.command("rebuild")
def rebuild_command(
    everything: Annotated[bool, typer.Option("--all", help="Recompute every conversation, not only "
                                             "those missing, changed or measured under other SLA policies "
                                             "or another reporting time zone")]
    = False,
) -> None:
    """Measure conversations into report facts (backfill after an upgrade or an SLA policy change).

    Reports recompute what they are missing on their own; this does it ahead of time, in
    batches that each commit, so it can be interrupted and run again.
    """
    from escalada.cli import _db, _progress, out
    from escalada.reports import facts

    with _progress() as progress:
        task = progress.add_task("measuring conversations", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        written = facts.rebuild(_db(), everything=everything, progress=advance)
    out.print(f"{written} conversation(s) measured into report facts")
