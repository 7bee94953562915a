"""``corridor map``: an interactive map, one HTML file that works offline."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from corridor.cli.options import add_model, command, open_study, refuse_unused
from geo.errors import InputError


def register(commands: Any) -> None:
    """Add ``map`` to the subcommands."""
    parser = command(
        commands, "map", "interactive map (one self-contained HTML file that works offline)", run
    )
    add_model(parser, scenario=True)
    parser.add_argument(
        "--kind",
        choices=("network", "time", "before-after", "project", "freight"),
        default=None,
        help="network (default), time (needs --origin), before-after, project (needs "
        "--project), freight (tonnes on every link, --before and --after)",
    )
    parser.add_argument("--origin", metavar="X", default=None, help="place for time maps")
    parser.add_argument("--project", metavar="ID", default=None, help="project for project maps")
    parser.add_argument("--before", default="baseline", metavar="S", help="before-after: before")
    parser.add_argument("--after", default="full", metavar="S", help="before-after: after")
    parser.add_argument(
        "--side-by-side", action="store_true", help="before-after as two synchronised maps"
    )
    parser.add_argument(
        "--tiles",
        choices=("none", "osm", "gaode"),
        default="none",
        help="background tiles (default none: outlines only; gaode shifts overlays to GCJ-02)",
    )
    parser.add_argument(
        "--no-inline",
        action="store_true",
        help="link Leaflet and plugins from their CDNs instead of inlining (smaller file)",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, metavar="FILE", help="HTML file"
    )


def run(args: argparse.Namespace) -> int:
    """Draw the map with the ``Study`` map methods and save it."""
    study = open_study(args)
    kind = args.kind or ("time" if args.origin else "project" if args.project else "network")
    _refuse_unused(args, kind)
    common = {"modes": args.modes, "basis": args.basis, "tiles": args.tiles}
    if kind == "network":
        scenario = args.scenario if args.scenario != "baseline" else "full"
        m = study.network_map(scenario, tiles=args.tiles)
    elif kind == "time":
        if not args.origin:
            raise InputError("a time map needs --origin PLACE")
        m = study.time_map(args.origin, args.scenario, **common)
    elif kind == "freight":
        m = study.freight_map(args.before, args.after, tiles=args.tiles)
    elif kind == "before-after":
        m = study.before_after_map(
            args.before, args.after, origin=args.origin, side_by_side=args.side_by_side, **common
        )
    else:
        if not args.project:
            raise InputError("a project map needs --project ID (see corridor info)")
        m = study.project_map(args.project, **common)
    path = study.save_map(m, args.output, inline=not args.no_inline)
    size = path.stat().st_size / 1e6
    how = "scripts from CDN links" if args.no_inline else "scripts inlined"
    if args.tiles != "none":
        how += f", {args.tiles} tiles load from the network when opened"
    elif not args.no_inline:
        how = "self-contained, works offline"
    print(f"{path}: {kind} map, {size:.1f} MB, {how}")
    return 0


def _refuse_unused(args: argparse.Namespace, kind: str) -> None:
    """Refuse the options the map kind does not use."""
    two = args.before != "baseline" or args.after != "full"
    uses = {
        "network": {"--scenario"},
        "time": {"--origin", "--scenario", "--modes", "--basis"},
        "freight": {"--before/--after"},
        "before-after": {"--origin", "--before/--after", "--side-by-side", "--modes", "--basis"},
        "project": {"--project", "--modes", "--basis"},
    }[kind]
    given = {
        "--origin": args.origin is not None,
        "--project": args.project is not None,
        "--scenario": args.scenario != "baseline",
        "--before/--after": two,
        "--side-by-side": args.side_by_side,
        "--modes": args.modes is not None,
        "--basis": args.basis is not None,
    }
    refuse_unused(f"in a {kind} map", {f: g for f, g in given.items() if f not in uses})


__all__ = [
    "register",
    "run",
]
