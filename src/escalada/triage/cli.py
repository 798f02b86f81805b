"""``escalada triage [FILE|-]``, ``escalada triage train`` and ``escalada triage eval``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from typer.core import TyperGroup

err = Console(stderr=True)


class _RunByDefault(TyperGroup):
    """``escalada triage FILE`` keeps working: anything but a sub-command name means ``run``."""

    def parse_args(self, ctx, args):  # noqa: ANN001, ANN201
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "-h")):
            args = ["run", *args]
        return super().parse_args(ctx, args)


triage_app = typer.Typer(
    cls=_RunByDefault,
    help="Triage messages (JSON Lines in, JSON Lines out), train and evaluate the model.",
)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=err, transient=False,
    )


@triage_app.command("run")
def run_command(
    file: Annotated[str, typer.Argument(help="JSON Lines file, or - for standard input")] = "-",
    policy: Annotated[
        Path | None, typer.Option(help="A brand's triage policy as JSON (see docs/triage.md).")
    ] = None,
    batch: Annotated[
        int | None,
        typer.Option(
            min=1,
            help="Messages triaged together (faster per message); 1 answers each line at "
            "once. Default: 256, or 1 when typing into a terminal.",
        ),
    ] = None,
    mode: Annotated[
        str | None,
        typer.Option(help="fast, or accurate (sentence embeddings; the [accurate] extra). "
                     "Default: ESCALADA_TRIAGE_MODE, else fast."),
    ] = None,
) -> None:
    """Triage JSON Lines (id, text, channel, visibility, author) into JSON Lines, in order."""
    from . import DEFAULT_POLICY, policy_from_json, run_jsonl
    from .jsonl import BATCH

    _use_mode(mode)

    brand_policy = DEFAULT_POLICY
    if policy is not None:
        try:
            brand_policy = policy_from_json(policy.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            err.print(f"[red]error:[/red] policy {policy}: {error}")
            raise typer.Exit(1) from None

    write = sys.stdout.write
    if file == "-":
        size = batch or (1 if sys.stdin.isatty() else BATCH)
        errors = run_jsonl(sys.stdin, lambda line: write(line + "\n"), brand_policy, size)
    else:
        path = Path(file)
        if not path.is_file():
            err.print(f"[red]error:[/red] {file} is not a file")
            raise typer.Exit(1)
        total = sum(1 for _ in path.open(encoding="utf-8", errors="replace"))
        with _progress() as progress, path.open(encoding="utf-8", errors="replace") as handle:
            task = progress.add_task(f"triaging {path.name}", total=total)

            def lines():  # noqa: ANN202
                for line in handle:
                    yield line
                    progress.advance(task)

            errors = run_jsonl(lines(), lambda line: write(line + "\n"), brand_policy,
                               batch or BATCH)
    if errors:
        err.print(f"{errors} line(s) could not be triaged; see their 'error' field")


def _use_mode(mode: str | None, threads: int | None = None) -> None:
    """Make ``mode`` (or the configured one) this run's; exit with the reason if it cannot run."""
    from . import accurate

    try:
        accurate.configure(accurate.resolve_mode(mode), threads)
    except (ValueError, accurate.AccurateModeUnavailable) as error:
        err.print(f"[red]error:[/red] {escape(str(error))}")
        raise typer.Exit(2) from None


@triage_app.command("train")
def train_command(
    out: Annotated[
        Path | None, typer.Option(help="Folder to write the model to (default: the package's).")
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same file.")] = 0,
    accurate: Annotated[
        bool, typer.Option(help="Train the accurate mode's heads (needs the [accurate] extra).")
    ] = False,
    threads: Annotated[
        int, typer.Option(min=1, help="CPU threads for the embedding model (--accurate).")
    ] = 1,
    tier_only: Annotated[
        bool, typer.Option("--tier-only", help="Only the tier model (the category model stays).")
    ] = False,
) -> None:
    """Train the shipped models: the category model from the own labelled data and the
    licensed public sets, then the tier model from the labelled corpus (it reads the
    category model's scores, so it is trained after it)."""
    from .datasets import missing_training_sources
    from .model import model_dir
    from .train import SEED, train_and_save

    name, train = "triage", train_and_save
    if accurate:
        _use_mode("accurate", threads)
        from .train_accurate import train_and_save as train_accurate

        name, train = "triage-accurate", train_accurate

    missing = missing_training_sources()
    if missing:
        err.print(f"[yellow]not found in shared/data, left out: {', '.join(missing)}[/yellow]")
    target = out or Path(str(model_dir()))
    with _progress() as progress:
        tasks: dict[str, int] = {}

        def report(stage: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = progress.add_task(stage, total=total)
            progress.update(tasks[stage], completed=done)

        if not tier_only:
            meta = train(target, seed=seed or SEED, progress=report)
            err.print(f"wrote {name}-{meta['version']} to {target} from {meta['examples']}")
        if not accurate:
            from .tier_train import SEED as TIER_SEED
            from .tier_train import train_tier_and_save

            meta = train_tier_and_save(target, seed=seed or TIER_SEED, progress=report)
            figures = meta["cross_validation"]
            err.print(f"wrote tier-{meta['version']} to {target} from {meta['examples']}; "
                      f"out of fold: tier accuracy {figures['tier_accuracy']:.1%}, "
                      f"tier-3 recall {figures['tier3_recall']:.1%}, executive F1 {figures['executive_f1']:.2f}")


@triage_app.command("eval")
def eval_command(
    quick: Annotated[bool, typer.Option(help="Fewer folds and samples (for a smoke run).")] = False,
    tiers_only: Annotated[bool, typer.Option("--tiers-only", help="Only the tier tables.")] = False,
    worst: Annotated[int, typer.Option(help="List this many of the costliest errors per set.")] = 0,
    mode: Annotated[Optional[str], typer.Option(help="fast or accurate; default: both when installed.")] = None,  # noqa: UP007
) -> None:
    """Print the tier tables (real, separately written and ten-language sets), then the
    benchmark tables (public sets next to published figures, own held-out set)."""
    from .accurate import AccurateModeUnavailable, require_accurate
    from .datasets import shared_data_dir
    from .evaluate_tiers import print_report

    modes = [mode] if mode else ["fast", "accurate"]
    for each in modes:
        if each == "accurate":
            try:
                require_accurate()
            except AccurateModeUnavailable as error:
                err.print(f"accurate mode skipped: {escape(str(error))}")
                continue
        print_report(mode=each, shared_dir=shared_data_dir(), worst=worst)
    if tiers_only:
        raise typer.Exit(0)
    from .evaluate import main

    raise typer.Exit(main(quick=quick))
