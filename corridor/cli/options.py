"""Options shared by the subcommands, the study they open, and how results print.

Nothing heavy is imported at module level: the study, pandas and the renderers load
inside the functions that use them.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

    from corridor.study import Study

Handler = Callable[[argparse.Namespace], int]


def command(commands: Any, name: str, help_text: str, handler: Handler) -> argparse.ArgumentParser:
    """Add a subcommand whose ``run`` is ``handler``; return its parser."""
    sub = commands.add_parser(name, help=help_text, description=help_text)
    sub.set_defaults(handler=handler)
    return sub


def add_data(parser: argparse.ArgumentParser) -> None:
    """Add ``--data DIR``, the dataset folder."""
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=None,
        help="dataset folder (default: the embedded Chengdu–Chongqing data)",
    )


def add_params(parser: argparse.ArgumentParser) -> None:
    """Add ``--params FILE``, a TOML file of parameter overrides."""
    parser.add_argument(
        "--params",
        metavar="FILE",
        type=Path,
        default=None,
        help="TOML file overriding travel-time parameters",
    )


def add_model(parser: argparse.ArgumentParser, *, scenario: bool) -> None:
    """Options of the routing commands: data, parameters, scenario, modes, basis."""
    add_data(parser)
    add_params(parser)
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
        type=_basis,
        choices=("line_haul", "door_to_door"),
        help="line_haul = station to station (published figures); "
        "door_to_door = with access and egress (line-haul, door-to-door also taken)",
    )


def _basis(text: str) -> str:
    """Return a basis as the model names it: ``line-haul`` → ``line_haul``."""
    return text.strip().lower().replace("-", "_")


def add_by(parser: argparse.ArgumentParser) -> None:
    """Add ``--by zone|prefecture|province`` (roll-up of zone results)."""
    parser.add_argument(
        "--by",
        default="zone",
        choices=("zone", "prefecture", "province"),
        help="results per zone, or rolled up to prefectures or provinces "
        "(sums and population-weighted means of their zones)",
    )


def add_format(
    parser: argparse.ArgumentParser, choices: tuple[str, ...], *, manifest: bool = True
) -> None:
    """Add ``--format`` and, with JSON, ``--manifest``."""
    parser.add_argument(
        "--format", choices=choices, default="table", help="output format (default: table)"
    )
    if manifest and "json" in choices:
        parser.add_argument(
            "--manifest",
            action="store_true",
            help="with --format json: add the run manifest (version, data hash, parameters)",
        )


def add_targets(parser: argparse.ArgumentParser) -> None:
    """Add ``--targets FILE``, more ``[[targets]]``."""
    parser.add_argument(
        "--targets",
        metavar="FILE",
        type=Path,
        default=None,
        help="TOML file with more [[targets]] (added to the dataset's)",
    )


def add_progress(parser: argparse.ArgumentParser) -> None:
    """Add ``--no-progress``."""
    parser.add_argument(
        "--no-progress", action="store_true", help="no progress bar (shown only on a terminal)"
    )


def refuse_unused(context: str, given: dict[str, bool]) -> None:
    """Refuse options that were given but do nothing in ``context`` (never ignore them).

    Parameters
    ----------
    context : str
        Where they do nothing ("with --kind network").
    given : dict of str to bool
        Each option (as typed) and whether it was given.

    Raises
    ------
    geo.errors.InputError
        Naming every such option.
    """
    from geo.errors import InputError

    unused = [flag for flag, was_given in given.items() if was_given]
    if unused:
        named = ", ".join(unused)
        verb = "does" if len(unused) == 1 else "do"
        raise InputError(
            f"{named} {verb} nothing {context}: drop {'it' if len(unused) == 1 else 'them'}"
        )


def open_study(args: argparse.Namespace) -> Study:
    """Return the command's study (opened once: a JSON manifest reuses it)."""
    if getattr(args, "study_", None) is None:
        from corridor.study import Study

        args.study_ = Study(
            args.data,
            params=getattr(args, "params", None),
            progress=not getattr(args, "no_progress", False),
        )
    return args.study_


def emit(args: argparse.Namespace, body: Any) -> None:
    """Print a JSON result, with the run manifest when ``--manifest`` asks for it."""
    from corridor.render import json_text

    if getattr(args, "manifest", False) and isinstance(body, dict):
        scenarios = [
            s
            for s in (getattr(args, n, None) for n in ("scenario", "before", "after"))
            if isinstance(s, str)
        ]
        body = {**body, "manifest": open_study(args).manifest(scenarios, command=args.command)}
    print(json_text(body))


def print_frame(
    args: argparse.Namespace, frame: pd.DataFrame, title: str, meta: dict[str, Any]
) -> None:
    """Print a result table as text (with a title line), CSV or JSON (meta + rows)."""
    from corridor.render import csv_text, text_table

    columns = list(frame.columns)
    rows = frame.astype(object).where(frame.notna(), None).to_numpy().tolist()
    if args.format == "json":
        emit(args, {**meta, "rows": [dict(zip(columns, r, strict=True)) for r in rows]})
    elif args.format == "csv":
        print(csv_text(columns, rows), end="")
    else:
        print(title)
        print(text_table(columns, rows))


def basis_label(basis: str) -> str:
    """Return a basis for display: ``door_to_door`` → ``door-to-door``."""
    return basis.replace("_", "-")


__all__ = [
    "add_data",
    "add_format",
    "add_model",
    "add_params",
    "add_progress",
    "add_targets",
    "basis_label",
    "command",
    "emit",
    "open_study",
    "print_frame",
    "refuse_unused",
]
