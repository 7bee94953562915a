"""``corridor verify MANIFEST``: check that the data still matches a manifest."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from corridor.cli.options import add_data, command, open_study


def register(commands: Any) -> None:
    """Add ``verify`` to the subcommands."""
    parser = command(
        commands,
        "verify",
        "check that a manifest still matches the data (exit 1 and a warning if not)",
        run,
    )
    parser.add_argument("manifest_file", metavar="MANIFEST", type=Path)
    add_data(parser)


def run(args: argparse.Namespace) -> int:
    """Print whether ``Study.verify`` finds a difference; exit 1 if it does."""
    study = open_study(args)
    problems = study.verify(args.manifest_file)
    for problem in problems:
        print(f"corridor: warning: {args.manifest_file}: {problem}", file=sys.stderr)
    if problems:
        return 1
    print(f"{args.manifest_file}: matches {study.dataset.folder}")
    return 0


__all__ = [
    "register",
    "run",
]
