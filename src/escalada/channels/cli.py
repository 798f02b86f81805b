"""``escalada channels``: poll X mentions, process webhook deliveries left pending."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Annotated

import typer
from rich.console import Console

from escalada.config import get_settings
from escalada.db import Database

channels_app = typer.Typer(help="Platform channels: polling and webhook deliveries.",
                           no_args_is_help=True)
err = Console(stderr=True)
out = Console()


def _db() -> Database:
    return Database.from_settings(get_settings())


@channels_app.command("poll-x")
def poll_x(
    account: Annotated[list[str], typer.Option("--account", help="X handle to poll (repeatable); default all")] = [],  # noqa: B006
    every: Annotated[float, typer.Option(help="Poll again every N seconds (0: once)")] = 0,
) -> None:
    """Fetch new mentions of connected X accounts from the v2 mentions timeline."""
    from escalada.channels.registry import http_client
    from escalada.channels.x_poll import poll_mentions

    db = _db()
    failed = False
    with http_client(db.settings or get_settings()) as client:
        while True:
            with err.status("polling X mentions"):
                results = poll_mentions(db, client=client, handles=tuple(account))
            if not results:
                err.print("no connected X account to poll")
            for r in results:
                if r.error:
                    failed = True
                    err.print(f"[red]@{r.handle}[/red]: {r.error}")
                else:
                    out.print(f"@{r.handle}: {r.posts} new mention(s) in {r.pages} page(s)")
            if every <= 0:
                break
            time.sleep(every)
    if failed:
        raise typer.Exit(1)


@channels_app.command("sweep")
def sweep_deliveries(
    older_than: Annotated[float, typer.Option(help="Only deliveries pending this many seconds")] = 60,
) -> None:
    """Process webhook deliveries a stopped server left pending."""
    from escalada.channels.webhooks.receipt import sweep

    count = sweep(_db(), older_than=timedelta(seconds=older_than))
    out.print(f"{count} pending webhook deliveries processed")


@channels_app.command("listen")
def listen_command() -> None:
    """Run every brand's enabled listening queries through X recent search once."""
    from escalada.channels.registry import http_client
    from escalada.listening.poll import listen

    db = _db()
    with http_client(db.settings or get_settings()) as client, err.status("listening on X"):
        results = listen(db, client=client)
    if not results:
        err.print("no brand has enabled listening queries and a connected X account")
    for r in results:
        if r.error:
            err.print(f"[red]{r.brand}[/red]: {r.error}")
        else:
            out.print(f"{r.brand}: {r.posts} post(s) for {r.query}")
