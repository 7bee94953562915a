"""``corridor route FROM TO``: the fastest itinerary, its legs and minutes."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import add_format, add_model, basis_label, command, emit, open_study


def register(commands: Any) -> None:
    """Add ``route`` to the subcommands."""
    parser = command(commands, "route", "fastest itinerary and minutes between two places", run)
    parser.add_argument("origin", metavar="FROM", help="place id or name (case-insensitive)")
    parser.add_argument("destination", metavar="TO", help="place id or name")
    add_model(parser, scenario=True)
    add_format(parser, ("table", "json"))


def run(args: argparse.Namespace) -> int:
    """Print ``Study.route``."""
    from corridor.render import text_table

    study = open_study(args)
    route = study.route(
        args.origin, args.destination, scenario=args.scenario, modes=args.modes, basis=args.basis
    )
    if args.format == "json":
        emit(args, route.to_dict())
        return 0
    names = study.dataset.nodes["name"]
    print(
        f"{names[route.origin]} → {names[route.destination]} · scenario {route.scenario} · "
        f"modes {route.modes} · {basis_label(route.basis)}"
    )
    if not route.reachable:
        print("unreachable with these modes in this scenario")
        return 0
    used = f" · projects used: {', '.join(route.project_ids)}" if route.project_ids else ""
    print(f"{route.minutes:.1f} min, {route.length_km:.0f} km{used}")
    if any(leg.mode == "waterway" for leg in route.legs if leg.kind == "ride"):
        hours = route.elapsed_minutes / 60.0
        print(
            f"voyage: {route.under_way_minutes / 60.0:.1f} h under way, {hours:.1f} h "
            f"elapsed ({hours / 24.0:.1f} days: lock waits and nights laid up included)"
        )
    rows = [
        [leg.kind, leg.mode, leg.line if leg.kind == "ride" else ""]
        + [names.get(leg.from_place, leg.from_place), names.get(leg.to_place, leg.to_place)]
        + [leg.stops_passed if leg.kind == "ride" else None, round(leg.minutes, 1)]
        + [", ".join(leg.project_ids)]
        for leg in route.legs
    ]
    headers = ["leg", "mode", "line", "from", "to", "stops passed", "min", "projects"]
    print(text_table(headers, rows, missing=""))
    return 0


__all__ = [
    "register",
    "run",
]
