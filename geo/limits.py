"""Size limits of a dataset's files, with ``[limits]`` in ``dataset.toml`` to change them.

A dataset far beyond what a regional study holds is more often a mistake (a national
road file, a log written into a cell) than a study; Corridor says so before it spends
minutes on it. The defaults hold a region of 10,000 places with room to spare: the
benchmarks build 10,000-place networks of 40,000 links.

``[limits]`` keys: ``max_rows`` (records per table), ``max_cell_chars`` (characters of one
cell) and ``max_file_mb`` (size of one file, MB).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from geo.errors import Problem
from geo.schema import METADATA_FILE


@dataclass(frozen=True)
class Limits:
    """The largest table, cell and file a dataset may hold (``[limits]`` overrides each)."""

    max_rows: int = 1_000_000
    max_cell_chars: int = 100_000
    max_file_mb: int = 1_024

    def fix(self, key: str) -> str:
        """Return the fix that names the key to raise."""
        return (
            f"check the file; if the size is intended, raise it in dataset.toml: "
            f"[limits] {key} = {2 * getattr(self, key)}"
        )


def too_large(path: Path, limits: Limits) -> Problem | None:
    """Return the problem of a file larger than ``max_file_mb`` (None if it is not).

    Parameters
    ----------
    path : pathlib.Path
    limits : Limits

    Returns
    -------
    Problem or None
    """
    size_mb = path.stat().st_size / 1e6
    if size_mb <= limits.max_file_mb:
        return None
    message = f"is {size_mb:,.0f} MB, more than the limit of {limits.max_file_mb:,} MB"
    return Problem(path.name, "", "", message, limits.fix("max_file_mb"))


def read_limits(metadata: dict[str, Any]) -> tuple[Limits, list[Problem]]:
    """Return the dataset's limits (defaults where ``[limits]`` is silent) and any problem.

    Parameters
    ----------
    metadata : dict
        The parsed ``dataset.toml``.

    Returns
    -------
    limits : Limits
    problems : list of Problem
        A ``[limits]`` entry that is unknown or not a whole number > 0.
    """
    given = metadata.get("limits", {})
    fix = "write e.g. [limits] max_rows = 2000000 (keys: max_rows, max_cell_chars, max_file_mb)"
    if not isinstance(given, dict):
        return Limits(), [Problem(METADATA_FILE, "limits", "", "is not a table", fix)]
    known = {f.name for f in fields(Limits)}
    values, problems = {}, []
    for key, value in given.items():
        if key not in known:
            problems.append(Problem(METADATA_FILE, "limits", key, "is not a limit", fix))
        elif isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            problems.append(
                Problem(METADATA_FILE, "limits", key, f"{value!r} is not a whole number > 0", fix)
            )
        else:
            values[key] = value
    return Limits(**values), problems


__all__ = ["Limits", "read_limits", "too_large"]
