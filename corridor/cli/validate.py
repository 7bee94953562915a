"""``corridor validate DIR``: check a dataset folder and list every problem at once."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from corridor.cli.options import add_format, command


def register(commands: Any) -> None:
    """Add ``validate`` to the subcommands."""
    parser = command(commands, "validate", "check a dataset folder, list every problem", run)
    parser.add_argument("folder", metavar="DIR", type=Path, help="dataset folder to check")
    add_format(parser, ("table", "json"), manifest=False)


def run(args: argparse.Namespace) -> int:
    """Print the problems of :func:`corridor.validate`; exit 2 when there are any."""
    from corridor.render import json_text, text_table
    from geo.validation import validate_folder

    checked = validate_folder(args.folder)
    problems = checked.problems + _parameter_problems(checked.metadata)
    if args.format == "json":
        body = {
            "folder": str(args.folder),
            "valid": not problems,
            "problem_count": len(problems),
            "records": {key: len(frame) for key, frame in checked.tables.items()},
            "problems": [p.to_dict() for p in problems],
        }
        print(json_text(body))
    elif problems:
        print(f"{args.folder}: {len(problems)} problem{'s' if len(problems) != 1 else ''}")
        rows = [[p.file, p.record, p.field, p.message, p.fix] for p in problems]
        print(text_table(["file", "record", "field", "problem", "fix"], rows, missing=""))
    else:
        counts = ", ".join(
            f"{len(frame)} {key.replace('_', ' ')}" for key, frame in checked.tables.items()
        )
        print(f"{args.folder}: valid ({counts})")
    return 2 if problems else 0


def _parameter_problems(metadata: dict[str, Any]) -> list[Any]:
    """Return the problem of a dataset's own ``[parameters]`` (none when valid)."""
    from geo.errors import ParametersError, Problem
    from network.params import dataset_params

    try:
        dataset_params(metadata)
    except ParametersError as exc:
        fix = "use the names and values of network/params.py (docs/model.md, Parameters)"
        return [Problem("dataset.toml", "parameters", "", str(exc), fix)]
    return []


__all__ = [
    "register",
    "run",
]
