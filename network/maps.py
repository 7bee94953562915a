"""Maps of scenarios: the engine computes the numbers, :mod:`geo.maps` draws them.

Each function takes a :class:`~network.cache.ScenarioCache` first (the dataset and the
parameters, whose graphs it reuses), as every analysis of the engine does, and returns a
``folium.Map`` (or ``DualMap``); write it with :func:`geo.maps.save_map`, which inlines
every asset. The isochrone bands of the travel-time map are computed here, by
:mod:`network.isochrones`, in the dataset's metric CRS.
"""

from __future__ import annotations

import folium
import folium.plugins
import geopandas as gpd
import numpy as np
import pandas as pd

from geo import maps as geomaps
from geo.dataset import Dataset
from geo.errors import InputError
from geo.schema import PLACE_KINDS
from network.accessibility import accessibility, person_minutes_saved, resident_weights
from network.cache import ScenarioCache, ScenarioSpec
from network.isochrones import DEFAULT_BANDS, isochrones
from network.scenario import Scenario, active_network

MAP_KINDS = ("network", "time", "before-after", "project")


def _boundaries(dataset: Dataset) -> gpd.GeoDataFrame | None:
    return geomaps.load_boundaries(dataset.folder)


def region_view(dataset: Dataset) -> tuple[float, float, float, float] | None:
    """Return the box a map of the study region opens on: its zones, else its places.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    tuple of float or None
        ``(min_lon, min_lat, max_lon, max_lat)`` with a 5 % margin; None when the
        dataset marks no place as in the region (the map shows everything).
    """
    if dataset.zones is not None:
        box = [float(v) for v in dataset.zones.total_bounds]
    else:
        region = dataset.nodes[dataset.nodes["circle"].astype(bool)]
        if region.empty:
            return None
        box = [float(v) for v in region.total_bounds]
    dx, dy = (box[2] - box[0]) * 0.05, (box[3] - box[1]) * 0.05
    return (box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy)


def _places(dataset: Dataset, scenario: Scenario, *, polygons: bool = True) -> gpd.GeoDataFrame:
    """Return the places a map colours: the zones as polygons and the places outside them.

    Without zones: every city, district, county and town, as points. ``polygons``
    false keeps the zones' seats (points), as isochrone bands need.
    """
    _, nodes = active_network(dataset, scenario)
    places = nodes[nodes["kind"].isin(PLACE_KINDS)]
    if dataset.zones is None:
        return places
    places = places[places.index.isin(set(dataset.trip_ends))].copy()
    if polygons:
        shapes = zone_shapes(dataset)
        inside = places.index.isin(shapes.index)
        places.loc[inside, "geometry"] = shapes.reindex(places.index[inside]).to_numpy()
    return places


def zone_shapes(dataset: Dataset) -> gpd.GeoSeries:
    """Return the zones' polygons simplified for a map of the whole region.

    Simplified together (a coverage: neighbours keep sharing their edges) to a
    tolerance of 1/1500 of the region's larger extent, about a pixel at the zoom that
    shows the whole region.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    geopandas.GeoSeries
        Indexed by zone id, WGS84.
    """
    import shapely

    zones = dataset.zones
    assert zones is not None
    minx, miny, maxx, maxy = (float(v) for v in zones.total_bounds)
    tolerance = max(maxx - minx, maxy - miny) / 1500.0
    geoms = zones.geometry.to_numpy()
    try:
        simple = shapely.coverage_simplify(geoms, tolerance)
    except shapely.errors.GEOSException:  # not a clean coverage: each on its own
        simple = shapely.simplify(geoms, tolerance, preserve_topology=True)
    return gpd.GeoSeries(simple, index=zones.index, crs=zones.crs)


def _minutes_from(matrix: pd.DataFrame, origin: str, places: pd.Index) -> list[float]:
    """Return minutes from ``origin`` to each of ``places`` (NaN where either is absent)."""
    return [
        float(matrix.at[origin, p]) if origin in matrix.index and p in matrix.columns else np.nan
        for p in places
    ]


def _track(links: pd.DataFrame) -> pd.DataFrame:
    """Return the links that are infrastructure: train services run over them, not beside."""
    return links[~links["service"].astype(bool)] if "service" in links.columns else links


def network_map(
    cache: ScenarioCache, scenario: ScenarioSpec = "full", *, tiles: str = "none"
) -> folium.Map:
    """Return the network of a scenario (default: everything, projects drawn apart).

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once); its dataset's ``metric_crs``
        is where isochrone bands are drawn.
    scenario : str or Scenario, default "full"
        The scenario whose links and places are drawn.
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.

    Returns
    -------
    folium.Map
        See :func:`geo.maps.network_map`.
    """
    dataset = cache.dataset
    chosen = cache.scenario(scenario)
    links, nodes = active_network(dataset, chosen)
    links = gpd.GeoDataFrame(_track(links), geometry="geometry", crs=dataset.links.crs)
    zones = None
    if dataset.zones is not None:
        zones = dataset.zones.drop(columns="geometry").set_geometry(zone_shapes(dataset))
        nodes = nodes[nodes["kind"] != "zone"]
    return geomaps.network_map(
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=dataset.nodes.crs),
        links,
        dataset.projects,
        tiles=tiles,
        boundaries=_boundaries(dataset),
        zones=zones,
        view=region_view(dataset),
    )


def travel_time_map(
    cache: ScenarioCache,
    origin: str,
    scenario: ScenarioSpec = "baseline",
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    bands: tuple[float, ...] = DEFAULT_BANDS,
    tiles: str = "none",
) -> folium.Map:
    """Return places coloured by minutes from ``origin``, with isochrone bands.

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once); its dataset's ``metric_crs``
        is where isochrone bands are drawn.
    origin : str
        Node id of the origin.
    scenario : str or Scenario, default "baseline"
        The scenario travelled.
    modes : str, default "any"
        Mode set.
    basis : {"door_to_door", "line_haul"}, default "door_to_door"
        Time basis.
    bands : tuple of float, default (60, 120, 180)
        Isochrone band limits, minutes (:func:`network.isochrones.isochrones`).
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.

    Returns
    -------
    folium.Map
        See :func:`geo.maps.travel_time_map`.

    Raises
    ------
    geo.errors.InputError
        When ``origin`` is not a place of the scenario.
    """
    dataset, chosen = cache.dataset, cache.scenario(scenario)
    matrix = cache.matrix(chosen, modes, basis)
    if origin not in matrix.index:
        raise InputError(f"'{origin}' is not in scenario '{chosen.name}' (a project adds it)")
    places = _places(dataset, chosen).copy()
    places["minutes"] = _minutes_from(matrix, origin, places.index)
    name = dataset.nodes.at[origin, "name"]
    seats = _places(dataset, chosen, polygons=False)
    return geomaps.travel_time_map(
        places,
        "minutes",
        name,
        bands=isochrones(dataset, seats, places["minutes"].astype(float), bands),
        tiles=tiles,
        boundaries=_boundaries(dataset),
        caption=f"minutes from {name} ({chosen.name}, {modes}, {basis.replace('_', '-')})",
        view=region_view(dataset),
    )


def _before_after_minutes(
    cache: ScenarioCache,
    places: gpd.GeoDataFrame,
    scenarios: tuple[Scenario, Scenario],
    origin: str | None,
    modes: str,
    basis: str,
) -> str:
    """Fill ``places`` ``before`` and ``after`` (minutes); return what they measure."""
    if origin is not None:
        for column, scenario in zip(("before", "after"), scenarios, strict=True):
            places[column] = _minutes_from(
                cache.matrix(scenario, modes, basis), origin, places.index
            )
        return f"minutes from {cache.dataset.nodes.at[origin, 'name']}"
    for column, scenario in zip(("before", "after"), scenarios, strict=True):
        measures = accessibility(cache, scenario, modes=modes, basis=basis)
        places[column] = measures["mean_min"].reindex(places.index)
    return "mean minutes to the region's residents"


def before_after_map(
    cache: ScenarioCache,
    before: ScenarioSpec = "baseline",
    after: ScenarioSpec = "full",
    *,
    origin: str | None = None,
    modes: str = "any",
    basis: str = "door_to_door",
    side_by_side: bool = False,
    tiles: str = "none",
) -> folium.Map | folium.plugins.DualMap:
    """Return minutes before and after, and the minutes saved, per place.

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once); its dataset's ``metric_crs``
        is where isochrone bands are drawn.
    before, after : str or Scenario
        The two scenarios (default: baseline, then everything).
    origin : str, optional
        Node id: minutes from it. Without: each place's population-weighted mean
        minutes to the region's residents (its accessibility, ``mean_min``).
    modes : str, default "any"
        Mode set.
    basis : {"door_to_door", "line_haul"}, default "door_to_door"
        Time basis.
    side_by_side : bool, default False
        A synchronised pair of maps instead of one map with layers.
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.

    Returns
    -------
    folium.Map or folium.plugins.DualMap
        See :func:`geo.maps.before_after_map`.
    """
    b, a = cache.scenario(before), cache.scenario(after)
    places = _places(cache.dataset, a).copy()
    caption = _before_after_minutes(cache, places, (b, a), origin, modes, basis)
    return geomaps.before_after_map(
        places,
        "before",
        "after",
        tiles=tiles,
        boundaries=_boundaries(cache.dataset),
        view=region_view(cache.dataset),
        side_by_side=side_by_side,
        labels=(f"before: {b.name}", f"after: {a.name}"),
        caption=f"{caption} ({modes}, {basis.replace('_', '-')})",
    )


def _minutes_saved(
    cache: ScenarioCache, project_id: str, added: Scenario, places: pd.Index, modes: str, basis: str
) -> pd.Series | float:
    """Return minutes saved per trip of a resident of each place (0 without a network effect)."""
    if not cache.dataset.projects.at[project_id, "has_network_effect"]:
        return 0.0
    benefit = person_minutes_saved(
        cache.matrix("baseline", modes, basis),
        cache.matrix(added, modes, basis),
        resident_weights(cache.dataset),
    )
    return benefit.per_resident.reindex(places).fillna(0.0)


def project_map(
    cache: ScenarioCache,
    project_id: str,
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    tiles: str = "none",
) -> folium.Map:
    """Return one project's footprint and the minutes per trip it saves each place.

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once).
    project_id : str
        Id of the project in the catalogue (any case).
    modes : str, default "any"
        Mode set.
    basis : {"door_to_door", "line_haul"}, default "door_to_door"
        Time basis.
    tiles : {"none", "osm", "gaode"}, default "none"
        Background tiles.

    Returns
    -------
    folium.Map
        See :func:`geo.maps.project_map`; minutes saved per trip of a resident,
        baseline against baseline plus the project (0 without a network effect).

    Raises
    ------
    geo.errors.UnknownProjectError
        For an id not in the catalogue (with the closest ids).
    """
    dataset = cache.dataset
    project_id = dataset.project(project_id)
    added = Scenario(f"baseline+{project_id}", (project_id,))
    places = _places(dataset, added).copy()
    places["saved"] = _minutes_saved(cache, project_id, added, places.index, modes, basis)
    links, nodes = active_network(dataset, added)
    return geomaps.project_map(
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=dataset.nodes.crs)
        .loc[lambda f: f["kind"].isin(PLACE_KINDS) | (f["project_id"] == project_id)]
        .assign(saved=lambda f: places["saved"].reindex(f.index).fillna(0.0)),
        gpd.GeoDataFrame(_track(links), geometry="geometry", crs=dataset.links.crs),
        dataset.projects.loc[project_id],
        "saved",
        tiles=tiles,
        boundaries=_boundaries(dataset),
    )


__all__ = [
    "MAP_KINDS",
    "before_after_map",
    "network_map",
    "project_map",
    "travel_time_map",
    "zone_shapes",
]
