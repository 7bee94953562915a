"""``corridor compare``: the key pairs before and after, the circles, targets, top projects."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_format,
    add_model,
    add_progress,
    add_targets,
    command,
    emit,
    open_study,
)
from geo.errors import InputError


def register(commands: Any) -> None:
    """Add ``compare`` to the subcommands."""
    parser = command(commands, "compare", "before/after travel times of the key pairs", run)
    add_model(parser, scenario=False)
    parser.add_argument(
        "--before", default="baseline", metavar="S", help="scenario before (default: baseline)"
    )
    parser.add_argument(
        "--after",
        default="full",
        metavar="S",
        help="scenario after (default: full = every project)",
    )
    parser.add_argument(
        "--pairs",
        metavar="A:B,C:D",
        default=None,
        help="place pairs (default: the dataset's key pairs)",
    )
    parser.add_argument(
        "--brief",
        action="store_true",
        help="only the pairs table (no circles, targets or project ranking)",
    )
    add_targets(parser)
    add_progress(parser)
    add_format(parser, ("table", "csv", "json"))


def parse_pairs(text: str | None) -> list[tuple[str, str]] | None:
    """Return ``A:B,C:D`` as pairs of names (None for no text)."""
    if not text:
        return None
    pairs = []
    for item in text.split(","):
        if ":" not in item:
            raise InputError(f"pair '{item}' is not FROM:TO (e.g. chengdu:chongqing)")
        a, b = item.split(":", 1)
        pairs.append((a, b))
    return pairs


def run(args: argparse.Namespace) -> int:
    """Print ``Study.compare``: text, CSV (the pairs) or JSON (``Comparison.to_dict``)."""
    from corridor.render import csv_text

    comparison = open_study(args).compare(
        args.before,
        args.after,
        pairs=parse_pairs(args.pairs),
        modes=args.modes,
        basis=args.basis,
        brief=args.brief or args.format == "csv",
        targets_file=args.targets,
    )
    if args.format == "json":
        emit(args, comparison.to_dict())
    elif args.format == "csv":
        pairs = comparison.pairs
        print(csv_text(list(pairs.columns), pairs.to_numpy().tolist()), end="")
    else:
        print(comparison.to_text())
    return 0


__all__ = [
    "parse_pairs",
    "register",
    "run",
]
