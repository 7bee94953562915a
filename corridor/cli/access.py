"""``corridor access``: accessibility of every place, or minutes to facilities."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_by,
    add_format,
    add_model,
    basis_label,
    command,
    open_study,
    print_frame,
    refuse_unused,
)


def register(commands: Any) -> None:
    """Add ``access`` to the subcommands."""
    parser = command(
        commands,
        "access",
        "accessibility of every place: mean time, population within reach, gravity",
        run,
    )
    add_model(parser, scenario=True)
    parser.add_argument(
        "--facilities",
        action="store_true",
        help="instead: minutes from each place to each industrial park, hub and port "
        "(freight modes unless --modes)",
    )
    add_by(parser)
    add_format(parser, ("table", "csv", "json"))


def run(args: argparse.Namespace) -> int:
    """Print ``Study.accessibility`` or ``Study.facility_times``."""
    if args.facilities:
        refuse_unused("with --facilities (minutes from each place)", {"--by": args.by != "zone"})
    study = open_study(args)
    basis = args.basis or study.basis
    if args.facilities:
        modes = args.modes or "freight"
        frame = study.facility_times(args.scenario, modes=modes, basis=basis)
        title = (
            f"minutes to facilities · scenario {args.scenario} · {modes} · "
            f"{basis_label(basis)} · '—' = unreachable or not built"
        )
    else:
        modes = args.modes or study.modes
        frame = study.accessibility(args.scenario, modes=modes, basis=basis, by=args.by)
        title = (
            f"accessibility · scenario {args.scenario} · {modes} · {basis_label(basis)} "
            "(mean_min: population-weighted mean minutes to the region's places)"
        )
    meta = {"scenario": args.scenario, "modes": modes, "basis": basis}
    print_frame(args, frame.reset_index(), title, meta)
    return 0


__all__ = [
    "register",
    "run",
]
