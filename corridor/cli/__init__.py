"""The ``corridor`` command line: it parses, calls :class:`corridor.Study`, prints.

One module per subcommand (``register`` adds its parser, ``run`` does the work), the
shared options in :mod:`corridor.cli.options`. Every command takes ``--data DIR``
(default: the embedded Chengdu–Chongqing dataset) and ``--format`` where it prints
results. Exit codes, mapped here and nowhere else: 0 ok, 1 analysis error, 2 usage or
input error. A user error prints a message, never a traceback. Heavy libraries load
only inside the commands that need them, so ``corridor --help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from corridor.cli import (
    access,
    appraise,
    compare,
    export,
    freight,
    info,
    map,
    matrix,
    rank,
    route,
    sweep,
    targets,
    timeline,
    validate,
    verify,
)
from network import __version__

EXIT_OK = 0
EXIT_ANALYSIS = 1
EXIT_INPUT = 2

#: The subcommands, in the order ``corridor --help`` lists them.
COMMANDS = (
    info,
    validate,
    route,
    matrix,
    compare,
    rank,
    access,
    targets,
    timeline,
    freight,
    appraise,
    sweep,
    map,
    export,
    verify,
)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="corridor",
        description="Multimodal connectivity analysis of infrastructure projects "
        "(embedded data: the Chengdu–Chongqing economic circle).",
    )
    parser.add_argument("--version", action="version", version=f"corridor {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS:
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 ok, 1 analysis error, 2 usage or input error.
    """
    from geo.errors import CorridorError, InputError

    args = build_parser().parse_args(argv)
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


__all__ = ["EXIT_ANALYSIS", "EXIT_INPUT", "EXIT_OK", "build_parser", "main"]
