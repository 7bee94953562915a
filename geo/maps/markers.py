"""Places drawn as circles sized by population, and the colour scale of minutes.

Shared by the map kinds: every kind shows the places of a scenario, coloured by
what that kind measures (minutes from an origin, minutes saved, nothing).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import folium
import geopandas as gpd
import pandas as pd

from geo.maps.classes import ClassScale
from geo.maps.escape import esc, facts
from geo.maps.layers import geojson_layer

UNREACHABLE_COLOUR = "#bbbbbb"
"""Fill of a place with no travel time (unreachable, or not in the scenario)."""
#: Fixed class breaks (minutes), the same on every map so that maps can be compared.
MINUTE_BREAKS: tuple[float, ...] = (0, 30, 60, 90, 120, 180, 240, 360, 480, 720)
MINUTE_COLOURS = (
    "#1a9850", "#66bd63", "#a6d96a", "#d9ef8b", "#fee08b",
    "#fdae61", "#f46d43", "#d73027", "#a50026", "#67001f",
)  # fmt: skip
#: Fixed class breaks of minutes saved per trip.
SAVED_BREAKS: tuple[float, ...] = (0, 1, 5, 10, 20, 30, 60, 120)
SAVED_COLOURS = (
    "#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#08306b",
)  # fmt: skip
#: Fixed class breaks of a zone's residents.
POPULATION_BREAKS: tuple[float, ...] = (
    0,
    250_000,
    500_000,
    750_000,
    1_000_000,
    1_500_000,
    2_000_000,
)
POPULATION_COLOURS = (
    "#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45",
)  # fmt: skip
#: Fixed class breaks of residents within reach, millions.
RESIDENT_BREAKS: tuple[float, ...] = (0, 1, 2, 5, 10, 20, 40, 80)
RESIDENT_COLOURS = (
    "#fff5eb", "#fee6ce", "#fdd0a2", "#fdae6b", "#fd8d3c", "#f16913", "#d94801", "#8c2d04",
)  # fmt: skip


def radius_px(population: Any, *, smallest: float = 3.0) -> float:
    """Return a place's circle radius in pixels: √population / 250, from 3 to 18.

    Parameters
    ----------
    population : float or None
        Persons; None, NaN or not positive give ``smallest``.
    smallest : float, default 3.0
        Smallest radius, pixels.
    """
    if population is None or pd.isna(population) or float(population) <= 0:
        return smallest
    return float(max(smallest, min(18.0, math.sqrt(float(population)) / 250.0)))


def place_tooltip(row: pd.Series, extra: str = "") -> str:
    """Return a place's tooltip: its escaped names, then ``extra`` (HTML) on a new line.

    Parameters
    ----------
    row : pandas.Series
        The place, with ``name`` and ``name_zh``.
    extra : str, optional
        HTML, inserted as it is (escape it first).
    """
    name = esc(row.get("name"))
    zh = esc(row.get("name_zh"))
    label = f"{name} {zh}".strip()
    return f"{label}{'<br>' + extra if extra else ''}"


def minutes_tooltip(row: pd.Series, minutes: Any, label: str | None = None) -> str:
    """Return a place's tooltip with its minutes (``unreachable`` for NaN), after ``label``.

    Parameters
    ----------
    row : pandas.Series
        The place, with ``name`` and ``name_zh``.
    minutes : float
        Minutes, shown rounded to whole minutes; NaN or None = unreachable.
    label : str, optional
        Text before the minutes (escaped).
    """
    shown = "unreachable" if pd.isna(minutes) else f"{float(minutes):.0f} min"
    return place_tooltip(row, shown if label is None else f"{esc(label)}: {shown}")


def places_layer(
    m: folium.Map,
    nodes: gpd.GeoDataFrame,
    name: str,
    *,
    population_column: str = "population",
    datum: str,
    colour: Callable[[pd.Series], str] | None = None,
    tooltip: Callable[[pd.Series], str] | None = None,
    show: bool = True,
) -> None:
    """Add ``nodes`` to ``m`` as one layer: circles sized by population, zones as polygons.

    Parameters
    ----------
    m : folium.Map
        The map to draw on.
    nodes : geopandas.GeoDataFrame
        Places: ``name``, ``name_zh``, ``kind``, ``province``, ``source`` and the
        population column (residents) feed the tooltip and popup.
    name : str
        Layer name (HTML: escape data in it); the count of places is appended.
    population_column : str, default "population"
        Residents, which set the radius (:func:`radius_px`).
    datum : {"wgs84", "gcj02"}
        The datum of the map's tiles.
    colour : callable, optional
        Row → fill colour (default white).
    tooltip : callable, optional
        Row → tooltip HTML, escaped by the caller (default :func:`place_tooltip`).
    show : bool, default True
        Whether the layer is on when the page opens.
    """
    geojson_layer(
        nodes,
        f"{name} ({len(nodes)})",
        style=lambda row: _style(row, population_column, colour),
        tooltip=tooltip or (lambda row: place_tooltip(row)),
        popup=lambda row: facts(
            row.get("name"),
            [
                ("Chinese name", row.get("name_zh")),
                ("kind", row.get("kind")),
                ("province", row.get("province")),
                ("population", row.get(population_column)),
                ("source", row.get("source")),
            ],
        ),
        datum=datum,
        show=show,
    ).add_to(m)


def class_colormap(
    breaks: tuple[float, ...],
    colours: tuple[str, ...],
    caption: str,
    unit: str = "",
    corner: str = "bottomright",
) -> ClassScale:
    """Return a scale of fixed, labelled classes: colour k from ``breaks[k]`` on.

    Parameters
    ----------
    breaks : tuple of float
        Lower limits of the classes, ascending; the last class is open.
    colours : tuple of str
        One per class.
    caption : str
        Legend caption (escaped).
    unit : str, default ""
        Unit after each class label.
    corner : {"bottomright", "bottomleft"}, default "bottomright"
        Where its legend stands.

    Returns
    -------
    geo.maps.classes.ClassScale
        Call it for a colour; add it to a map for its legend.
    """
    return ClassScale(breaks, colours, caption, unit, corner)


def _style(
    row: pd.Series, population_column: str, colour: Callable[[pd.Series], str] | None
) -> dict[str, Any]:
    """Leaflet style of a place: a circle sized by population, or a zone's polygon."""
    fill = colour(row) if colour else "#ffffff"
    if row.geometry is not None and row.geometry.geom_type != "Point":
        return {"color": "#555555", "weight": 0.6, "fill": True, "fillColor": fill,
                "fillOpacity": 0.8}  # fmt: skip
    return {
        "radius": radius_px(row.get(population_column)),
        "color": "#222222",
        "weight": 1,
        "fill": True,
        "fillColor": fill,
        "fillOpacity": 0.9,
    }


def minutes_colormap(values: pd.Series, caption: str) -> ClassScale:
    """Return the green-to-dark-red scale of minutes, with the fixed :data:`MINUTE_BREAKS`.

    Parameters
    ----------
    values : pandas.Series
        Minutes; not used for the scale (the classes are fixed, so that a before map
        and an after map read alike), kept for the callers' symmetry.
    caption : str
        Legend caption (drawn as text, never parsed).

    Returns
    -------
    geo.maps.classes.ClassScale
        Classes from 0 to 720 minutes and more.
    """
    del values
    return class_colormap(MINUTE_BREAKS, MINUTE_COLOURS, caption, "min")


def minutes_colour(colormap: ClassScale, minutes: Any) -> str:
    """Return the colour of ``minutes`` on ``colormap`` (grey when NaN).

    Parameters
    ----------
    colormap : geo.maps.classes.ClassScale
        E.g. from :func:`minutes_colormap`.
    minutes : float
        Minutes; NaN or None give :data:`UNREACHABLE_COLOUR`.
    """
    return UNREACHABLE_COLOUR if pd.isna(minutes) else colormap(float(minutes))


__all__ = [
    "MINUTE_BREAKS",
    "MINUTE_COLOURS",
    "POPULATION_BREAKS",
    "POPULATION_COLOURS",
    "RESIDENT_BREAKS",
    "RESIDENT_COLOURS",
    "SAVED_BREAKS",
    "SAVED_COLOURS",
    "UNREACHABLE_COLOUR",
    "class_colormap",
    "minutes_colormap",
    "minutes_colour",
    "minutes_tooltip",
    "place_tooltip",
    "places_layer",
    "radius_px",
]
