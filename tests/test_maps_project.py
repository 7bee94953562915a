"""geo.maps.project: one project's footprint and the places it helps most."""

from __future__ import annotations

import folium
import geopandas as gpd
import pandas as pd
from shapely.geometry import LineString, Point

from geo.maps.project import FOOTPRINT_COLOUR, project_map


def layers(m: folium.Map) -> dict[str, folium.GeoJson]:
    return {c.layer_name: c for c in m._children.values() if isinstance(c, folium.GeoJson)}


def test_footprint_facilities_and_the_places_helped_most() -> None:
    nodes = gpd.GeoDataFrame(
        {
            "name": ["a", "b", "c", "port"],
            "project_id": [None, None, None, "p1"],
            "saved": [5.0, 0.5, 0.0, 0.0],
        },
        geometry=[Point(104, 30), Point(105, 30), Point(106, 30), Point(105, 29.5)],
        crs=4326,
    )
    links = gpd.GeoDataFrame(
        {"project_id": ["p1", None], "name": ["port road", "old road"]},
        geometry=[LineString([(105, 30), (105, 29.5)]), LineString([(104, 30), (105, 30)])],
        crs=4326,
    )
    project = pd.Series({"id": "p1", "name": "<Port>", "status": "planned"})
    drawn = layers(project_map(nodes, links, project, "saved", top=1))
    assert list(drawn) == [
        "Footprint: p1",
        "Facilities: p1",
        "Minutes saved per trip (3)",
    ]
    (road,) = drawn["Footprint: p1"].data["features"]
    assert drawn["Footprint: p1"].style_function(road)["color"] == FOOTPRINT_COLOUR
    assert road["properties"]["v"][:3] == ["&lt;Port&gt;", "", "p1"]
    tips = [f["properties"]["t"] for f in drawn["Minutes saved per trip (3)"].data["features"]]
    assert tips == [
        "a<br>5.0 min saved per trip (among the places helped most)",
        "b<br>0.5 min saved per trip",
        "c<br>0.0 min saved per trip",
    ]
