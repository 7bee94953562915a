"""geo.maps.network: links by mode, project links by category and status, places."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from geo.maps.layers import CATEGORY_COLOURS, MODE_COLOURS
from geo.maps.network import network_map


def layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.GeoJson)}


def styles(layer: folium.GeoJson) -> list[dict]:
    return [layer.style_function(f) for f in layer.data["features"]]


def test_network_map_draws_modes_projects_and_places() -> None:
    nodes = gpd.GeoDataFrame(
        {"name": ["a", "b", "c"], "population": [1_000_000, 500_000, 250_000]},
        geometry=[Point(104.0, 30.0), Point(105.0, 30.0), Point(106.0, 30.0)],
        crs=4326,
    )
    a, b, c = [(104.0, 30.0)], [(105.0, 30.0)], [(106.0, 30.0)]
    links = gpd.GeoDataFrame(
        {
            "mode": ["hsr", "road", "rail", "rail"],
            "project_id": [None, "", "p_open", "p_plan"],
            "name": ["h", "r", "new open", "new planned"],
        },
        geometry=[LineString(a + b), LineString(b + c), LineString(a + c), LineString(b + c)],
        crs=4326,
    )
    projects = pd.DataFrame(
        {"name": ["Open", "Planned"], "category": ["logistics", "energy"]},
        index=["p_open", "p_plan"],
    ).assign(status=["open", "planned"])
    m = network_map(nodes, links, projects)
    drawn = layers(m)
    assert list(drawn) == [
        "Existing: hsr (1)",
        "Existing: road (1)",
        "Projects: new links (2)",
        "Places (3)",
    ]
    assert styles(drawn["Existing: hsr (1)"])[0] == {
        "color": MODE_COLOURS["hsr"],
        "weight": 3,
        "opacity": 0.85,
    }
    assert styles(drawn["Existing: road (1)"])[0]["weight"] == 2
    opened, planned = styles(drawn["Projects: new links (2)"])
    assert opened["color"] == CATEGORY_COLOURS["logistics"] and opened["dashArray"] is None
    assert planned["color"] == CATEGORY_COLOURS["energy"] and planned["dashArray"] == "8 6"


def test_project_links_without_a_catalogue_are_drawn_orange_and_dashed() -> None:
    nodes = gpd.GeoDataFrame(geometry=[Point(104.0, 30.0), Point(105.0, 30.0)], crs=4326)
    links = gpd.GeoDataFrame(
        {"mode": ["rail"], "project_id": ["p_x"], "name": ["x"]},
        geometry=[LineString([(104.0, 30.0), (105.0, 30.0)])],
        crs=4326,
    )
    drawn = layers(network_map(nodes, links))
    (style,) = styles(drawn["Projects: new links (1)"])
    assert style["color"] == "#e67e22" and style["dashArray"] == "8 6"
