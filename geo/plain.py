"""Plain, JSON-ready values from numpy and pandas results (missing becomes None)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd


def is_missing(value: Any) -> bool:
    """Tell whether ``value`` is None, pandas NA or a float NaN.

    Returns
    -------
    bool
    """
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float | np.floating) and math.isnan(value)


def to_jsonable(value: Any) -> Any:
    """Convert nested results to JSON-ready values: NaN and NA become None.

    Returns
    -------
    object
        Dicts with str keys, lists for lists and tuples, Python int / float / bool
        for numpy scalars, None for missing values; anything else unchanged.
    """
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if is_missing(value):
        return None
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, np.bool_):
        return bool(value)
    return value


#: First characters with which a spreadsheet reads a cell as a formula.
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """Return a CSV cell's value, text that a spreadsheet would run made inert.

    Text starting with one of :data:`FORMULA_STARTS` (``=cmd|' /C calc'!A0``) gets a
    leading apostrophe, which spreadsheets show as text (OWASP's advice for CSV
    injection). Numbers, including negative ones, are left as they are.

    Parameters
    ----------
    value : object

    Returns
    -------
    object
    """
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with :func:`safe_cell` applied to its text columns.

    Parameters
    ----------
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        A copy where a text column needed it, else ``frame`` itself.
    """
    text = [c for c in frame.columns if frame[c].dtype == object or frame[c].dtype == "str"]
    if not text:
        return frame
    return frame.assign(**{str(c): frame[c].map(safe_cell) for c in text})


__all__ = [
    "FORMULA_STARTS",
    "is_missing",
    "safe_cell",
    "safe_frame",
    "to_jsonable",
]
