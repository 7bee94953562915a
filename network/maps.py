"""Maps of scenarios: the graph layer computes the numbers, :mod:`geo.maps` draws them.

Each function returns a ``folium.Map`` (or ``DualMap``); write it with
:func:`geo.maps.save_map`, which inlines every asset.
"""

from __future__ import annotations

from typing import Any

import geopandas as gpd
import numpy as np

from geo import maps as geomaps
from geo.dataset import Dataset
from geo.errors import InputError
from geo.schema import PLACE_KINDS
from network.accessibility import accessibility, person_minutes_saved, resident_weights
from network.cache import ScenarioCache
from network.params import TravelTimeParams
from network.scenario import Scenario, active_network

MAP_KINDS = ("network", "time", "before-after", "project")


def _boundaries(dataset: Dataset) -> gpd.GeoDataFrame | None:
    return geomaps.load_boundaries(dataset.folder)


def _places(dataset: Dataset, scenario: Scenario) -> gpd.GeoDataFrame:
    _, nodes = active_network(dataset, scenario)
    return nodes[nodes["kind"].isin(PLACE_KINDS)]


def network_map(dataset: Dataset, scenario: str | Scenario = "full", *, tiles: str = "none") -> Any:
    """Return the network of a scenario (default: everything, projects drawn apart)."""
    cache = ScenarioCache(dataset)
    chosen = cache.scenario(scenario)
    links, nodes = active_network(dataset, chosen)
    links = gpd.GeoDataFrame(links, geometry="geometry", crs=dataset.links.crs)
    return geomaps.network_map(
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=dataset.nodes.crs),
        links,
        dataset.projects,
        tiles=tiles,
        boundaries=_boundaries(dataset),
    )


def travel_time_map(
    dataset: Dataset,
    origin: str,
    scenario: str | Scenario = "baseline",
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    params: TravelTimeParams | None = None,
    bands: tuple[float, ...] = geomaps.DEFAULT_BANDS,
    tiles: str = "none",
) -> Any:
    """Return places coloured by minutes from ``origin``, with isochrone bands."""
    cache = ScenarioCache(dataset, params)
    chosen = cache.scenario(scenario)
    matrix = cache.matrix(chosen, modes, basis)
    if origin not in matrix.index:
        raise InputError(f"'{origin}' is not in scenario '{chosen.name}' (a project adds it)")
    places = _places(dataset, chosen).copy()
    places["minutes"] = [
        float(matrix.at[origin, p]) if p in matrix.columns else np.nan for p in places.index
    ]
    name = dataset.nodes.at[origin, "name"]
    return geomaps.travel_time_map(
        places,
        "minutes",
        name,
        bands=bands,
        tiles=tiles,
        boundaries=_boundaries(dataset),
        caption=f"minutes from {name} ({chosen.name}, {modes}, {basis.replace('_', '-')})",
        metric_crs=dataset.metric_crs,
    )


def before_after_map(
    dataset: Dataset,
    before: str | Scenario = "baseline",
    after: str | Scenario = "full",
    *,
    origin: str | None = None,
    modes: str = "any",
    basis: str = "door_to_door",
    params: TravelTimeParams | None = None,
    side_by_side: bool = False,
    tiles: str = "none",
) -> Any:
    """Return minutes before and after, and the minutes saved, per place.

    With ``origin``: minutes from it. Without: each place's population-weighted
    mean minutes to the region's residents (its accessibility).
    """
    cache = ScenarioCache(dataset, params)
    b, a = cache.scenario(before), cache.scenario(after)
    places = _places(dataset, a).copy()
    if origin is not None:
        m0, m1 = cache.matrix(b, modes, basis), cache.matrix(a, modes, basis)
        for column, matrix in (("before", m0), ("after", m1)):
            places[column] = [
                float(matrix.at[origin, p])
                if origin in matrix.index and p in matrix.columns
                else np.nan
                for p in places.index
            ]
        caption = f"minutes from {dataset.nodes.at[origin, 'name']}"
    else:
        acc0 = accessibility(dataset, b, params=cache.params, matrix=cache.matrix(b, modes, basis))
        acc1 = accessibility(dataset, a, params=cache.params, matrix=cache.matrix(a, modes, basis))
        places["before"] = acc0["mean_min"].reindex(places.index)
        places["after"] = acc1["mean_min"].reindex(places.index)
        caption = "mean minutes to the region's residents"
    return geomaps.before_after_map(
        places,
        "before",
        "after",
        tiles=tiles,
        boundaries=_boundaries(dataset),
        side_by_side=side_by_side,
        labels=(f"before: {b.name}", f"after: {a.name}"),
        caption=f"{caption} ({modes}, {basis.replace('_', '-')})",
    )


def project_map(
    dataset: Dataset,
    project_id: str,
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    params: TravelTimeParams | None = None,
    tiles: str = "none",
) -> Any:
    """Return one project's footprint and the minutes per trip it saves each place."""
    if project_id not in dataset.projects.index:
        import difflib

        close = difflib.get_close_matches(project_id, list(dataset.projects.index), n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise InputError(f"unknown project '{project_id}'{hint}")
    cache = ScenarioCache(dataset, params)
    added = Scenario(f"baseline+{project_id}", (project_id,))
    places = _places(dataset, added).copy()
    if dataset.projects.at[project_id, "has_network_effect"]:
        benefit = person_minutes_saved(
            cache.matrix("baseline", modes, basis),
            cache.matrix(added, modes, basis),
            resident_weights(dataset),
        )
        places["saved"] = benefit.per_resident.reindex(places.index).fillna(0.0)
    else:
        places["saved"] = 0.0
    links, nodes = active_network(dataset, added)
    return geomaps.project_map(
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=dataset.nodes.crs)
        .loc[lambda f: f["kind"].isin(PLACE_KINDS) | (f["project_id"] == project_id)]
        .assign(saved=lambda f: places["saved"].reindex(f.index).fillna(0.0)),
        gpd.GeoDataFrame(links, geometry="geometry", crs=dataset.links.crs),
        dataset.projects.loc[project_id],
        "saved",
        tiles=tiles,
        boundaries=_boundaries(dataset),
    )
