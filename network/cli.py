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
from network.compare import compare_pairs
from network.graph import build_graph
from network.matrix import od_matrix
from network.params import TravelTimeParams, load_params
from network.places import resolve_place
from network.render import csv_text, json_text, text_table
from network.routing import Router

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
    _add_format(compare, ("table", "csv", "json"))
    return parser


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


def _load(args: argparse.Namespace) -> Dataset:
    return load_dataset(args.data)


def _params(args: argparse.Namespace) -> TravelTimeParams:
    return load_params(args.params)


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
        print(json_text(route.to_dict()))
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
        print(
            json_text(
                {
                    **frame.attrs,
                    "origins": list(frame.index),
                    "destinations": list(frame.columns),
                    "minutes": frame.to_numpy().tolist(),
                }
            )
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


def compare_table(dataset: Dataset, args: argparse.Namespace) -> pd.DataFrame:
    """Return the before/after table: rail line-haul and any-mode door-to-door, or as asked."""
    pairs = _pairs(dataset, args.pairs)
    params = _params(args)
    runs = [(args.modes or "rail", args.basis or "line_haul")]
    if args.modes is None and args.basis is None:
        runs.append(("any", "door_to_door"))
    frames = [
        compare_pairs(
            dataset, pairs, before=args.before, after=args.after, modes=m, basis=b, params=params
        )
        for m, b in runs
    ]
    return pd.concat(frames, ignore_index=True)


def _run_compare(args: argparse.Namespace) -> int:
    dataset = _load(args)
    table = compare_table(dataset, args)
    columns = list(table.columns)
    rows = table.to_numpy().tolist()
    if args.format == "json":
        print(
            json_text(
                {
                    "before": args.before,
                    "after": args.after,
                    "rows": [dict(zip(columns, r, strict=True)) for r in rows],
                }
            )
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
