"""``corridor export``: the scenario graph or its matrices, with a manifest."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from corridor.cli.options import add_model, command, open_study
from geo.errors import InputError

FORMATS = ("gpkg", "geojson", "graphml", "csv", "omx")


def register(commands: Any) -> None:
    """Add ``export`` to the subcommands."""
    parser = command(
        commands,
        "export",
        "write the scenario graph or its matrices for GIS and modelling tools",
        run,
    )
    add_model(parser, scenario=False)
    parser.add_argument(
        "--scenario", default=None, metavar="S", help="scenario to export (default: full)"
    )
    parser.add_argument(
        "--before", default=None, metavar="S", help="csv/omx: before scenario (with --after)"
    )
    parser.add_argument("--after", default=None, metavar="S", help="csv/omx: after scenario")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="file format (default: from the file's suffix)",
    )
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")


def run(args: argparse.Namespace) -> int:
    """Write with ``Study.export`` and print what was written."""
    suffix = args.output.suffix.lstrip(".").lower()
    fmt = args.format or suffix
    if args.format and suffix and suffix != args.format:
        raise InputError(
            f"{args.output}: the file ends in .{suffix} but --format is {args.format}: "
            f"name it .{args.format}, or drop --format"
        )
    if args.scenario is not None and (args.before or args.after):
        raise InputError(
            "--scenario and --before/--after contradict each other: give --scenario for "
            "one scenario, or --before and --after for two"
        )
    if fmt in ("gpkg", "geojson", "graphml") and (args.before or args.after):
        raise InputError(
            f"--before/--after are for csv and omx (matrices); a {fmt} export holds one "
            "scenario's graph: give --scenario"
        )
    if fmt not in FORMATS:
        raise InputError(
            f"{args.output}: unknown export format '{fmt or '(no suffix)'}': use --format "
            f"{'|'.join(FORMATS)} or a file ending in .{', .'.join(FORMATS)}"
        )
    written = open_study(args).export(
        args.output,
        fmt,
        scenario=args.scenario or "full",
        before=args.before,
        after=args.after,
        modes=args.modes,
        basis=args.basis,
    )
    for path in written:
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB")
    return 0


__all__ = [
    "FORMATS",
    "register",
    "run",
]
