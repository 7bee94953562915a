"""Rendering results for the terminal: aligned text tables, CSV and JSON.

JSON keys are snake_case, minutes are floats and anything missing or
unreachable is ``null``; text tables show it as ``unreachable`` or ``—``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from geo.plain import is_missing as _is_missing
from geo.plain import safe_cell, to_jsonable


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal (CJK characters take two).

    Returns
    -------
    int
        Width in terminal columns.
    """
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def cell(value: Any, *, missing: str = "—", digits: int = 1) -> str:
    """Format one value for a text table.

    Parameters
    ----------
    value : object
        None, NA and NaN show as ``missing``; floats with ``digits`` decimals and
        thousands separators; booleans as yes / no; integers of 10,000 or more with
        thousands separators; lists and tuples joined by commas.
    missing : str, default "—"
    digits : int, default 1

    Returns
    -------
    str
    """
    if value is None or value is pd.NA:
        return missing
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return missing
        return f"{value:,.{digits}f}"
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, int | np.integer):
        return f"{value:,}" if abs(int(value)) >= 10000 else str(value)
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def text_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    numeric: Sequence[bool] | None = None,
    missing: str = "—",
) -> str:
    """Return rows as an aligned plain-text table (numbers right-aligned).

    Parameters
    ----------
    headers : sequence of str
    rows : sequence of sequences
        One value per header, formatted by :func:`cell`.
    numeric : sequence of bool, optional
        Which columns to right-align (default: those whose values are all numbers or
        None).
    missing : str, default "—"
        Shown for None, NA and NaN.

    Returns
    -------
    str
        Header line, a dashed rule, then one line per row (no trailing newline).
    """
    cells = [[cell(v, missing=missing) for v in row] for row in rows]
    if numeric is None:
        numeric = [
            all(
                isinstance(row[i], int | float | np.integer | np.floating) or row[i] is None
                for row in rows
            )
            and bool(rows)
            for i in range(len(headers))
        ]
    widths = [display_width(h) for h in headers]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]

    def line(values: Sequence[str]) -> str:
        parts = []
        for value, width, right in zip(values, widths, numeric, strict=True):
            pad = " " * (width - display_width(value))
            parts.append(pad + value if right else value + pad)
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    return "\n".join(out)


def csv_text(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Return rows as CSV; missing values are empty cells.

    Parameters
    ----------
    headers : sequence of str
    rows : sequence of sequences
        One value per header; None, NA and NaN are written as empty cells.

    Returns
    -------
    str
        A header line and one line per row, each ending in a newline. Text that a
        spreadsheet would run as a formula is made inert (:func:`geo.plain.safe_cell`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow(["" if _is_missing(v) else safe_cell(v) for v in row])
    return buffer.getvalue()


def json_text(value: Any) -> str:
    """Serialise results as indented UTF-8 JSON (no NaN: missing is null).

    Returns
    -------
    str
        See :func:`geo.plain.to_jsonable`; non-ASCII characters are kept as they are.
    """
    return json.dumps(to_jsonable(value), ensure_ascii=False, indent=2, allow_nan=False)


__all__ = ["cell", "csv_text", "display_width", "json_text", "text_table"]
