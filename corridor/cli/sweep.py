"""``corridor sweep SPEC``: many portfolios and parameter sets, locally or on Dask."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from corridor.cli.options import add_format, add_model, add_progress, command, open_study
from geo.errors import InputError


def register(commands: Any) -> None:
    """Add ``sweep`` to the subcommands."""
    parser = command(
        commands,
        "sweep",
        "evaluate many portfolios and parameter sets (a TOML sweep file), locally or on Dask",
        run,
    )
    parser.add_argument("spec", metavar="SPEC", type=Path, help="sweep file (TOML)")
    add_model(parser, scenario=False)
    parser.add_argument(
        "-o", "--output", type=Path, default=None, metavar="FILE",
        help="write the table as CSV (atomically); a journal FILE.journal.jsonl beside it "
        "makes an interrupted run resume",
    )  # fmt: skip
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="local processes (default 1)"
    )
    parser.add_argument(
        "--dask", default=None, metavar="ADDRESS",
        help="run on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786)",
    )  # fmt: skip
    parser.add_argument(
        "--batch", type=int, default=None, metavar="N", help="tasks per batch (default: auto)"
    )
    add_progress(parser)
    add_format(parser, ("table", "csv", "json"), manifest=False)


def run(args: argparse.Namespace) -> int:
    """Run ``Study.sweep``; write the CSV or print the table."""
    from corridor.cli.options import print_frame
    from geo.atomic import atomic_path, check_folder

    if args.dask and args.workers != 1:
        raise InputError("give --workers or --dask, not both (Dask has its own workers)")
    if args.batch is not None and args.batch < 1:
        raise InputError(f"--batch {args.batch}: give 1 or more")
    journal = None
    if args.output is not None:
        check_folder(args.output)
        journal = args.output.with_name(args.output.name + ".journal.jsonl")
    study = open_study(args)
    start = time.perf_counter()
    frame = study.sweep(
        args.spec,
        workers=args.workers,
        dask=args.dask,
        journal=journal,
        batch_size=args.batch,
        modes=args.modes,
        basis=args.basis,
    )
    seconds = time.perf_counter() - start
    if args.output is None:
        title = f"{study.name} · sweep of {len(frame)} tasks ({seconds:.1f} s)"
        shown = frame.drop(columns="key", errors="ignore")
        if args.format == "table":  # the project lists are for the CSV and JSON
            shown = shown.drop(columns="projects", errors="ignore")
        print_frame(args, shown, title, {"tasks": len(frame)})
        return 0
    from geo.plain import safe_frame

    with atomic_path(args.output) as tmp:
        safe_frame(frame).to_csv(tmp, index=False, float_format="%.6f")
    if journal is not None:
        journal.unlink(missing_ok=True)
    print(f"{args.output}: {len(frame)} tasks ({seconds:.1f} s)")
    return 0


__all__ = ["register", "run"]
