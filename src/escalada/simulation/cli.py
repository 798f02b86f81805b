"""``escalada simulate`` and ``escalada demo --export-arrivals``."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from escalada.errors import InvalidInput
from escalada.kit.clock import utc_now
from escalada.simulation.arrivals import ArrivalError, arrivals_from_demo, read_arrivals
from escalada.simulation.engine import STRATEGIES, simulate
from escalada.simulation.team_file import load_team_file

err = Console(stderr=True)


def export_demo_arrivals(path: Path, *, seed: int, volume: int, progress: Callable[[], Progress]) -> int:
    """Write yesterday's demo day as arrivals; returns how many."""
    from escalada.demo import generate_day

    dataset = generate_day(seed=seed, day=(utc_now() - timedelta(days=1)).date(), volume=volume)
    count = 0
    with progress() as bar, path.open("w", encoding="utf-8") as handle:
        task = bar.add_task("exporting arrivals", total=len(dataset.inbound))
        for record in arrivals_from_demo(dataset, seed=seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
            bar.advance(task)
    return count


def simulate_command(
    arrivals: Annotated[Path, typer.Argument(help="JSON Lines: triage inputs plus created_at and optional handle_seconds")],
    team: Annotated[Path, typer.Option(help="Team file (YAML); see examples/team.yaml")],
    strategy: Annotated[Optional[list[str]], typer.Option(
        help=f"Assignment strategy to replay (repeat for several): {', '.join(STRATEGIES)} or configured")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
    compose_seconds: Annotated[float, typer.Option(help="Seconds from pick-up to the first reply.")] = 60.0,
) -> None:
    """Replay a day of arrivals against a team: SLA attainment per tier per strategy, and Erlang C."""
    try:
        with arrivals.open(encoding="utf-8") as handle:
            items = read_arrivals(handle)
        team_file = load_team_file(team)
    except (ArrivalError, InvalidInput) as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    except OSError as exc:
        err.print(f"[red]error:[/red] cannot read {arrivals}: {exc.strerror}")
        raise typer.Exit(1) from None
    names = strategy or list(STRATEGIES)
    with Progress(console=err, transient=True) as bar:
        task = bar.add_task(f"replaying {len(items)} arrivals", total=len(names))
        try:
            result = simulate(items, team_file, strategies=names, compose_seconds=compose_seconds,
                              on_strategy=lambda _: bar.advance(task))
        except (ValueError, InvalidInput) as exc:
            err.print(f"[red]error:[/red] {exc}")
            raise typer.Exit(1) from None
    if as_json:
        sys.stdout.write(json.dumps(result, indent=2) + "\n")
        return
    table = Table(title=f"{len(items)} arrivals against {team.name}")
    for column in ("strategy", "tier 1", "tier 2", "tier 3", "first reply p50", "p90", "unanswered"):
        table.add_column(column)

    def pct(value: float | None) -> str:
        return "—" if value is None else f"{value:.1%}"

    def secs(value: float | None) -> str:
        return "—" if value is None else f"{value / 60:.1f} min"

    for name, figures in result["strategies"].items():
        a, f = figures["sla_attainment"], figures["first_response_seconds"]
        table.add_row(name, pct(a["1"]), pct(a["2"]), pct(a["3"]), secs(f["p50"]), secs(f["p90"]),
                      str(figures["unanswered"]))
    e = result["erlang_c"]["service_level"]
    table.add_row("Erlang C", pct(e.get("1")), pct(e.get("2")), pct(e.get("3")), "", "", "")
    Console().print(table)



def team_import_command(
    team: Annotated[Path, typer.Argument(help="Team file (YAML), e.g. examples/team.yaml")],
    status: Annotated[str, typer.Option(help="Availability to give every agent: online, away or offline")] = "online",
) -> None:
    """Create the file's teams and agents (users are created when missing; passwords printed once)."""
    from escalada.auth.principal import Principal
    from escalada.config import get_settings
    from escalada.db import Database
    from escalada.routing.import_team import import_team_file

    if status not in ("online", "away", "offline"):
        err.print("[red]error:[/red] status is online, away or offline")
        raise typer.Exit(1)
    try:
        team_file = load_team_file(team)
        with Database.from_settings(get_settings()).unit_of_work() as session:
            imported = import_team_file(session, team_file, principal=Principal(role="admin", label="cli"),
                                        status=status)
    except InvalidInput as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(1) from None
    table = Table(title=f"{len(imported)} agents from {team.name}")
    for column in ("name", "email", "new password"):
        table.add_column(column)
    for agent in imported:
        table.add_row(agent.name, agent.email, agent.password or "(existing user)")
    Console().print(table)
