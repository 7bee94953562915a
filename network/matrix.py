"""Origin–destination travel-time matrices as pandas DataFrames."""

from __future__ import annotations

import pandas as pd

from geo.dataset import Dataset
from geo.schema import MODE_SETS, PLACE_KINDS
from network.graph import build_graph
from network.params import TravelTimeParams
from network.routing import Router, check_basis
from network.scenario import Scenario


def default_places(dataset: Dataset) -> list[str]:
    """Places (cities, districts, counties, towns) of the dataset, in file order."""
    nodes = dataset.nodes
    return list(nodes.index[nodes["kind"].isin(PLACE_KINDS)])


def od_matrix(
    dataset: Dataset,
    scenario: str | Scenario | None = "baseline",
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    params: TravelTimeParams | None = None,
    origins: list[str] | None = None,
    destinations: list[str] | None = None,
) -> pd.DataFrame:
    """Return the matrix of minutes between places for one scenario and mode set.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    scenario : str or Scenario, default "baseline"
    modes : str, default "any"
        ``rail``, ``road``, ``water``, ``any``, ``freight`` or modes.
    basis : {"door_to_door", "line_haul"}
    params : TravelTimeParams, optional
    origins, destinations : list of str, optional
        Place ids; default: every city, district, county and town.

    Returns
    -------
    pandas.DataFrame
        Index ``origin``, columns ``destination``, values minutes; NaN = unreachable.
        ``attrs`` records scenario, modes and basis.
    """
    basis = check_basis(basis)
    graph = build_graph(dataset, scenario, params=params, modes=modes)
    places = default_places(dataset)
    active = set(graph.nodes)
    origins = [p for p in (origins or places) if p in active]
    destinations = [p for p in (destinations or places) if p in active]
    frame = Router(graph).matrix(basis, origins, destinations)
    frame.attrs.update(scenario=graph.graph["scenario"], modes=graph.graph["modes"], basis=basis)
    return frame


def od_matrices(
    dataset: Dataset,
    scenario: str | Scenario | None = "baseline",
    *,
    basis: str = "door_to_door",
    params: TravelTimeParams | None = None,
    mode_sets: tuple[str, ...] = ("rail", "road", "water", "any"),
) -> dict[str, pd.DataFrame]:
    """Return one OD matrix per mode set (keys are the mode-set names)."""
    unknown = [m for m in mode_sets if m not in MODE_SETS]
    if unknown:
        from geo.errors import ModeSetError

        raise ModeSetError(f"unknown mode set(s) {', '.join(unknown)}")
    return {m: od_matrix(dataset, scenario, modes=m, basis=basis, params=params) for m in mode_sets}


def long_form(matrix: pd.DataFrame, value: str = "minutes") -> pd.DataFrame:
    """Return a matrix as rows (origin, destination, value), unreachable kept as NaN."""
    out = matrix.stack(future_stack=True).rename(value).reset_index()
    return out
