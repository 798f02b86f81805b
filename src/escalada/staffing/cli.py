"""``escalada staffing``: agents needed for a load and a service target."""

from __future__ import annotations

import json
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from escalada.staffing.erlang import agents_for_target
from escalada.staffing.erlang_a import agents_for_target_a


def staffing_command(
    arrivals_per_hour: Annotated[float, typer.Option(help="Expected conversations per hour.", min=0)],
    aht_seconds: Annotated[float, typer.Option(help="Average handle time in seconds.", min=0)],
    answer_within_seconds: Annotated[float, typer.Option(help="Target answer time in seconds.", min=0)],
    service_level: Annotated[float, typer.Option(
        help="Share to answer within the target: 0.8 or 80 for 80%.", min=0)],
    patience_seconds: Annotated[Optional[float], typer.Option(  # noqa: UP007
        help="Mean customer patience: use Erlang A (with abandonment) instead of Erlang C.")] = None,
    max_occupancy: Annotated[float, typer.Option(help="Cap on agent occupancy, e.g. 0.85.")] = 1.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Smallest number of agents meeting a service target (Erlang C, or Erlang A with --patience-seconds)."""
    target = service_level / 100 if service_level > 1 else service_level
    try:
        if patience_seconds is None:
            result = agents_for_target(
                arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds,
                answer_within_seconds=answer_within_seconds, service_level=target,
                max_occupancy=max_occupancy)
            model = "Erlang C"
        else:
            result = agents_for_target_a(
                arrivals_per_hour=arrivals_per_hour, aht_seconds=aht_seconds,
                patience_seconds=patience_seconds, answer_within_seconds=answer_within_seconds,
                service_level=target, max_occupancy=max_occupancy)
            model = "Erlang A"
    except ValueError as exc:
        Console(stderr=True).print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from exc
    figures = result.as_dict()
    if as_json:
        print(json.dumps(figures))
        return
    table = Table(title=f"{model}: {arrivals_per_hour:g}/h, AHT {aht_seconds:g} s, "
                        f"{target:.0%} within {answer_within_seconds:g} s")
    table.add_column("figure")
    table.add_column("value", justify="right")
    labels = {
        "agents": ("agents", "{}"),
        "service_level": ("service level", "{:.1%}"),
        "occupancy": ("occupancy", "{:.1%}"),
        "average_speed_of_answer_seconds": ("average speed of answer", "{:.1f} s"),
        "probability_of_wait": ("share who wait", "{:.1%}"),
        "abandonment": ("share who abandon", "{:.1%}"),
        "traffic_erlangs": ("offered load", "{:.2f} Erlangs"),
    }
    for key, value in figures.items():
        label, fmt = labels[key]
        table.add_row(label, fmt.format(value))
    Console().print(table)
