"""The ``corridor`` command line.

Every command takes ``--data DIR`` (default: the embedded Chengdu–Chongqing
dataset) and ``--format`` where it prints results. Exit codes: 0 ok, 1 analysis
error, 2 usage or input error. User errors print a message, never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from geo.dataset import Dataset, load_dataset
from geo.errors import CorridorError, InputError
from geo.summary import summarize
from geo.validation import validate_folder
from network import __version__
from network.accessibility import accessibility, facility_times
from network.cache import ScenarioCache
from network.circles import circle_members
from network.compare import compare_pairs
from network.graph import build_graph
from network.matrix import od_matrix
from network.params import TravelTimeParams, load_params
from network.phases import phase_specs, timeline
from network.places import resolve_place
from network.ranking import interactions, rank_projects
from network.render import csv_text, json_text, text_table
from network.routing import Router
from network.targets import read_targets, smallest_closing_set, target_table

EXIT_OK = 0
EXIT_ANALYSIS = 1
EXIT_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except InputError as exc:
        print(f"corridor: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except CorridorError as exc:
        print(f"corridor: {exc}", file=sys.stderr)
        return EXIT_ANALYSIS
    except BrokenPipeError:  # e.g. `corridor info | head`
        return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every sub-command."""
    parser = argparse.ArgumentParser(
        prog="corridor",
        description="Multimodal connectivity analysis of infrastructure projects "
        "(embedded data: the Chengdu–Chongqing economic circle).",
    )
    parser.add_argument("--version", action="version", version=f"corridor {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    info = _command(commands, "info", "dataset summary", _run_info)
    _add_data(info)
    _add_format(info, ("table", "json"))

    validate = _command(
        commands, "validate", "check a dataset folder, list every problem", _run_validate
    )
    validate.add_argument("folder", metavar="DIR", type=Path, help="dataset folder to check")
    _add_format(validate, ("table", "json"))

    route = _command(
        commands, "route", "fastest itinerary and minutes between two places", _run_route
    )
    route.add_argument("origin", metavar="FROM", help="place id or name (case-insensitive)")
    route.add_argument("destination", metavar="TO", help="place id or name")
    _add_model(route, scenario=True)
    _add_format(route, ("table", "json"))

    matrix = _command(commands, "matrix", "origin–destination travel-time matrix", _run_matrix)
    _add_model(matrix, scenario=True)
    matrix.add_argument(
        "--places",
        metavar="A,B,...",
        default=None,
        help="comma-separated places (default: every city, district, county)",
    )
    _add_format(matrix, ("table", "csv", "json"))

    compare = _command(
        commands, "compare", "before/after travel times of the key pairs", _run_compare
    )
    _add_model(compare, scenario=False)
    compare.add_argument(
        "--before", default="baseline", metavar="S", help="scenario before (default: baseline)"
    )
    compare.add_argument(
        "--after",
        default="full",
        metavar="S",
        help="scenario after (default: full = every project)",
    )
    compare.add_argument(
        "--pairs",
        metavar="A:B,C:D",
        default=None,
        help="place pairs (default: the dataset's key pairs)",
    )
    compare.add_argument(
        "--brief",
        action="store_true",
        help="only the pairs table (no circles, targets or project ranking)",
    )
    _add_targets(compare)
    _add_progress(compare)
    _add_format(compare, ("table", "csv", "json"))

    rank = _command(
        commands,
        "rank",
        "projects ranked by person-minutes saved (add-one-in, leave-one-out)",
        _run_rank,
    )
    _add_model(rank, scenario=False)
    rank.add_argument(
        "--top", type=int, default=None, metavar="N", help="show the first N projects only"
    )
    rank.add_argument(
        "--interactions",
        type=int,
        default=0,
        metavar="K",
        help="also the interaction of every pair among the top K projects",
    )
    _add_progress(rank)
    _add_format(rank, ("table", "csv", "json"))

    access = _command(
        commands,
        "access",
        "accessibility of every place: mean time, population within reach, gravity",
        _run_access,
    )
    _add_model(access, scenario=True)
    access.add_argument(
        "--facilities",
        action="store_true",
        help="instead: minutes from each place to each industrial park, hub and port "
        "(freight modes unless --modes)",
    )
    _add_format(access, ("table", "csv", "json"))

    targets = _command(
        commands, "targets", "the plans' travel-time targets: status and gap", _run_targets
    )
    _add_data(targets)
    targets.add_argument(
        "--params", metavar="FILE", type=Path, default=None, help="TOML parameters file"
    )
    targets.add_argument(
        "--scenarios",
        default=None,
        metavar="S,S,...",
        help="scenarios (default: baseline, the phases by year, today, full)",
    )
    targets.add_argument(
        "--close",
        action="store_true",
        help="also search the smallest set of projects that meets each target",
    )
    _add_targets(targets)
    _add_format(targets, ("table", "csv", "json"))

    line = _command(
        commands, "timeline", "a trip's minutes phase by phase (by opening year)", _run_timeline
    )
    line.add_argument("origin", metavar="FROM", help="place id or name")
    line.add_argument("destination", metavar="TO", help="place id or name")
    _add_model(line, scenario=False)
    line.add_argument(
        "--years",
        default=None,
        metavar="Y,Y,...",
        help="phase years (default: 2020,2025,2027,2030, with today)",
    )
    _add_format(line, ("table", "csv", "json"))

    maps = _command(
        commands,
        "map",
        "interactive map (one self-contained HTML file that works offline)",
        _run_map,
    )
    _add_model(maps, scenario=True)
    maps.add_argument(
        "--kind",
        choices=("network", "time", "before-after", "project"),
        default=None,
        help="network (default), time (needs --origin), before-after, project (needs --project)",
    )
    maps.add_argument("--origin", metavar="X", default=None, help="place for time maps")
    maps.add_argument("--project", metavar="ID", default=None, help="project for project maps")
    maps.add_argument("--before", default="baseline", metavar="S", help="before-after: before")
    maps.add_argument("--after", default="full", metavar="S", help="before-after: after")
    maps.add_argument(
        "--side-by-side", action="store_true", help="before-after as two synchronised maps"
    )
    maps.add_argument(
        "--tiles",
        choices=("none", "osm", "gaode"),
        default="none",
        help="background tiles (default none: outlines only; gaode shifts overlays to GCJ-02)",
    )
    maps.add_argument(
        "--no-inline",
        action="store_true",
        help="link Leaflet and plugins from their CDNs instead of inlining (smaller file)",
    )
    maps.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="HTML file")

    exporter = _command(
        commands,
        "export",
        "write the scenario graph or its matrices for GIS and modelling tools",
        _run_export,
    )
    _add_model(exporter, scenario=False)
    exporter.add_argument(
        "--scenario", default="full", metavar="S", help="scenario to export (default: full)"
    )
    exporter.add_argument(
        "--before", default=None, metavar="S", help="csv/omx: before scenario (with --after)"
    )
    exporter.add_argument("--after", default=None, metavar="S", help="csv/omx: after scenario")
    exporter.add_argument(
        "--format",
        choices=("gpkg", "geojson", "graphml", "csv", "omx"),
        default=None,
        help="file format (default: from the file's suffix)",
    )
    exporter.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")

    verify = _command(
        commands,
        "verify",
        "check that a manifest still matches the data (exit 1 and a warning if not)",
        _run_verify,
    )
    verify.add_argument("manifest_file", metavar="MANIFEST", type=Path)
    _add_data(verify)
    return parser


def _add_targets(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--targets",
        metavar="FILE",
        type=Path,
        default=None,
        help="TOML file with more [[targets]] (added to the dataset's)",
    )


def _add_progress(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (shown only on a terminal)"
    )


def _add_model(parser: argparse.ArgumentParser, *, scenario: bool) -> None:
    """Options shared by the routing commands: data, parameters, scenario, modes, basis."""
    _add_data(parser)
    parser.add_argument(
        "--params",
        metavar="FILE",
        type=Path,
        default=None,
        help="TOML file overriding travel-time parameters",
    )
    if scenario:
        parser.add_argument(
            "--scenario",
            default="baseline",
            metavar="S",
            help="baseline, full, a year, today, project ids joined by + or - (default: baseline)",
        )
    parser.add_argument(
        "--modes",
        default=None,
        metavar="M",
        help="rail, road, water, any, freight, or modes (hsr,expressway)",
    )
    parser.add_argument(
        "--basis",
        default=None,
        choices=("line_haul", "door_to_door"),
        help="line_haul = station to station (published figures); "
        "door_to_door = with access and egress",
    )


def _command(
    commands: Any, name: str, help_text: str, handler: Callable[[argparse.Namespace], int]
) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    return sub


def _add_data(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="dataset folder (default: the embedded Chengdu–Chongqing data)",
    )


def _add_format(parser: argparse.ArgumentParser, choices: tuple[str, ...]) -> None:
    parser.add_argument(
        "--format", choices=choices, default="table", help="output format (default: table)"
    )
    if "json" in choices and parser.prog.split()[-1] not in ("info", "validate"):
        parser.add_argument(
            "--manifest",
            action="store_true",
            help="with --format json: add the run manifest (version, data hash, parameters)",
        )


def _load(args: argparse.Namespace) -> Dataset:
    """Load the command's dataset once (a JSON manifest reuses it)."""
    if getattr(args, "dataset_", None) is None:
        args.dataset_ = load_dataset(args.data)
    return args.dataset_


def _params(args: argparse.Namespace) -> TravelTimeParams:
    return load_params(args.params)


def _emit(args: argparse.Namespace, body: Any) -> None:
    """Print a JSON result, with the run manifest when ``--manifest`` asks for it."""
    if getattr(args, "manifest", False) and isinstance(body, dict):
        from network.export import manifest

        scenarios = [
            s
            for s in (getattr(args, n, None) for n in ("scenario", "before", "after"))
            if isinstance(s, str)
        ]
        body = {
            **body,
            "manifest": manifest(
                _load(args),
                params=_params(args),
                scenarios=scenarios,
                command=args.command,
            ),
        }
    print(json_text(body))


def _minutes(value: float | None) -> str:
    return "unreachable" if value is None or pd.isna(value) else f"{value:.1f}"


# ---------------------------------------------------------------------------- route


def _run_route(args: argparse.Namespace) -> int:
    dataset = _load(args)
    origin = resolve_place(dataset, args.origin)
    destination = resolve_place(dataset, args.destination)
    modes = args.modes or "any"
    basis = args.basis or "door_to_door"
    graph = build_graph(dataset, args.scenario, params=_params(args), modes=modes)
    router = Router(graph)
    for place in (origin, destination):
        if place not in router:
            raise InputError(
                f"'{place}' is not in scenario '{args.scenario}' (a project adds "
                "it): choose a scenario with that project"
            )
    route = router.route(origin, destination, basis)
    if args.format == "json":
        _emit(args, route.to_dict())
        return EXIT_OK
    names = dataset.nodes["name"]
    print(
        f"{names[origin]} → {names[destination]} · scenario {graph.graph['scenario']} · "
        f"modes {graph.graph['modes']} · {basis.replace('_', '-')}"
    )
    if not route.reachable:
        print("unreachable with these modes in this scenario")
        return EXIT_OK
    print(
        f"{route.minutes:.1f} min, {route.length_km:.0f} km"
        + (f" · projects used: {', '.join(route.project_ids)}" if route.project_ids else "")
    )
    rows = [
        [
            leg.kind,
            leg.mode,
            leg.line if leg.kind == "ride" else "",
            names.get(leg.from_place, leg.from_place),
            names.get(leg.to_place, leg.to_place),
            leg.stops_passed if leg.kind == "ride" else None,
            round(leg.minutes, 1),
            ", ".join(leg.project_ids),
        ]
        for leg in route.legs
    ]
    print(
        text_table(
            ["leg", "mode", "line", "from", "to", "stops passed", "min", "projects"],
            rows,
            missing="",
        )
    )
    return EXIT_OK


# --------------------------------------------------------------------------- matrix


def _run_matrix(args: argparse.Namespace) -> int:
    dataset = _load(args)
    places = None
    if args.places:
        places = [resolve_place(dataset, p) for p in args.places.split(",") if p.strip()]
    basis = args.basis or "door_to_door"
    frame = od_matrix(
        dataset,
        args.scenario,
        modes=args.modes or "any",
        basis=basis,
        params=_params(args),
        origins=places,
        destinations=places,
    )
    if args.format == "json":
        _emit(
            args,
            {
                **frame.attrs,
                "origins": list(frame.index),
                "destinations": list(frame.columns),
                "minutes": frame.to_numpy().tolist(),
            },
        )
    elif args.format == "csv":
        print(
            csv_text(
                ["origin", *frame.columns],
                [[o, *row] for o, row in zip(frame.index, frame.to_numpy().tolist(), strict=True)],
            ),
            end="",
        )
    else:
        print(
            f"minutes · scenario {frame.attrs['scenario']} · modes {frame.attrs['modes']} "
            f"· {basis.replace('_', '-')} · '—' = unreachable"
        )
        rows = [[o, *row] for o, row in zip(frame.index, frame.to_numpy().tolist(), strict=True)]
        print(text_table(["origin", *frame.columns], rows))
    return EXIT_OK


# -------------------------------------------------------------------------- compare


def _pairs(dataset: Dataset, text: str | None) -> list[tuple[str, str]]:
    if text:
        pairs = []
        for item in text.split(","):
            if ":" not in item:
                raise InputError(f"pair '{item}' is not FROM:TO (e.g. chengdu:chongqing)")
            a, b = item.split(":", 1)
            pairs.append((resolve_place(dataset, a), resolve_place(dataset, b)))
        return pairs
    pairs = [tuple(p) for p in dataset.metadata.get("key_pairs", [])]
    if not pairs and dataset.core:
        pairs = [(a, b) for i, a in enumerate(dataset.core) for b in dataset.core[i + 1 :]]
    if not pairs:
        raise InputError("no pairs: give --pairs FROM:TO or key_pairs in dataset.toml")
    return pairs  # type: ignore[return-value]


def compare_table(dataset: Dataset, args: argparse.Namespace, cache: ScenarioCache) -> pd.DataFrame:
    """Return the before/after table: rail line-haul and any-mode door-to-door, or as asked."""
    pairs = _pairs(dataset, args.pairs)
    runs = [(args.modes or "rail", args.basis or "line_haul")]
    if args.modes is None and args.basis is None:
        runs.append(("any", "door_to_door"))
    frames = [
        compare_pairs(
            dataset, pairs, before=args.before, after=args.after, modes=m, basis=b, cache=cache
        )
        for m, b in runs
    ]
    return pd.concat(frames, ignore_index=True)


def _run_compare(args: argparse.Namespace) -> int:
    dataset = _load(args)
    cache = ScenarioCache(dataset, _params(args))
    table = compare_table(dataset, args, cache)
    columns = list(table.columns)
    rows = table.to_numpy().tolist()
    summary = None if args.brief or args.format == "csv" else compare_summary(dataset, args, cache)
    if args.format == "json":
        _emit(
            args,
            {
                "before": args.before,
                "after": args.after,
                "rows": [dict(zip(columns, r, strict=True)) for r in rows],
                **(summary or {}),
            },
        )
    elif args.format == "csv":
        print(csv_text(columns, rows), end="")
    else:
        names = dataset.nodes["name"]
        print(f"{dataset.name}: {args.before} → {args.after}")
        out = [
            [
                names[r[0]],
                names[r[1]],
                r[2],
                r[3].replace("_", "-"),
                _minutes(r[4]),
                _minutes(r[5]),
                None if pd.isna(r[6]) else round(r[6], 1),
                None if pd.isna(r[7]) else round(r[7], 1),
                r[8],
                r[9].replace(";", ", "),
            ]
            for r in rows
        ]
        print(
            text_table(
                [
                    "from",
                    "to",
                    "modes",
                    "basis",
                    "before",
                    "after",
                    "change min",
                    "change %",
                    "status",
                    "projects used",
                ],
                out,
                numeric=[False, False, False, False, True, True, True, True, False, False],
                missing="",
            )
        )
        if summary is not None:
            print(_summary_text(dataset, summary, args))
    return EXIT_OK


def compare_summary(
    dataset: Dataset, args: argparse.Namespace, cache: ScenarioCache
) -> dict[str, Any]:
    """Circles, targets and the top projects for ``corridor compare``."""
    params = cache.params
    circles = circle_members(cache, args.before, args.after)
    by_core: dict[str, Any] = {}
    for core, group in circles.groupby("core", sort=False):
        by_core[core] = {
            "before": sorted(group.loc[group["member_before"], "place"]),
            "after": sorted(group.loc[group["member_after"], "place"]),
            "joins": sorted(group.loc[group["change"] == "joins", "place"]),
            "leaves": sorted(group.loc[group["change"] == "leaves", "place"]),
        }
    targets = read_targets(dataset, args.targets)
    statuses = target_table(cache, targets, [args.before, args.after])
    target_rows = []
    for target in targets:
        rows = statuses[statuses["target"] == target.id].to_dict("records")
        target_rows.append(
            {
                "target": target.id,
                "name": target.name,
                "minutes": target.minutes,
                "basis": target.basis,
                "modes": target.modes,
                "before": _status(rows[0]),
                "after": _status(rows[1]),
            }
        )
    ranking = rank_projects(dataset, cache=cache, progress=not args.no_progress)
    top = ranking[ranking["network_effect"]].head(5)
    return {
        "circles": {
            "minutes": params.circle_minutes,
            "basis": "line_haul",
            "modes": "any",
            "cores": by_core,
        },
        "targets": target_rows,
        "top_projects": {
            "modes": "any",
            "basis": "door_to_door",
            "unit": "person-minutes",
            "rows": top.to_dict("records"),
        },
    }


def _status(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("status", "worst_min", "worst_pair", "gap_min", "pairs", "pairs_met")
    return {k: row[k] for k in keys}


def _summary_text(dataset: Dataset, summary: dict[str, Any], args: argparse.Namespace) -> str:
    names = dataset.nodes["name"]

    def named(ids: list[str]) -> str:
        return ", ".join(str(names.get(i, i)) for i in ids) or "—"

    circles = summary["circles"]
    lines = [
        "",
        f"{circles['minutes']:g}-minute circles (line-haul, any mode): members before → after",
    ]
    rows = [
        [
            names.get(core, core),
            len(c["before"]),
            len(c["after"]),
            named(c["joins"]),
            named(c["leaves"]),
        ]
        for core, c in circles["cores"].items()
    ]
    lines.append(text_table(["core", "before", "after", "joins", "leaves"], rows, missing=""))
    lines += ["", "Targets (gap = worst trip minus the target; negative = met with room)"]
    rows = []
    for t in summary["targets"]:
        b, a = t["before"], t["after"]
        rows.append(
            [
                t["name"],
                t["minutes"],
                f"{t['modes']} {t['basis'].replace('_', '-')}",
                b["status"],
                b["gap_min"],
                a["status"],
                a["gap_min"],
                f"{a['pairs_met']}/{a['pairs']}",
            ]
        )
    lines.append(
        text_table(
            ["target", "min", "measured", "before", "gap", "after", "gap", "pairs met after"],
            rows,
            numeric=[False, True, False, False, True, False, True, True],
        )
    )
    top = summary["top_projects"]["rows"]
    lines += [
        "",
        "Top projects by person-minutes saved, each added alone to the baseline "
        "(any mode, door-to-door; millions):",
    ]
    rows = [
        [
            r["rank"],
            r["project_id"],
            r["add_one_in_pmin"] / 1e6,
            r["leave_one_out_pmin"] / 1e6,
            r["investment_cny_bn"],
            r["top_places"],
        ]
        for r in top
    ]
    lines.append(
        text_table(
            ["rank", "project", "add-one-in", "leave-one-out", "RMB bn", "gains most (min/trip)"],
            rows,
            numeric=[True, False, True, True, True, False],
            missing="",
        )
    )
    lines.append("Full ranking: corridor rank")
    return "\n".join(lines)


# ------------------------------------------------------------------- rank, access…


def _frame_output(
    frame: pd.DataFrame, args: argparse.Namespace, title: str, meta: dict[str, Any], fmt: str = ""
) -> None:
    """Print a result table as text (with a title line), CSV or JSON (meta + rows)."""
    fmt = fmt or args.format
    columns = list(frame.columns)
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    if fmt == "json":
        _emit(args, {**meta, "rows": [dict(zip(columns, r, strict=True)) for r in rows]})
    elif fmt == "csv":
        print(csv_text(columns, rows), end="")
    else:
        print(title)
        print(text_table(columns, rows))


def _run_rank(args: argparse.Namespace) -> int:
    dataset = _load(args)
    modes, basis = args.modes or "any", args.basis or "door_to_door"
    cache = ScenarioCache(dataset, _params(args))
    frame = rank_projects(
        dataset, cache=cache, modes=modes, basis=basis, progress=not args.no_progress
    )
    shown = frame.head(args.top) if args.top else frame
    pairs = None
    if args.interactions > 1:
        top_ids = list(frame.loc[frame["network_effect"], "project_id"].head(args.interactions))
        pairs = interactions(
            dataset, top_ids, cache=cache, modes=modes, basis=basis, progress=not args.no_progress
        )
    meta = {"modes": modes, "basis": basis, "unit": "person-minutes"}
    if args.format == "json":
        body = {**meta, "rows": shown.to_dict("records")}
        if pairs is not None:
            body["interactions"] = pairs.to_dict("records")
        _emit(args, body)
        return EXIT_OK
    if args.format == "csv":
        _frame_output(shown, args, "", meta)
        return EXIT_OK
    print(
        f"{dataset.name}: projects by person-minutes saved (millions), {modes}, "
        f"{basis.replace('_', '-')}; add-one-in = added alone to the baseline, "
        "leave-one-out = removed from full"
    )
    rows = [
        [
            r.rank,
            r.project_id,
            r.category,
            r.add_one_in_pmin / 1e6,
            r.leave_one_out_pmin / 1e6,
            r.investment_cny_bn,
            r.add_one_in_pmin_per_bn / 1e6,
            r.top_places if r.network_effect else "no network effect (not ranked)",
        ]
        for r in shown.itertuples(index=False)
    ]
    print(
        text_table(
            [
                "rank",
                "project",
                "category",
                "add-one-in",
                "leave-one-out",
                "RMB bn",
                "per RMB bn",
                "gains most (min per trip)",
            ],
            rows,
            numeric=[True, False, False, True, True, True, True, False],
            missing="",
        )
    )
    if pairs is not None:
        print("\nInteractions (millions of person-minutes; joint − alone − alone):")
        print(
            text_table(
                ["project a", "project b", "alone a", "alone b", "joint", "interaction"],
                [
                    [r[0], r[1], r[2] / 1e6, r[3] / 1e6, r[4] / 1e6, r[5] / 1e6]
                    for r in pairs.itertuples(index=False)
                ],
            )
        )
    return EXIT_OK


def _run_access(args: argparse.Namespace) -> int:
    dataset = _load(args)
    if args.facilities:
        modes, basis = args.modes or "freight", args.basis or "door_to_door"
        times = facility_times(
            dataset, args.scenario, params=_params(args), modes=modes, basis=basis
        )
        _frame_output(
            times.reset_index(),
            args,
            f"minutes to facilities · scenario {args.scenario} · {modes} · "
            f"{basis.replace('_', '-')} · '—' = unreachable or not built",
            {"scenario": args.scenario, "modes": modes, "basis": basis},
        )
        return EXIT_OK
    modes, basis = args.modes or "any", args.basis or "door_to_door"
    frame = accessibility(dataset, args.scenario, params=_params(args), modes=modes, basis=basis)
    frame = frame.reset_index()
    meta = {"scenario": args.scenario, "modes": modes, "basis": basis}
    _frame_output(
        frame,
        args,
        f"accessibility · scenario {args.scenario} · {modes} · {basis.replace('_', '-')} "
        "(mean_min: population-weighted mean minutes to the region's places)",
        meta,
    )
    return EXIT_OK


def _run_targets(args: argparse.Namespace) -> int:
    dataset = _load(args)
    cache = ScenarioCache(dataset, _params(args))
    targets = read_targets(dataset, args.targets)
    if not targets:
        raise InputError("no targets: add [[targets]] to dataset.toml or give --targets FILE")
    scenarios = (
        [s.strip() for s in args.scenarios.split(",") if s.strip()]
        if args.scenarios
        else [*phase_specs(dataset), "full"]
    )
    frame = target_table(cache, targets, scenarios)
    closing = [smallest_closing_set(cache, t).to_dict() for t in targets] if args.close else None
    if args.format == "json":
        body: dict[str, Any] = {"rows": frame.to_dict("records")}
        if closing is not None:
            body["closing_sets"] = closing
        _emit(args, body)
        return EXIT_OK
    if args.format == "csv":
        _frame_output(frame, args, "", {})
        return EXIT_OK
    frame = frame.assign(worst_pair=[":".join(p) if p else None for p in frame["worst_pair"]])
    _frame_output(
        frame[
            [
                "target",
                "scenario",
                "minutes",
                "status",
                "worst_min",
                "gap_min",
                "pairs_met",
                "pairs",
                "worst_pair",
            ]
        ],
        args,
        f"{dataset.name}: targets by scenario (gap = worst trip minus the target)",
        {},
    )
    if closing is not None:
        print("\nSmallest set of projects added to the baseline that meets each target:")
        rows = []
        for c in closing:
            if c["baseline_met"]:
                answer = "met in the baseline"
            elif c["closed"]:
                answer = " + ".join(c["project_ids"])
            elif not c["full_met"]:
                answer = "not met even with every project"
            else:
                answer = "no set of up to 4 projects"
            rows.append([c["target"], answer, c["worst_min"], c["scenarios_evaluated"]])
        print(text_table(["target", "projects", "worst min", "scenarios tried"], rows))
    return EXIT_OK


def _run_timeline(args: argparse.Namespace) -> int:
    dataset = _load(args)
    origin = resolve_place(dataset, args.origin)
    destination = resolve_place(dataset, args.destination)
    modes, basis = args.modes or "any", args.basis or "door_to_door"
    phases = None
    if args.years:
        try:
            years = tuple(int(y) for y in args.years.split(",") if y.strip())
        except ValueError:
            raise InputError(f"--years '{args.years}' is not a list of years") from None
        phases = phase_specs(dataset, years)
    cache = ScenarioCache(dataset, _params(args))
    frame = timeline(cache, origin, destination, phases=phases, modes=modes, basis=basis)
    names = dataset.nodes["name"]
    _frame_output(
        frame,
        args,
        f"{names[origin]} → {names[destination]} · {modes} · {basis.replace('_', '-')} · "
        "each phase = everything open by then",
        {"from": origin, "to": destination, "modes": modes, "basis": basis},
    )
    return EXIT_OK


def _run_map(args: argparse.Namespace) -> int:
    from geo.maps import save_map
    from network import maps as netmaps

    dataset = _load(args)
    params = _params(args)
    modes, basis = args.modes or "any", args.basis or "door_to_door"
    kind = args.kind or ("time" if args.origin else "project" if args.project else "network")
    origin = resolve_place(dataset, args.origin) if args.origin else None
    if kind == "network":
        scenario = args.scenario if args.scenario != "baseline" else "full"
        m = netmaps.network_map(dataset, scenario, tiles=args.tiles)
    elif kind == "time":
        if origin is None:
            raise InputError("a time map needs --origin PLACE")
        m = netmaps.travel_time_map(
            dataset,
            origin,
            args.scenario,
            modes=modes,
            basis=basis,
            params=params,
            tiles=args.tiles,
        )
    elif kind == "before-after":
        m = netmaps.before_after_map(
            dataset,
            args.before,
            args.after,
            origin=origin,
            modes=modes,
            basis=basis,
            params=params,
            side_by_side=args.side_by_side,
            tiles=args.tiles,
        )
    else:
        if not args.project:
            raise InputError("a project map needs --project ID (see corridor info)")
        m = netmaps.project_map(
            dataset, args.project, modes=modes, basis=basis, params=params, tiles=args.tiles
        )
    path = save_map(m, args.output, inline=not args.no_inline)
    size = path.stat().st_size / 1e6
    how = "CDN links" if args.no_inline else "self-contained"
    print(f"{path}: {kind} map, {size:.1f} MB, {how}")
    return EXIT_OK


def _run_export(args: argparse.Namespace) -> int:
    from network.export import FORMATS, export

    dataset = _load(args)
    fmt = args.format or args.output.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputError(
            f"{args.output}: unknown export format '{fmt or '(no suffix)'}': use --format "
            f"{'|'.join(FORMATS)} or a file ending in one of {', '.join(FORMATS.values())}"
        )
    if (args.before is None) != (args.after is None):
        raise InputError("give both --before and --after, or neither")
    written = export(
        dataset,
        args.output,
        fmt,
        scenario=args.scenario,
        before=args.before,
        after=args.after,
        modes=args.modes or "any",
        basis=args.basis or "door_to_door",
        params=_params(args),
    )
    for path in written:
        print(f"{path}: {path.stat().st_size / 1e6:.2f} MB")
    return EXIT_OK


def _run_verify(args: argparse.Namespace) -> int:
    from network.export import check_manifest

    dataset = _load(args)
    problems = check_manifest(args.manifest_file, dataset)
    if problems:
        for problem in problems:
            print(f"corridor: warning: {args.manifest_file}: {problem}", file=sys.stderr)
        return EXIT_ANALYSIS
    print(f"{args.manifest_file}: matches {dataset.folder}")
    return EXIT_OK


# ----------------------------------------------------------------------------- info


def _run_info(args: argparse.Namespace) -> int:
    summary = summarize(_load(args))
    if args.format == "json":
        print(json_text(summary))
    else:
        print(_info_table(summary))
    return EXIT_OK


def _info_table(s: dict[str, Any]) -> str:
    e = s["extent"]
    lines = [
        f"{s['dataset']}",
        f"data: {s['folder']}",
        f"base year {s['base_year'] if s['base_year'] is not None else '—'} · core: "
        f"{', '.join(s['core']) or '—'} · extent {e['min_lon']:.2f}–{e['max_lon']:.2f} E, "
        f"{e['min_lat']:.2f}–{e['max_lat']:.2f} N · metric CRS {s['metric_crs']}",
        "",
    ]
    n = s["nodes"]
    kinds = ", ".join(f"{k} {v}" for k, v in n["by_kind"].items())
    lines += [
        f"Nodes: {n['total']} ({n['base']} existing, {n['added_by_projects']} added "
        f"by projects): {kinds}",
        "",
    ]
    links = s["links"]
    lines.append(
        f"Links: {links['total']} ({links['baseline']} in the baseline, "
        f"{links['opened_after_base_year']} opened after the base year, "
        f"{links['added_by_projects']} added by projects)"
    )
    rows = []
    for mode, d in links["by_mode"].items():
        rows.append(
            [
                mode,
                d["baseline"]["count"],
                d["baseline"]["km"],
                d["opened_after_base_year"]["count"],
                d["opened_after_base_year"]["km"],
                d["project"]["count"],
                d["project"]["km"],
            ]
        )
    lines.append(
        text_table(["mode", "baseline", "km", "opened later", "km", "projects", "km"], rows)
    )
    lines.append("")
    p = s["projects"]
    inv = p["investment_cny_bn"]
    lines.append(
        f"Projects: {p['total']} ({p['named']} named, {p['placeholders']} "
        f"placeholders counted but not named in the sources); known investment "
        f"RMB {inv['known_total']:,.1f} bn over {inv['projects_with_known']} projects"
    )
    rows = [
        [
            cat,
            d["count"],
            d["named"],
            d["with_network_effect"],
            d["investment_cny_bn_known"],
            d["projects_with_known_investment"],
        ]
        for cat, d in p["by_category"].items()
    ]
    lines.append(
        text_table(["category", "projects", "named", "routed", "RMB bn known", "with figure"], rows)
    )
    if p.get("without_network_effect"):
        lines += [
            "",
            "Catalogued but not routed (no network effect): "
            + ", ".join(p["without_network_effect"]),
        ]
    lines += ["", "Catalogue:"]
    rows = [
        [
            r["id"],
            r["category"],
            r.get("subtype"),
            r.get("status"),
            r.get("opening_year"),
            r.get("investment_cny_bn"),
            r["name"],
        ]
        for r in s["catalogue"]
    ]
    lines.append(
        text_table(
            ["id", "category", "subtype", "status", "opens", "RMB bn", "name"],
            rows,
            numeric=[False, False, False, False, True, True, False],
        )
    )
    return "\n".join(lines)


# ------------------------------------------------------------------------- validate


def _run_validate(args: argparse.Namespace) -> int:
    checked = validate_folder(args.folder)
    problems = checked.problems
    if args.format == "json":
        counts = {key: len(frame) for key, frame in checked.tables.items()}
        print(
            json_text(
                {
                    "folder": str(args.folder),
                    "valid": not problems,
                    "problem_count": len(problems),
                    "records": counts,
                    "problems": [p.to_dict() for p in problems],
                }
            )
        )
    elif problems:
        print(f"{args.folder}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        rows = [[p.file, p.record, p.field, p.message, p.fix] for p in problems]
        print(text_table(["file", "record", "field", "problem", "fix"], rows, missing=""))
    else:
        counts = ", ".join(
            f"{len(frame)} {key.replace('_', ' ')}" for key, frame in checked.tables.items()
        )
        print(f"{args.folder}: valid ({counts})")
    return EXIT_INPUT if problems else EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

__all__ = ["build_parser", "main"]
