"""``corridor verify MANIFEST``: check that the dataset a manifest names is the same data.

The manifest records where the dataset was and its content hash. Without ``--data``
the dataset is looked for where the manifest says (or at the same place relative to
the manifest, for a project folder moved with its outputs); with ``--data DIR`` that
folder is checked. The answer is one of: matches, moved (same bytes elsewhere: exit
0), changed (exit 1) or missing (exit 1).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from corridor.cli.options import add_data, command


def register(commands: Any) -> None:
    """Add ``verify`` to the subcommands."""
    parser = command(
        commands,
        "verify",
        "check that a manifest still matches its data (moved: exit 0; changed, missing: 1)",
        run,
    )
    parser.add_argument("manifest_file", metavar="MANIFEST", type=Path)
    add_data(parser)
    parser.set_defaults(data=None)


def run(args: argparse.Namespace) -> int:
    """Print what :func:`network.manifest.verify_manifest` finds; exit 1 unless the same data."""
    from network.manifest import verify_manifest

    found = verify_manifest(args.manifest_file, args.data)
    for note in found.notes:
        print(f"corridor: warning: {args.manifest_file}: {note}", file=sys.stderr)
    if found.status == "match":
        print(f"{args.manifest_file}: matches {found.checked}")
    elif found.status == "moved":
        print(f"{args.manifest_file}: matches the data, which moved to {found.checked}")
    else:
        print(f"{args.manifest_file}: {found.status}")
    return 0 if found.ok else 1


__all__ = [
    "register",
    "run",
]
