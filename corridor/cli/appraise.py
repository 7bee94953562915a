"""``corridor appraise``: NPV, BCR and EIRR of the projects and the programme.

``--format table`` (default) prints the results, the demand calibration and who gains;
``json`` everything (assumptions included); ``csv`` the results table; ``xlsx`` writes
the workbook (assumptions, yearly streams, results, wider impacts, who gains) to
``-o FILE.xlsx``, atomically and with a manifest. ``--sweep N`` adds the ranges and
probabilities of N parameter draws (speeds through the sweep runner: ``--workers`` or
``--dask``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from corridor.cli.options import (
    add_data,
    add_format,
    add_params,
    command,
    emit,
    open_study,
    print_frame,
)
from geo.errors import InputError


def register(commands: Any) -> None:
    """Add ``appraise`` to the subcommands."""
    parser = command(
        commands, "appraise", "what the projects are worth: NPV, BCR, EIRR, who gains", run
    )
    add_data(parser)
    add_params(parser)
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--project",
        metavar="ID",
        default=None,
        help="one project (and the programme); ID+ID+…: projects that need each other, together",
    )
    which.add_argument(
        "--programme", action="store_true", help="every project and the programme (the default)"
    )
    parser.add_argument(
        "--sweep", type=int, default=0, metavar="N", help="parameter draws for ranges"
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the draws (default 0)")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="local processes for the sweep"
    )
    parser.add_argument(
        "--dask", default=None, metavar="ADDRESS", help="run the sweep on a Dask scheduler"
    )
    parser.add_argument(
        "-o", "--output", type=Path, default=None, help="the workbook (--format xlsx)"
    )
    add_format(parser, ("table", "json", "csv", "xlsx"))


def run(args: argparse.Namespace) -> int:
    """Print or write ``Study.appraise``."""
    _check(args)
    study = open_study(args)
    appraisal = study.appraise(
        args.project, sweep=args.sweep, seed=args.seed, workers=args.workers, dask=args.dask
    )
    if args.format == "xlsx":
        from network.export import write_manifest

        path = appraisal.write_xlsx(args.output)
        record = study.manifest(
            command="appraise", project=args.project, sweep=args.sweep, seed=args.seed
        )
        manifest = write_manifest(path, record)
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB (manifest {manifest.name})")
    elif args.format == "json":
        emit(args, appraisal.to_dict())
    elif args.format == "csv":
        print_frame(args, appraisal.results, "", {})
    else:
        print(appraisal.to_text())
    return 0


def _check(args: argparse.Namespace) -> None:
    """Refuse options that contradict each other before any work is done."""
    if args.sweep < 0 or args.workers < 1:
        raise InputError("--sweep must be 0 or more and --workers 1 or more")
    if args.format == "xlsx":
        if args.output is None:
            raise InputError("--format xlsx writes a workbook: give -o FILE.xlsx")
        if args.output.suffix.lower() != ".xlsx":
            raise InputError(f"{args.output}: --format xlsx writes .xlsx; name the file so")
    elif args.output is not None:
        raise InputError("-o is for --format xlsx (the other formats print)")
    if args.sweep == 0 and (args.workers != 1 or args.dask):
        raise InputError("--workers and --dask run a sweep: give --sweep N")
    if args.workers != 1 and args.dask:
        raise InputError("--workers and --dask contradict each other: give one")


__all__ = ["register", "run"]
