"""``python -m corridor.calibration``: print the calibration table as Markdown.

The table (published figures, modelled minutes, error) is computed by
:mod:`network.calibration`; ``docs/model.md`` holds its current text, and a test fails
when the two drift apart.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import Any


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
    parser.add_argument(
        "--fit", action="store_true", help="fit the speed factors per mode; cross-validate"
    )
    parser.add_argument("--folds", type=int, default=5, help="k of the k-fold validation")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="folds fitted at once"
    )
    args = parser.parse_args(argv)
    dataset, observations = load_dataset(args.data), read_observations(args.observations)
    params = load_params(args.params, metadata=dataset.metadata)
    table = calibrate(dataset, observations, params)
    print(markdown_table(table))
    if args.fit:
        _print_fit(dataset, observations, params, table, args.folds, args.workers)
    return 0


def _print_fit(
    dataset: Any, observations: Any, params: Any, table: Any, folds: int, workers: int
) -> None:
    """Print the fitted factors and the error by mode: defaults, fitted, cross-validated."""
    from network.calibration import (
        FIT_PARAMETERS,
        by_mode,
        calibrate,
        cross_validate,
        fit,
        summary_table,
    )

    fitted = fit(dataset, observations, params)
    print("\n# fitted: the [parameters] of dataset.toml (or a --params file)")
    scalars = [name for name, mode in FIT_PARAMETERS if not mode]
    for name in scalars:
        print(f"{name} = {getattr(fitted, name):.4g}")
    for group in dict.fromkeys(name for name, mode in FIT_PARAMETERS if mode):
        print(f"[{group}]")
        for name, mode in FIT_PARAMETERS:
            if name == group:
                for each in mode.split("+"):
                    key = each if each.isidentifier() else f'"{each}"'
                    print(f"{key} = {getattr(fitted, group)[each]:.4g}")
    sys.stdout.flush()
    held_out = cross_validate(dataset, observations, params, folds=folds, workers=workers)
    for label, frame in (
        ("the given parameters", table),
        ("fitted (in sample)", calibrate(dataset, observations, fitted)),
        (f"{folds}-fold cross-validated", held_out),
    ):
        print(f"\n{label}:")
        print(summary_table(by_mode(frame)))


__all__ = ["main"]

if __name__ == "__main__":
    raise SystemExit(main())
