"""``corridor timeline FROM TO``: a trip's minutes phase by phase."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_format,
    add_model,
    basis_label,
    command,
    open_study,
    print_frame,
)
from geo.errors import InputError


def register(commands: Any) -> None:
    """Add ``timeline`` to the subcommands."""
    parser = command(commands, "timeline", "a trip's minutes phase by phase (by opening year)", run)
    parser.add_argument("origin", metavar="FROM", help="place id or name")
    parser.add_argument("destination", metavar="TO", help="place id or name")
    add_model(parser, scenario=False)
    parser.add_argument(
        "--years",
        default=None,
        metavar="Y,Y,...",
        help="phase years (default: 2020,2025,2027,2030, with today)",
    )
    add_format(parser, ("table", "csv", "json"))


def parse_years(text: str | None) -> tuple[int, ...] | None:
    """Return ``2020,2025`` as years (None for no text)."""
    if not text:
        return None
    try:
        return tuple(int(y) for y in text.split(",") if y.strip())
    except ValueError:
        raise InputError(f"--years '{text}' is not a list of years") from None


def run(args: argparse.Namespace) -> int:
    """Print ``Study.timeline``."""
    study = open_study(args)
    origin, destination = study.place(args.origin), study.place(args.destination)
    modes, basis = args.modes or study.modes, args.basis or study.basis
    frame = study.timeline(
        origin, destination, years=parse_years(args.years), modes=modes, basis=basis
    )
    names = study.dataset.nodes["name"]
    title = (
        f"{names[origin]} → {names[destination]} · {modes} · {basis_label(basis)} · "
        "each phase = everything open by then"
    )
    meta = {"from": origin, "to": destination, "modes": modes, "basis": basis}
    print_frame(args, frame, title, meta)
    return 0


__all__ = [
    "parse_years",
    "register",
    "run",
]
