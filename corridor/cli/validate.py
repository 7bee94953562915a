"""``corridor validate DIR``: check a dataset folder and list every problem at once.

Problems stop every command; warnings (:mod:`geo.unusual`) are listed apart and stop
nothing unless ``--strict`` asks. ``validate`` checks everything a later command reads
(the tables, ``dataset.toml`` with its targets and parameters, zones and boundaries),
so a dataset it passes runs every command.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from corridor.cli.options import add_format, command

#: Warnings printed in the table (JSON lists them all).
SHOWN = 20


def register(commands: Any) -> None:
    """Add ``validate`` to the subcommands."""
    parser = command(commands, "validate", "check a dataset folder, list every problem", run)
    parser.add_argument("folder", metavar="DIR", type=Path, help="dataset folder to check")
    parser.add_argument(
        "--strict", action="store_true", help="treat warnings as problems (exit 2 on any)"
    )
    add_format(parser, ("table", "json"), manifest=False)


def run(args: argparse.Namespace) -> int:
    """Print the problems and warnings; exit 2 on a problem (or a warning with --strict)."""
    from corridor.render import json_text

    checked, problems = check(args.folder)
    warnings = checked.warnings
    failed = bool(problems) or (args.strict and bool(warnings))
    if args.format == "json":
        body = {
            "folder": str(args.folder),
            "valid": not failed,
            "strict": args.strict,
            "problem_count": len(problems),
            "warning_count": len(warnings),
            "records": {key: len(frame) for key, frame in checked.tables.items()},
            "problems": [p.to_dict() for p in problems],
            "warnings": [w.to_dict() for w in warnings],
        }
        print(json_text(body))
    else:
        _print_table(args, checked, problems, warnings)
    return 2 if failed else 0


def check(folder: Path) -> tuple[Any, list[Any]]:
    """Return the validated tables and every problem, the later commands' checks included.

    Parameters
    ----------
    folder : pathlib.Path

    Returns
    -------
    checked : geo.validation.ValidatedTables
    problems : list of geo.errors.Problem
    """
    from geo.validation import validate_folder

    checked = validate_folder(folder)
    from network.overrides import table_problems

    problems = checked.problems + table_problems(checked.metadata)
    if not problems:
        from geo.dataset import dataset_from
        from network.aircapacity import air_market_problems
        from network.appraisalparams import AppraisalParams
        from network.appraisalrun import calibration_warning
        from network.freighttargets import freight_target_problems
        from network.targetspec import target_problems

        dataset = dataset_from(checked)
        problems = target_problems(dataset) + freight_target_problems(dataset)
        problems += air_market_problems(dataset)
        params = AppraisalParams.from_mapping(checked.metadata.get("appraisal"))
        warning = calibration_warning(dataset, params)
        if warning is not None:
            checked.warnings.append(warning)
    return checked, problems


def _print_table(args: argparse.Namespace, checked: Any, problems: list, warnings: list) -> None:
    from corridor.render import text_table

    def table(rows: list) -> str:
        body = [[p.file, p.record, p.field, p.message, p.fix] for p in rows]
        return text_table(["file", "record", "field", "problem", "fix"], body, missing="")

    if problems:
        print(f"{args.folder}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        print(table(problems))
    else:
        counts = ", ".join(
            f"{len(frame)} {key.replace('_', ' ')}" for key, frame in checked.tables.items()
        )
        print(f"{args.folder}: valid ({counts})")
    if warnings:
        verdict = "problems under --strict" if args.strict else "they stop nothing"
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        print(f"\n{count} (plausible but unusual; {verdict}):")
        print(table(warnings[:SHOWN]))
        if len(warnings) > SHOWN:
            print(f"… and {len(warnings) - SHOWN:,} more (--format json lists every one)")


__all__ = [
    "check",
    "register",
    "run",
]
