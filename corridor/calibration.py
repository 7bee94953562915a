"""``python -m corridor.calibration``: print the calibration table as Markdown.

The table (published figures, modelled minutes, error) is computed by
:mod:`network.calibration`; ``docs/model.md`` holds its current text, and a test fails
when the two drift apart.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Print the calibration table of the embedded data (or ``--data``) as Markdown.

    Parameters
    ----------
    argv : sequence of str, optional
        ``--data DIR``, ``--params FILE``, ``--observations CSV``.

    Returns
    -------
    int
        The exit code (0).
    """
    from geo.dataset import load_dataset
    from network.calibration import OBSERVATIONS, calibrate, markdown_table, read_observations
    from network.params import load_params

    parser = argparse.ArgumentParser(prog="python -m corridor.calibration")
    parser.add_argument("--data", help="dataset folder (default: the embedded data)")
    parser.add_argument("--params", help="parameters TOML file")
    parser.add_argument("--observations", default=str(OBSERVATIONS), help="observations CSV")
    args = parser.parse_args(argv)
    table = calibrate(
        load_dataset(args.data), read_observations(args.observations), load_params(args.params)
    )
    print(markdown_table(table))
    return 0


__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
