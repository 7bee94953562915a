"""Text from data on a map page: HTML-escaped, never parsed as markup.

Names in a dataset are user input. Everything a map shows in a tooltip, popup or
legend passes through :func:`esc`; popups are built from :func:`facts`, whose values
are escaped when the layer is drawn (:func:`geo.maps.layers.geojson_layer`).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

Facts = tuple[Any, Sequence[tuple[str, Any]]]
"""A popup's content: a title and (label, value) pairs, escaped when drawn."""


def esc(value: Any) -> str:
    """Return ``value`` as HTML-escaped text.

    Parameters
    ----------
    value : Any
        Any value from the data; ``None``, NaN and ``pd.NA`` count as missing.

    Returns
    -------
    str
        The text with ``&``, ``<``, ``>`` and both quotes escaped; ``''`` when missing.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


def facts(title: Any, items: Sequence[tuple[str, Any]]) -> Facts:
    """Return a popup's content: a title and (label, value) pairs.

    Parameters
    ----------
    title : Any
        The popup's heading (a name), escaped when drawn.
    items : sequence of (str, Any)
        Labels and values, in display order; missing values are left out when drawn.

    Returns
    -------
    Facts
        ``(title, items)`` with ``items`` copied to a list.
    """
    return title, list(items)


__all__ = ["Facts", "esc", "facts"]
