"""Base maps and layers: tiles, datums, one GeoJSON layer per GeoDataFrame, colours.

**Tiles.** ``tiles="none"`` (default), ``"osm"`` or ``"gaode"``. Without tiles the
background is light grey with the province and prefecture outlines shipped with the
data. Gaode (AutoNavi) tiles are drawn in GCJ-02, so with them every overlay is
shifted to GCJ-02 (:mod:`geo.chinacrs`) to line up; the base map remembers the datum
and every layer drawn on it asks for it (:func:`datum_of`).

**Safety.** Tooltips arrive escaped by the caller (:func:`geo.maps.escape.esc`);
popup values are escaped here; GeoJSON is embedded by folium with ``<``, ``>`` and
``&`` escaped, so a name holding markup or script shows as text and never runs.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from branca.element import Figure
from folium.utilities import JsCode

from geo.chinacrs import transform_geometry
from geo.errors import InputError
from geo.maps.escape import Facts, esc

Bounds = tuple[float, float, float, float]

# Layer data reaches the page through Jinja's ``tojson`` (folium's shared template
# environment): written compact and in UTF-8, it is a third smaller than with the
# default spaces and \u escapes, and stays HTML-safe (tojson still escapes < > & ').
folium.GeoJson._template.environment.policies["json.dumps_kwargs"] = {
    "sort_keys": True,
    "separators": (",", ":"),
    "ensure_ascii": False,
}
"""``(min_lon, min_lat, max_lon, max_lat)`` in degrees (WGS84)."""

MODE_COLOURS: dict[str, str] = {
    "hsr": "#c0392b",
    "rail": "#7b3f00",
    "metro": "#8e44ad",
    "expressway": "#1f5fa8",
    "road": "#5dade2",
    "waterway": "#138d75",
}
CATEGORY_COLOURS: dict[str, str] = {
    "transport": "#e67e22",
    "logistics": "#16a085",
    "industrial": "#7f8c8d",
    "energy": "#f1c40f",
    "new-infrastructure": "#2c3e50",
}


@dataclass(frozen=True)
class Tiles:
    """A tile source: URL template, attribution and the datum its tiles are drawn in."""

    url: str
    attribution: str
    datum: str
    subdomains: str = "abc"


TILES: dict[str, Tiles | None] = {
    "none": None,
    "osm": Tiles(
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "&copy; OpenStreetMap contributors",
        "wgs84",
    ),
    "gaode": Tiles(
        "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8"
        "&x={x}&y={y}&z={z}",
        "&copy; AutoNavi (Gaode), GCJ-02",
        "gcj02",
        "1234",
    ),
}


def _to_datum(frame: gpd.GeoDataFrame, datum: str) -> gpd.GeoDataFrame:
    """Return ``frame`` in WGS84, shifted to GCJ-02 when the tiles are drawn in it."""
    frame = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
    if datum != "gcj02":
        return frame
    moved = frame.copy()
    moved["geometry"] = [transform_geometry(g, to="gcj02") for g in frame.geometry]
    return moved


def datum_of(m: folium.Map) -> str:
    """Return the datum the overlays of ``m`` must be drawn in (``wgs84`` or ``gcj02``)."""
    return getattr(m, "_corridor_datum", "wgs84")


def _on_each(labels: list[str]) -> JsCode:
    """Bind tooltips and popups; popups are built from escaped values and ``labels``.

    The labels are written once per layer (escaped, as a JSON array), each feature
    carrying only its escaped values, which keeps maps of many features small. A
    feature without a tooltip of its own (``t``) whose popup is titled shows its title
    and first value (the names, as :func:`geo.maps.markers.place_tooltip` writes them).
    """
    keys = json.dumps([esc(label) for label in labels]).replace("</", "<\\/")
    return JsCode(
        """function(feature, layer) {
    var p = feature.properties, keys = __KEYS__;
    var tip = p.t || (p.n && p.v ? (p.v[0] + ' ' + p.v[1]).trim() : '');
    if (tip) { layer.bindTooltip(tip, {sticky: true}); }
    if (p.v) {
        var html = '<b>' + p.v[0] + '</b><table>';
        for (var i = 1; i < p.v.length; i++) {
            if (p.v[i] !== '') {
                html += '<tr><th style="text-align:left;padding-right:6px">' + keys[i - 1] +
                    '</th><td>' + p.v[i] + '</td></tr>';
            }
        }
        layer.bindPopup(html + '</table>', {maxWidth: 420});
    }
}""".replace("__KEYS__", keys)
    )


def _round(geometry: Any, digits: int = 5) -> Any:
    """Round coordinates (5 decimals, about a metre) to keep the page small."""
    return shapely.transform(geometry, lambda xy: np.round(xy, digits))


def _features(
    frame: gpd.GeoDataFrame,
    style: Callable[[pd.Series], dict[str, Any]],
    tooltip: Callable[[pd.Series], str] | None,
    popup: Callable[[pd.Series], Facts] | None,
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """Return the GeoJSON features, their styles and the popup labels of ``frame``.

    Features carry only the tooltip (``t``) and the escaped popup values (``v``);
    the labels are shared by the layer (:func:`_on_each`).
    """
    features: list[dict[str, Any]] = []
    styles: list[dict[str, Any]] = []
    labels: list[str] = []
    for (_, row), geometry in zip(frame.iterrows(), frame.geometry, strict=True):
        if geometry is None or geometry.is_empty:
            continue
        styles.append(style(row))
        properties: dict[str, Any] = {}
        if tooltip is not None:
            properties["t"] = tooltip(row)
        if popup is not None:
            title, items = popup(row)
            labels = labels or [label for label, _ in items]
            values = [esc(title), *(esc(value) for _, value in items)]
            properties["v"] = values
            names = f"{values[0]} {values[1]}".strip() if len(values) > 1 else None
            if properties.get("t") == names:  # the page rebuilds it from the names
                del properties["t"]
                properties["n"] = 1
        features.append(
            {
                "type": "Feature",
                "id": len(features),
                "properties": properties,
                "geometry": _round(geometry).__geo_interface__,
            }
        )
    return features, styles, labels


def geojson_layer(
    frame: gpd.GeoDataFrame,
    name: str,
    *,
    style: Callable[[pd.Series], dict[str, Any]],
    tooltip: Callable[[pd.Series], str] | None = None,
    popup: Callable[[pd.Series], Facts] | None = None,
    datum: str = "wgs84",
    show: bool = True,
    interactive: bool = True,
) -> folium.GeoJson:
    """Return one GeoJSON layer for a whole GeoDataFrame (not one object per feature).

    Only the style, the tooltip and the popup's escaped values reach the page.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        Features in any CRS (drawn in WGS84, or GCJ-02 with ``datum="gcj02"``); empty
        geometries are skipped.
    name : str
        Layer name in the layer control (HTML: escape data in it).
    style : callable
        Row → Leaflet path options (``radius`` in pixels for points).
    tooltip : callable, optional
        Row → tooltip HTML the caller has escaped (:func:`geo.maps.escape.esc`).
    popup : callable, optional
        Row → :func:`geo.maps.escape.facts`, escaped here.
    datum : {"wgs84", "gcj02"}, default "wgs84"
        The datum of the tiles underneath (:func:`datum_of`).
    show : bool, default True
        Whether the layer is on when the page opens.
    interactive : bool, default True
        False draws the features without tooltips, popups or mouse events.

    Returns
    -------
    folium.GeoJson
        The layer; add it to a map with ``.add_to(m)``.
    """
    features, styles, labels = _features(_to_datum(frame, datum), style, tooltip, popup)
    data = {"type": "FeatureCollection", "features": features}
    return folium.GeoJson(
        data,
        name=name,
        show=show,
        style_function=lambda feature: styles[feature["id"]],
        on_each_feature=_on_each(labels) if interactive and (tooltip or popup) else None,
        marker=folium.CircleMarker(radius=5),
        interactive=interactive,
        smooth_factor=1.0,
    )


def leaflet_only(m: folium.Map) -> folium.Map:
    """Load Leaflet only: no jQuery, Bootstrap or icon fonts (the maps do not use them).

    Returns
    -------
    folium.Map
        ``m`` itself, loading Leaflet 1.9.3 (script and style sheet) only.
    """
    m.default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    m.default_css = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]
    return m


def _check_tiles(tiles: str) -> Tiles | None:
    if tiles not in TILES:
        raise InputError(f"unknown tiles '{tiles}': use one of {', '.join(TILES)}")
    return TILES[tiles]


def _boundaries_layer(boundaries: gpd.GeoDataFrame, datum: str) -> folium.GeoJson:
    """Province outlines filled white, prefecture outlines thin; no mouse events."""
    return geojson_layer(
        boundaries,
        "Boundaries (provinces, prefectures)",
        style=lambda row: {
            "color": "#888888" if row.get("level") != "province" else "#444444",
            "weight": 1.6 if row.get("level") == "province" else 0.6,
            "fill": row.get("level") == "province",
            "fillColor": "#ffffff",
            "fillOpacity": 0.55,
        },
        tooltip=lambda row: esc(row.get("name_zh")),
        datum=datum,
        interactive=False,
    )


def base_map(
    bounds: Bounds,
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
) -> folium.Map:
    """Return an empty map fitted to ``bounds``.

    With ``tiles="none"`` the background is light grey with the outlines of
    ``boundaries``; with tiles, the outlines are drawn on top, as a layer that can be
    switched off.

    Parameters
    ----------
    bounds : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``, degrees (WGS84).
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles (:data:`TILES`).
    boundaries : geopandas.GeoDataFrame, optional
        Province and prefecture polygons with ``level`` and ``name_zh`` columns.

    Returns
    -------
    folium.Map
        The map, remembering the datum its overlays must be drawn in (:func:`datum_of`).

    Raises
    ------
    geo.errors.InputError
        For a ``tiles`` name that is not in :data:`TILES`.
    """
    spec = _check_tiles(tiles)
    datum = spec.datum if spec else "wgs84"
    m = folium.Map(tiles=None, control_scale=True, zoom_control=True)
    leaflet_only(m)
    header = cast(Figure, m.get_root()).header
    if spec is not None:
        folium.TileLayer(
            tiles=spec.url,
            attr=spec.attribution,
            name=f"tiles: {tiles}",
            subdomains=spec.subdomains,
            max_zoom=18,
        ).add_to(m)
    else:
        header.add_child(folium.Element("<style>.leaflet-container{background:#f4f4f2;}</style>"))
    header.add_child(
        folium.Element("<style>.leaflet-tooltip{white-space:normal;max-width:320px;}</style>")
    )
    if boundaries is not None and len(boundaries):
        _boundaries_layer(boundaries, datum).add_to(m)
    min_lon, min_lat, max_lon, max_lat = bounds
    m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    m._corridor_datum = datum  # type: ignore[attr-defined]
    return m


def decorate(
    m: folium.Map,
    bounds: Bounds,
    tiles: str,
    boundaries: gpd.GeoDataFrame | None,
) -> None:
    """Give an existing map (one side of a ``DualMap``) the background of :func:`base_map`.

    Parameters
    ----------
    m : folium.Map
        Changed in place: tile and boundary layers added, datum set, fitted to ``bounds``.
    bounds : tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)``, degrees (WGS84).
    tiles : {"none", "osm", "gaode"}
        Background tiles (:data:`TILES`).
    boundaries : geopandas.GeoDataFrame or None
        Province and prefecture polygons, as for :func:`base_map`.
    """
    template = base_map(bounds, tiles=tiles, boundaries=boundaries)
    for child in list(template._children.values()):
        if isinstance(child, folium.TileLayer | folium.GeoJson):
            m.add_child(child)
    m._corridor_datum = datum_of(template)  # type: ignore[attr-defined]
    min_lon, min_lat, max_lon, max_lat = bounds
    m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])


def finish(m: folium.Map) -> folium.Map:
    """Add the layer control, fullscreen button and measuring tool.

    Parameters
    ----------
    m : folium.Map
        A map from :func:`base_map` with its layers added.

    Returns
    -------
    folium.Map
        ``m`` itself, with the controls (distances measured in kilometres and metres).
    """
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", secondary_length_unit="meters"
    ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def bounds_of(*frames: gpd.GeoDataFrame) -> Bounds:
    """Return the WGS84 box holding every non-empty frame (degrees)."""
    boxes = np.array([f.to_crs("EPSG:4326").total_bounds for f in frames if len(f)])
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


__all__ = [
    "CATEGORY_COLOURS",
    "MODE_COLOURS",
    "TILES",
    "Bounds",
    "Tiles",
    "base_map",
    "bounds_of",
    "datum_of",
    "decorate",
    "finish",
    "geojson_layer",
    "leaflet_only",
]
