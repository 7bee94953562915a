"""Origin–destination travel-time matrices as pandas DataFrames."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.errors import ModeSetError
from geo.schema import MODE_SETS
from network.cache import ScenarioCache, ScenarioSpec
from network.routing import check_basis


def default_places(dataset: Dataset) -> list[str]:
    """Return the trip ends of the dataset, in node order (:attr:`Dataset.trip_ends`).

    The zones and the places outside them when the dataset has zones; else every city,
    district, county and town.
    """
    return list(dataset.trip_ends)


def pair_minutes(matrix: pd.DataFrame, pairs: list[tuple[str, str]]) -> np.ndarray:
    """Return the minutes of each (origin, destination) pair of a matrix, by position.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Origins × destinations, minutes.
    pairs : list of (str, str)

    Returns
    -------
    numpy.ndarray
        One value per pair; NaN where either place is not in the matrix.
    """
    rows = {p: k for k, p in enumerate(matrix.index)}
    cols = {p: k for k, p in enumerate(matrix.columns)}
    i = np.array([rows.get(o, -1) for o, _ in pairs], dtype=np.int64)
    j = np.array([cols.get(d, -1) for _, d in pairs], dtype=np.int64)
    values = matrix.to_numpy(dtype=float)[np.maximum(i, 0), np.maximum(j, 0)]
    return np.where((i >= 0) & (j >= 0), values, np.nan)


def od_matrix(
    cache: ScenarioCache,
    scenario: ScenarioSpec = "baseline",
    *,
    modes: str = "any",
    basis: str = "door_to_door",
    origins: list[str] | None = None,
    destinations: list[str] | None = None,
) -> pd.DataFrame:
    """Return the matrix of minutes between places for one scenario and mode set.

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once).
    scenario : str or Scenario, default "baseline"
    modes : str, default "any"
        ``rail``, ``road``, ``water``, ``any``, ``freight`` or modes.
    basis : {"door_to_door", "line_haul"}
    origins, destinations : list of str, optional
        Places by id or name; default: every city, district, county and town. Places
        the scenario does not have (a project adds them) are left out.

    Returns
    -------
    pandas.DataFrame
        Index ``origin``, columns ``destination`` (ids), values minutes; NaN =
        unreachable. ``attrs`` records scenario, modes and basis.

    Raises
    ------
    geo.errors.UnknownPlaceError
        For a place that is not in the dataset.
    """
    basis = check_basis(basis)
    places = default_places(cache.dataset)
    chosen_o = places if origins is None else cache.dataset.place_index.resolve_many(origins)
    chosen_d = (
        places if destinations is None else cache.dataset.place_index.resolve_many(destinations)
    )
    full = cache.matrix(scenario, modes, basis)
    frame = full.loc[
        [p for p in chosen_o if p in full.index], [p for p in chosen_d if p in full.columns]
    ].copy()
    frame.attrs.update(full.attrs)
    return frame


def od_matrices(
    cache: ScenarioCache,
    scenario: ScenarioSpec = "baseline",
    *,
    basis: str = "door_to_door",
    mode_sets: tuple[str, ...] = ("rail", "road", "water", "any"),
) -> dict[str, pd.DataFrame]:
    """Return one OD matrix per mode set (keys are the mode-set names).

    Parameters
    ----------
    cache : ScenarioCache
    scenario : str or Scenario, default "baseline"
    basis : {"door_to_door", "line_haul"}
    mode_sets : tuple of str
        Names of :data:`geo.schema.MODE_SETS`.

    Returns
    -------
    dict of str to pandas.DataFrame
        Minutes between places (:func:`od_matrix`), NaN = unreachable.

    Raises
    ------
    geo.errors.ModeSetError
        For an unknown mode-set name.
    """
    unknown = [m for m in mode_sets if m not in MODE_SETS]
    if unknown:
        raise ModeSetError(f"unknown mode set(s) {', '.join(unknown)}: use {', '.join(MODE_SETS)}")
    return {m: od_matrix(cache, scenario, modes=m, basis=basis) for m in mode_sets}


def long_form(matrix: pd.DataFrame, value: str = "minutes") -> pd.DataFrame:
    """Return a matrix as rows (origin, destination, value), unreachable kept as NaN.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Origins × destinations.
    value : str, default "minutes"
        Name of the value column.

    Returns
    -------
    pandas.DataFrame
    """
    return matrix.stack(future_stack=True).rename(value).reset_index()


__all__ = ["default_places", "long_form", "od_matrices", "od_matrix", "pair_minutes"]
