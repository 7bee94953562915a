"""``corridor matrix``: the origin–destination matrix of minutes."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_by,
    add_format,
    add_model,
    basis_label,
    command,
    emit,
    open_study,
)


def register(commands: Any) -> None:
    """Add ``matrix`` to the subcommands."""
    parser = command(commands, "matrix", "origin–destination travel-time matrix", run)
    add_model(parser, scenario=True)
    parser.add_argument(
        "--places",
        metavar="A,B,...",
        default=None,
        help="comma-separated places (default: every city, district, county)",
    )
    add_by(parser)
    add_format(parser, ("table", "csv", "json"))


def run(args: argparse.Namespace) -> int:
    """Print ``Study.matrix``."""
    from corridor.render import csv_text, text_table

    places = [p for p in args.places.split(",") if p.strip()] if args.places else None
    frame = open_study(args).matrix(
        args.scenario, modes=args.modes, basis=args.basis, places=places, by=args.by
    )
    rows = [[o, *row] for o, row in zip(frame.index, frame.to_numpy().tolist(), strict=True)]
    if args.format == "json":
        body = {
            **frame.attrs,
            "origins": list(frame.index),
            "destinations": list(frame.columns),
            "minutes": frame.to_numpy().tolist(),
        }
        emit(args, body)
    elif args.format == "csv":
        print(csv_text(["origin", *frame.columns], rows), end="")
    else:
        print(
            f"minutes · scenario {frame.attrs['scenario']} · modes {frame.attrs['modes']} "
            f"· {basis_label(frame.attrs['basis'])} · '—' = unreachable"
        )
        print(text_table(["origin", *frame.columns], rows))
    return 0


__all__ = [
    "register",
    "run",
]
