"""Interactive Folium maps of networks and travel times that work offline.

The functions take GeoDataFrames (WGS84) and column names and return ``folium.Map``
objects (:func:`before_after_map` can return a side-by-side
``folium.plugins.DualMap``); they compute nothing: the engine (:mod:`network.maps`)
computes the numbers and the isochrone bands, and :func:`save_map` writes one
self-contained HTML file. One module per concern:

- :mod:`geo.maps.escape`: text from data, HTML-escaped (:func:`esc`, :func:`facts`).
- :mod:`geo.maps.layers`: tiles and datums (GCJ-02 with Gaode tiles), the base map,
  one GeoJSON layer per GeoDataFrame, the controls, the colours.
- :mod:`geo.maps.markers`: places sized by population, the colour scale of minutes.
- the map kinds, one module each: :mod:`geo.maps.network` (links by mode, projects by
  category and status), :mod:`geo.maps.travel_time` (minutes from an origin and the
  isochrone bands given), :mod:`geo.maps.before_after` (two scenarios and the
  minutes saved, or side by side), :mod:`geo.maps.project` (one project's footprint
  and the places it helps most), :mod:`geo.maps.flows` (freight links as wide as their
  tonnes, before and after).
- :mod:`geo.maps.offline`: every asset inlined, so a page opens with no network.
- :mod:`geo.maps.io`: :func:`save_map` (atomic) and :func:`load_boundaries`.

**Offline.** Every map has a background without tiles: province and prefecture
outlines shipped with the data (``boundaries.geojson``).

**Safety.** Text from data reaches the page only HTML-escaped, in tooltips, popups and
legends; a name holding markup or script shows as text and never runs.
"""

from __future__ import annotations

from geo.errors import MapError
from geo.maps.before_after import before_after_map
from geo.maps.escape import Facts, esc, facts
from geo.maps.flows import flow_map
from geo.maps.io import load_boundaries, save_map
from geo.maps.layers import (
    CATEGORY_COLOURS,
    MODE_COLOURS,
    TILES,
    Tiles,
    base_map,
    finish,
    geojson_layer,
)
from geo.maps.network import OPEN_STATUSES, network_map
from geo.maps.offline import ASSETS, inline_assets, page_summary, render_html
from geo.maps.project import project_map
from geo.maps.travel_time import travel_time_map

__all__ = [
    "ASSETS",
    "CATEGORY_COLOURS",
    "MODE_COLOURS",
    "OPEN_STATUSES",
    "TILES",
    "Facts",
    "MapError",
    "Tiles",
    "base_map",
    "before_after_map",
    "esc",
    "facts",
    "finish",
    "flow_map",
    "geojson_layer",
    "inline_assets",
    "load_boundaries",
    "network_map",
    "page_summary",
    "project_map",
    "render_html",
    "save_map",
    "travel_time_map",
]
