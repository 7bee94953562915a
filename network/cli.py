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

from geo.dataset import Dataset, load_dataset
from geo.errors import CorridorError, DataValidationError, UnknownPlaceError
from geo.summary import summarize
from geo.validation import validate_folder
from network import __version__
from network.render import json_text, text_table

EXIT_OK = 0
EXIT_ANALYSIS = 1
EXIT_INPUT = 2


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except DataValidationError as exc:
        print(f"corridor: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except UnknownPlaceError as exc:
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
    return parser


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
