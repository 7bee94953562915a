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


__all__ = [
    "is_missing",
    "to_jsonable",
]
