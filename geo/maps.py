"""Interactive Folium maps of networks and travel times that work offline.

The functions take GeoDataFrames (WGS84) and column names and return
``folium.Map`` objects (:func:`before_after_map` can return a side-by-side
``folium.plugins.DualMap``); :func:`save_map` writes one self-contained HTML file.

- :func:`network_map`: links coloured by mode, project links by category and status
  (dashed until open), places sized by population, popups with the project's facts.
- :func:`travel_time_map`: places coloured by minutes from an origin, with a legend
  and isochrone bands.
- :func:`before_after_map`: both scenarios as layers, the minutes saved, or a
  side-by-side view.
- :func:`project_map`: one project's footprint and the places it helps most.

**Offline.** Every map has a background without tiles: province and prefecture
outlines shipped with the data (``boundaries.geojson``). :func:`save_map` inlines
Leaflet (from the ``xstatic-leaflet`` package) and every plugin script, stylesheet and
icon (vendored in ``geo/assets/vendor``), so the file opens with no network; a script
it does not know how to inline is an error, never a silent CDN link.

**Tiles.** ``tiles="none"`` (default), ``"osm"`` or ``"gaode"``. Gaode (AutoNavi)
tiles are drawn in GCJ-02, so with them every overlay is shifted to GCJ-02
(:mod:`geo.chinacrs`) to line up.

**Safety.** Text from data reaches the page only HTML-escaped, in tooltips, popups and
legends; GeoJSON is embedded with ``<``, ``>`` and ``&`` escaped, so a name holding
markup or script shows as text and never runs.
"""

from __future__ import annotations

import base64
import html
import json
import math
import mimetypes
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import branca.colormap as cm
import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd
from folium.utilities import JsCode

from geo.atomic import atomic_path, check_folder
from geo.chinacrs import transform_geometry
from geo.errors import InputError, MapError

ASSETS = Path(__file__).resolve().parent / "assets" / "vendor"

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
OPEN_STATUSES = ("open",)
DEFAULT_BANDS: tuple[float, ...] = (60.0, 120.0, 180.0)


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


# --------------------------------------------------------------------------- text


def esc(value: Any) -> str:
    """Return ``value`` as HTML-escaped text ('' for missing)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return html.escape(str(value), quote=True)


Facts = tuple[Any, Sequence[tuple[str, Any]]]


def facts(title: Any, items: Sequence[tuple[str, Any]]) -> Facts:
    """Return a popup's content, a title and (label, value) pairs (escaped when drawn)."""
    return title, list(items)


# ------------------------------------------------------------------------ drawing


def _datum(frame: gpd.GeoDataFrame, datum: str) -> gpd.GeoDataFrame:
    """Return ``frame`` in WGS84, shifted to GCJ-02 when the tiles are drawn in it."""
    frame = frame.to_crs("EPSG:4326") if frame.crs is not None else frame
    if datum != "gcj02":
        return frame
    moved = frame.copy()
    moved["geometry"] = [transform_geometry(g, to="gcj02") for g in frame.geometry]
    return moved


def _on_each(labels: list[str]) -> JsCode:
    """Bind tooltips and popups; popups are built from escaped values and ``labels``.

    The labels are written once per layer (escaped, as a JSON array), each feature
    carrying only its escaped values, which keeps maps of many features small.
    """
    keys = json.dumps([esc(label) for label in labels]).replace("</", "<\\/")
    return JsCode(
        """function(feature, layer) {
    var p = feature.properties, keys = __KEYS__;
    if (p.t) { layer.bindTooltip(p.t, {sticky: true}); }
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


def _round(geometry, digits: int = 5):
    """Round coordinates (5 decimals, about a metre) to keep the page small."""
    import shapely

    return shapely.transform(geometry, lambda xy: np.round(xy, digits))


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

    ``style`` gives Leaflet path options per row (``radius`` for points);
    ``tooltip`` returns HTML the caller has escaped (:func:`esc`); ``popup`` returns
    :func:`facts`, escaped here. Only these and the style reach the page.
    """
    frame = _datum(frame, datum)
    features = []
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
            properties["v"] = [esc(title), *(esc(value) for _, value in items)]
        features.append(
            {
                "type": "Feature",
                "id": len(features),
                "properties": properties,
                "geometry": _round(geometry).__geo_interface__,
            }
        )
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


def _tidy(m: folium.Map) -> folium.Map:
    """Load Leaflet only: no jQuery, Bootstrap or icon fonts (the maps do not use them)."""
    m.default_js = [("leaflet", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")]
    m.default_css = [("leaflet_css", "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css")]
    return m


def base_map(
    bounds: tuple[float, float, float, float],
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    figure: Any = None,
) -> folium.Map:
    """Return an empty map fitted to ``(min_lon, min_lat, max_lon, max_lat)``.

    With ``tiles="none"`` the background is light grey with the outlines of
    ``boundaries`` (province and prefecture polygons); with tiles, the outlines are
    drawn on top, as a layer that can be switched off.
    """
    if tiles not in TILES:
        raise MapError(f"unknown tiles '{tiles}': use one of {', '.join(TILES)}")
    spec = TILES[tiles]
    datum = spec.datum if spec else "wgs84"
    m = folium.Map(tiles=None, control_scale=True, zoom_control=True)
    _tidy(m)
    if spec is not None:
        folium.TileLayer(
            tiles=spec.url,
            attr=spec.attribution,
            name=f"tiles: {tiles}",
            subdomains=spec.subdomains,
            max_zoom=18,
        ).add_to(m)
    else:
        m.get_root().header.add_child(
            folium.Element("<style>.leaflet-container{background:#f4f4f2;}</style>")
        )
    m.get_root().header.add_child(
        folium.Element("<style>.leaflet-tooltip{white-space:normal;max-width:320px;}</style>")
    )
    if boundaries is not None and len(boundaries):
        geojson_layer(
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
        ).add_to(m)
    min_lon, min_lat, max_lon, max_lat = bounds
    m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])
    m._corridor_datum = datum  # type: ignore[attr-defined]
    return m


def finish(m: folium.Map) -> folium.Map:
    """Add the layer control, fullscreen button and measuring tool."""
    folium.plugins.Fullscreen(position="topleft").add_to(m)
    folium.plugins.MeasureControl(
        position="topleft", primary_length_unit="kilometers", secondary_length_unit="meters"
    ).add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    return m


def _datum_of(m: folium.Map) -> str:
    return getattr(m, "_corridor_datum", "wgs84")


def _bounds(*frames: gpd.GeoDataFrame) -> tuple[float, float, float, float]:
    boxes = np.array([f.to_crs("EPSG:4326").total_bounds for f in frames if len(f)])
    return (
        float(boxes[:, 0].min()),
        float(boxes[:, 1].min()),
        float(boxes[:, 2].max()),
        float(boxes[:, 3].max()),
    )


def _radius(population: Any, *, smallest: float = 3.0) -> float:
    if population is None or pd.isna(population) or float(population) <= 0:
        return smallest
    return float(max(smallest, min(18.0, math.sqrt(float(population)) / 250.0)))


def _place_tooltip(row: pd.Series, extra: str = "") -> str:
    name = esc(row.get("name"))
    zh = esc(row.get("name_zh"))
    label = f"{name} {zh}".strip()
    return f"{label}{'<br>' + extra if extra else ''}"


# ---------------------------------------------------------------------- map kinds


def network_map(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    projects: pd.DataFrame | None = None,
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    project_column: str = "project_id",
    mode_column: str = "mode",
    population_column: str = "population",
) -> folium.Map:
    """Return the network: links by mode, project links by category and status, places.

    ``links`` rows with an empty ``project_column`` are the existing network (one
    layer per mode); the others belong to the project of that id in ``projects``
    (indexed by id; columns name, name_zh, category, subtype, status, opening_year,
    investment_cny_bn, source), drawn in the category's colour, dashed until open.
    """
    m = base_map(_bounds(nodes, links), tiles=tiles, boundaries=boundaries)
    datum = _datum_of(m)
    existing = links[links[project_column].fillna("") == ""]
    for mode in sorted(existing[mode_column].unique()):
        subset = existing[existing[mode_column] == mode]
        geojson_layer(
            subset,
            f"Existing: {mode} ({len(subset)})",
            style=lambda row: {
                "color": MODE_COLOURS.get(row[mode_column], "#333333"),
                "weight": 3 if row[mode_column] in ("hsr", "expressway") else 2,
                "opacity": 0.85,
            },
            tooltip=lambda row: (
                f"{esc(row.get('name'))} {esc(row.get('name_zh'))}"
                f"<br>{esc(row[mode_column])}, {esc(row.get('speed_kmh'))} km/h"
            ),
            popup=lambda row: facts(
                row.get("name"),
                [
                    ("Chinese name", row.get("name_zh")),
                    ("mode", row[mode_column]),
                    ("speed km/h", row.get("speed_kmh")),
                    ("opened", row.get("opened")),
                    ("source", row.get("source")),
                ],
            ),
            datum=datum,
        ).add_to(m)
    added = links[links[project_column].fillna("") != ""]
    if len(added):
        catalogue = projects if projects is not None else pd.DataFrame()

        def fact(row: pd.Series, key: str) -> Any:
            pid = row[project_column]
            if pid in catalogue.index and key in catalogue.columns:
                return catalogue.at[pid, key]
            return None

        geojson_layer(
            added,
            f"Projects: new links ({len(added)})",
            style=lambda row: {
                "color": CATEGORY_COLOURS.get(fact(row, "category") or "", "#e67e22"),
                "weight": 5,
                "opacity": 0.9,
                "dashArray": None if fact(row, "status") in OPEN_STATUSES else "8 6",
            },
            tooltip=lambda row: (
                f"{esc(fact(row, 'name') or row.get('name'))}"
                f"<br>{esc(fact(row, 'status'))} {esc(fact(row, 'opening_year'))}"
            ),
            popup=lambda row: facts(
                fact(row, "name") or row.get("name"),
                [
                    ("Chinese name", fact(row, "name_zh")),
                    ("project", row[project_column]),
                    ("category", fact(row, "category")),
                    ("subtype", fact(row, "subtype")),
                    ("status", fact(row, "status")),
                    ("opening year", fact(row, "opening_year")),
                    ("investment, RMB bn", fact(row, "investment_cny_bn")),
                    ("link", row.get("name")),
                    ("mode", row[mode_column]),
                    ("length km", row.get("length_km") or row.get("geodesic_km")),
                    ("speed km/h", row.get("speed_kmh")),
                    ("source", fact(row, "source") or row.get("source")),
                ],
            ),
            datum=datum,
        ).add_to(m)
    _places_layer(m, nodes, "Places", population_column=population_column, datum=datum)
    return finish(m)


def _places_layer(
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
    geojson_layer(
        nodes,
        f"{name} ({len(nodes)})",
        style=lambda row: {
            "radius": _radius(row.get(population_column)),
            "color": "#222222",
            "weight": 1,
            "fill": True,
            "fillColor": colour(row) if colour else "#ffffff",
            "fillOpacity": 0.9,
        },
        tooltip=tooltip or (lambda row: _place_tooltip(row)),
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


def _minutes_colormap(values: pd.Series, caption: str) -> cm.LinearColormap:
    finite = values[np.isfinite(values.astype(float))]
    top = float(finite.max()) if len(finite) else 60.0
    top = max(60.0, math.ceil(top / 30.0) * 30.0)
    return cm.LinearColormap(
        ["#1a9850", "#fee08b", "#d73027", "#67001f"],
        vmin=0.0,
        vmax=top,
        caption=caption,
    )


def isochrone_bands(
    nodes: gpd.GeoDataFrame,
    minutes: pd.Series,
    bands: Sequence[float] = DEFAULT_BANDS,
    *,
    local_kmh: float = 30.0,
    max_radius_km: float = 40.0,
    metric_crs: Any = "EPSG:32648",
) -> gpd.GeoDataFrame:
    """Return isochrone bands as polygons: where the origin's reach ends, per band.

    A strategic network knows times at places only, so each band is the union of
    discs around the places reached within it, the radius being the time left
    travelled at ``local_kmh`` (capped at ``max_radius_km``): the area reachable by a
    local trip from a place reached by the network. Bands are rings (the 120-minute
    band excludes the 60-minute one). Built in ``metric_crs``, returned in WGS84.
    """
    points = nodes.to_crs(metric_crs)
    rows = []
    previous = None
    for limit in sorted(bands):
        discs = []
        for place, t in minutes.items():
            if place in points.index and np.isfinite(t) and t <= limit:
                radius = min((limit - t) / 60.0 * local_kmh, max_radius_km) * 1000.0
                if radius > 0:
                    discs.append(points.geometry[place].buffer(radius, 24))
        area = gpd.GeoSeries(discs, crs=metric_crs).union_all() if discs else None
        ring = area.difference(previous) if area is not None and previous is not None else area
        if ring is not None and not ring.is_empty:
            rows.append({"band_min": float(limit), "geometry": ring})
        previous = area if area is not None else previous
    frame = gpd.GeoDataFrame(rows, columns=["band_min", "geometry"], crs=metric_crs)
    return frame.to_crs("EPSG:4326")


def travel_time_map(
    nodes: gpd.GeoDataFrame,
    minutes_column: str,
    origin: str,
    *,
    bands: Sequence[float] = DEFAULT_BANDS,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    caption: str = "minutes",
    metric_crs: Any = "EPSG:32648",
    local_kmh: float = 30.0,
) -> folium.Map:
    """Return places coloured by minutes from ``origin`` with a legend and isochrone bands.

    ``nodes`` holds the minutes in ``minutes_column`` (NaN = unreachable, drawn grey).
    """
    m = base_map(_bounds(nodes), tiles=tiles, boundaries=boundaries)
    datum = _datum_of(m)
    values = nodes[minutes_column].astype(float)
    colormap = _minutes_colormap(values, caption)
    band_frame = isochrone_bands(nodes, values, bands, local_kmh=local_kmh, metric_crs=metric_crs)
    shades = ["#31a354", "#a1d99b", "#fdae6b", "#e6550d", "#a63603"]
    for i, (_, band) in enumerate(band_frame.iterrows()):
        geojson_layer(
            band_frame.iloc[[i]],
            f"Within {band['band_min']:g} min",
            style=lambda row, k=i: {
                "color": shades[k % len(shades)],
                "weight": 1,
                "fillColor": shades[k % len(shades)],
                "fillOpacity": 0.25,
            },
            tooltip=lambda row: f"within {row['band_min']:g} minutes of {esc(origin)}",
            datum=datum,
        ).add_to(m)

    def colour(row: pd.Series) -> str:
        t = row[minutes_column]
        return "#bbbbbb" if pd.isna(t) else colormap(float(t))

    def tip(row: pd.Series) -> str:
        t = row[minutes_column]
        return _place_tooltip(row, "unreachable" if pd.isna(t) else f"{float(t):.0f} min")

    _places_layer(m, nodes, f"Minutes from {esc(origin)}", datum=datum, colour=colour, tooltip=tip)
    colormap.caption = caption  # drawn with d3's .text(): shown as text, never parsed
    colormap.add_to(m)
    return finish(m)


def before_after_map(
    nodes: gpd.GeoDataFrame,
    before_column: str,
    after_column: str,
    *,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    side_by_side: bool = False,
    labels: tuple[str, str] = ("before", "after"),
    caption: str = "minutes",
) -> folium.Map | folium.plugins.DualMap:
    """Return the before and after minutes of each place, and the minutes saved.

    One map with three layers (before, after, minutes saved; only the last shown at
    first), or with ``side_by_side`` a synchronised pair: before on the left, after
    on the right (with the minutes saved as a layer to switch on).
    """
    values = pd.concat([nodes[before_column], nodes[after_column]]).astype(float)
    colormap = _minutes_colormap(values, caption)
    saved = (nodes[before_column] - nodes[after_column]).astype(float)
    finite = saved[np.isfinite(saved)]
    top = max(1.0, float(finite.max()) if len(finite) else 1.0)
    saved_map = cm.LinearColormap(
        ["#f7fbff", "#6baed6", "#08306b"], vmin=0.0, vmax=top, caption="minutes saved"
    )

    def minutes_layer(m: folium.Map, column: str, label: str, show: bool) -> None:
        def colour(row: pd.Series) -> str:
            t = row[column]
            return "#bbbbbb" if pd.isna(t) else colormap(float(t))

        def tip(row: pd.Series) -> str:
            t = row[column]
            shown = "unreachable" if pd.isna(t) else f"{float(t):.0f} min"
            return _place_tooltip(row, f"{esc(label)}: {shown}")

        _places_layer(
            m, nodes, f"{esc(label)}", datum=_datum_of(m), colour=colour, tooltip=tip, show=show
        )

    def saved_layer(m: folium.Map, legend: bool = True) -> None:
        frame = nodes.assign(_saved=saved)

        def colour(row: pd.Series) -> str:
            s = row["_saved"]
            return "#bbbbbb" if pd.isna(s) else saved_map(float(min(max(s, 0.0), top)))

        def tip(row: pd.Series) -> str:
            s = row["_saved"]
            text = (
                "newly reachable or unreachable"
                if pd.isna(s)
                else f"{float(s):.1f} min saved ({row[before_column]:.0f} → "
                f"{row[after_column]:.0f})"
            )
            return _place_tooltip(row, text)

        _places_layer(
            m, frame, "Minutes saved", datum=_datum_of(m), colour=colour, tooltip=tip, show=legend
        )
        if legend:
            saved_map.add_to(m)

    bounds = _bounds(nodes)
    if not side_by_side:
        m = base_map(bounds, tiles=tiles, boundaries=boundaries)
        minutes_layer(m, before_column, labels[0], show=False)
        minutes_layer(m, after_column, labels[1], show=False)
        saved_layer(m)
        colormap.add_to(m)
        return finish(m)
    dual = folium.plugins.DualMap(tiles=None, control_scale=True)
    for side in (dual.m1, dual.m2):
        _tidy(side)
    for side, column, label in (
        (dual.m1, before_column, labels[0]),
        (dual.m2, after_column, labels[1]),
    ):
        _decorate(side, bounds, tiles, boundaries)
        minutes_layer(side, column, label, show=True)
    saved_layer(dual.m2, legend=False)
    colormap.add_to(dual.m2)
    for side in (dual.m1, dual.m2):
        folium.LayerControl(collapsed=False).add_to(side)
    return dual


def _decorate(
    m: folium.Map,
    bounds: tuple[float, float, float, float],
    tiles: str,
    boundaries: gpd.GeoDataFrame | None,
) -> None:
    """Give an existing map (one side of a DualMap) the base map's background."""
    template = base_map(bounds, tiles=tiles, boundaries=boundaries)
    for child in list(template._children.values()):
        if isinstance(child, folium.TileLayer | folium.GeoJson):
            m.add_child(child)
    m._corridor_datum = _datum_of(template)  # type: ignore[attr-defined]
    min_lon, min_lat, max_lon, max_lat = bounds
    m.fit_bounds([[min_lat, min_lon], [max_lat, max_lon]])


def project_map(
    nodes: gpd.GeoDataFrame,
    links: gpd.GeoDataFrame,
    project: pd.Series,
    saved_column: str,
    *,
    top: int = 10,
    tiles: str = "none",
    boundaries: gpd.GeoDataFrame | None = None,
    project_column: str = "project_id",
) -> folium.Map:
    """Return one project's footprint and the places it helps most.

    ``project`` is the catalogue row (id, name, facts); ``links`` and ``nodes`` carry
    ``project_column``; ``nodes[saved_column]`` holds minutes saved per trip of a
    resident (the ``top`` largest are highlighted).
    """
    pid = project["id"]
    own_links = links[links[project_column] == pid]
    own_nodes = nodes[nodes[project_column] == pid] if project_column in nodes else nodes.iloc[:0]
    frames = [f for f in (own_links, own_nodes) if len(f)] or [nodes]
    m = base_map(_bounds(*frames, nodes), tiles=tiles, boundaries=boundaries)
    datum = _datum_of(m)
    project_facts = facts(
        project.get("name"),
        [
            ("Chinese name", project.get("name_zh")),
            ("id", pid),
            ("category", project.get("category")),
            ("subtype", project.get("subtype")),
            ("status", project.get("status")),
            ("opening year", project.get("opening_year")),
            ("investment, RMB bn", project.get("investment_cny_bn")),
            ("source", project.get("source")),
        ],
    )
    if len(own_links):
        geojson_layer(
            own_links,
            f"Footprint: {esc(pid)}",
            style=lambda row: {"color": "#e67e22", "weight": 6, "opacity": 0.95},
            tooltip=lambda row: esc(row.get("name")),
            popup=lambda row: project_facts,
            datum=datum,
        ).add_to(m)
    if len(own_nodes):
        geojson_layer(
            own_nodes,
            f"Facilities: {esc(pid)}",
            style=lambda row: {
                "radius": 8,
                "color": "#e67e22",
                "weight": 3,
                "fill": True,
                "fillColor": "#ffffff",
                "fillOpacity": 1,
            },
            tooltip=lambda row: _place_tooltip(row),
            popup=lambda row: project_facts,
            datum=datum,
        ).add_to(m)
    saved = nodes[saved_column].astype(float).fillna(0.0)
    best = set(saved[saved > 0].sort_values(ascending=False).index[:top])
    top_value = max(1.0, float(saved.max()))
    scale = cm.LinearColormap(
        ["#f7fbff", "#08306b"], vmin=0.0, vmax=top_value, caption="minutes saved per trip"
    )

    def colour(row: pd.Series) -> str:
        return scale(float(min(max(row[saved_column] or 0.0, 0.0), top_value)))

    def tip(row: pd.Series) -> str:
        value = row[saved_column]
        mark = " (among the places helped most)" if row.name in best else ""
        return _place_tooltip(row, f"{float(value or 0):.1f} min saved per trip{mark}")

    others = nodes[nodes[project_column] != pid] if project_column in nodes else nodes
    _places_layer(m, others, "Minutes saved per trip", datum=datum, colour=colour, tooltip=tip)
    scale.add_to(m)
    return finish(m)


# ------------------------------------------------------------------ self-contained


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR)


def _asset_table() -> dict[str, Path]:
    """Known script and stylesheet URLs → the local file that replaces them."""
    leaflet = _leaflet_dir()
    return {
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": leaflet / "leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": leaflet / "leaflet.css",
        "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js": ASSETS
        / "d3-3.5.5"
        / "d3.min.js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": ASSETS
        / "leaflet.fullscreen-3.0.0"
        / "Control.FullScreen.js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": ASSETS
        / "leaflet.fullscreen-3.0.0"
        / "Control.FullScreen.css",
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": (
            ASSETS / "leaflet-measure-2.1.7" / "leaflet-measure.min.js"
        ),
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": (
            ASSETS / "leaflet-measure-2.1.7" / "leaflet-measure.css"
        ),
        "https://cdn.jsdelivr.net/gh/jieter/Leaflet.Sync/L.Map.Sync.min.js": ASSETS
        / "leaflet.sync-0.2.4"
        / "L.Map.Sync.js",
    }


_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        local = (path.parent / target.split("?")[0].split("#")[0]).resolve()
        if not local.is_file():
            raise MapError(f"stylesheet {path.name} refers to {target}, which is not shipped")
        return f"url('{_data_uri(local)}')"

    return _CSS_URL.sub(replace, text)


def inline_assets(page: str) -> str:
    """Replace every external script and stylesheet of ``page`` by its inlined copy.

    Raises
    ------
    MapError
        For a script or stylesheet URL that has no shipped copy.
    """
    table = _asset_table()

    def script(match: re.Match[str]) -> str:
        url = match.group(1)
        if url not in table:
            raise MapError(f"the map loads {url}, which Corridor does not ship for offline use")
        code = table[url].read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>/* {url.rsplit('/', 1)[-1]} (inlined) */\n{code}\n</script>"

    def stylesheet(match: re.Match[str]) -> str:
        url = match.group(1)
        if url not in table:
            raise MapError(f"the map loads {url}, which Corridor does not ship for offline use")
        return (
            f"<style>/* {url.rsplit('/', 1)[-1]} (inlined) */\n{_inline_css(table[url])}\n</style>"
        )

    page = _SCRIPT.sub(script, page)
    return _STYLESHEET.sub(stylesheet, page)


def render_html(m: Any, *, inline: bool = True) -> str:
    """Return the map's HTML page, with every asset inlined unless ``inline`` is False."""
    page = m.get_root().render()
    return inline_assets(page) if inline else page


def save_map(m: Any, path: str | Path, *, inline: bool = True) -> Path:
    """Write the map to ``path`` atomically (a temporary file, then a rename).

    A failure never leaves a half-written file, nor replaces a good one.

    Raises
    ------
    geo.atomic.OutputError
        When the folder does not exist or cannot be written (exit code 2).
    """
    path = check_folder(path)
    page = render_html(m, inline=inline)
    with atomic_path(path) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return path


def load_boundaries(folder: str | Path) -> gpd.GeoDataFrame | None:
    """Read ``boundaries.geojson`` of a dataset folder (None when it has none)."""
    path = Path(folder) / "boundaries.geojson"
    if not path.is_file():
        return None
    frame = gpd.read_file(path)
    if frame.crs is not None and frame.crs.to_epsg() != 4326:
        raise InputError(f"{path}: boundaries must be WGS84 (EPSG:4326), not {frame.crs}")
    return frame


def page_summary(page: str) -> dict[str, Any]:
    """Count what a rendered page loads from outside (for tests and checks)."""
    return {
        "external_scripts": _SCRIPT.findall(page),
        "external_stylesheets": _STYLESHEET.findall(page),
        "bytes": len(page.encode("utf-8")),
    }


__all__ = [
    "TILES",
    "MapError",
    "base_map",
    "before_after_map",
    "esc",
    "facts",
    "geojson_layer",
    "inline_assets",
    "isochrone_bands",
    "load_boundaries",
    "network_map",
    "project_map",
    "render_html",
    "save_map",
    "travel_time_map",
]
