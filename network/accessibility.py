"""Accessibility of places, and the person-minutes a change of network saves.

Who counts: the **residents** of the study region, the populated places (city,
district, county, town) with ``circle`` true, each weighted by its own population
(the dataset's ``weight``: a prefecture less its county nodes, so nobody counts
twice). For a place *i* and the residents' places *j ≠ i* with weights *w_j*
(total *W*) and travel times *t_ij*:

- ``mean_min``: the population-weighted mean time Σ w_j t_ij / Σ w_j over the places
  reachable from *i*; ``reachable_share`` is the share of Σ w_j they hold;
- ``pop_within_N``: residents within N minutes (``reach_minutes``), the place's own
  residents included (t_ii = 0);
- ``gravity``: Σ_{j≠i} w_j exp(−β t_ij), β = ln 2 / ``gravity_half_life_minutes``;
- ``nearest_core`` and ``nearest_airport`` with their minutes.

A network change saves ``Σ_i Σ_j w_i w_j (t⁰_ij − t¹_ij) / W`` **person-minutes**: the
minutes saved if every resident made one trip to a destination drawn in proportion
to population, over the pairs reachable before and after. Pairs that only become
reachable are counted apart (``newly_reachable_trips``), never as a number of minutes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.schema import PLACE_KINDS
from network.cache import ScenarioCache, ScenarioSpec

#: Node kinds reported as facilities (time from each place to each of them).
FACILITY_KINDS: tuple[str, ...] = ("industrial_park", "hub", "port")
#: Minutes below which two travel times count as equal (as :func:`network.compare.classify`).
SAME_MINUTES = 1e-9


def resident_weights(dataset: Dataset) -> pd.Series:
    """Return the weight (own population) of every populated place of the study region."""
    nodes = dataset.nodes
    mask = nodes["kind"].isin(PLACE_KINDS) & nodes["circle"].astype(bool) & (nodes["weight"] > 0)
    return nodes.loc[mask, "weight"].astype(float).rename("weight")


def accessibility_from_matrix(
    minutes: pd.DataFrame,
    weights: pd.Series,
    *,
    reach_minutes: tuple[float, ...] = (60.0, 120.0),
    beta: float = np.log(2.0) / 60.0,
) -> pd.DataFrame:
    """Compute the accessibility measures of the module docstring from a matrix.

    Parameters
    ----------
    minutes : pandas.DataFrame
        Origins × destinations, minutes, NaN = unreachable. Must have a column for
        every place of ``weights`` (places missing from the scenario count as unreachable).
    weights : pandas.Series
        Resident weight of each destination place.
    reach_minutes : tuple of float
    beta : float
        Gravity decay per minute.

    Returns
    -------
    pandas.DataFrame
        One row per origin: ``mean_min``, ``reachable_share``, ``pop_within_<N>``,
        ``gravity``.
    """
    dest = list(weights.index)
    t = minutes.reindex(columns=dest).to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    origins = list(minutes.index)
    is_self = np.asarray(origins, dtype=object)[:, None] == np.asarray(dest, dtype=object)[None, :]
    others = ~is_self
    reach = np.isfinite(t) & others
    wt = np.where(reach, w, 0.0)
    total = np.where(others, w, 0.0).sum(axis=1)
    reached = wt.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(reached > 0, (wt * np.nan_to_num(t)).sum(axis=1) / reached, np.nan)
        share = np.where(total > 0, reached / total, np.nan)
    out = pd.DataFrame(
        {"mean_min": mean, "reachable_share": share}, index=pd.Index(origins, name="place")
    )
    own = np.where(is_self, w, 0.0).sum(axis=1)
    for limit in reach_minutes:
        within = np.where(reach & (np.nan_to_num(t, nan=np.inf) <= limit), w, 0.0).sum(axis=1)
        out[f"pop_within_{limit:g}"] = within + own
    out["gravity"] = (wt * np.exp(-beta * np.nan_to_num(t, nan=0.0))).sum(axis=1)
    return out


def _nearest(minutes: pd.DataFrame, targets: list[str]) -> tuple[pd.Series, pd.Series]:
    """Nearest of ``targets`` from each origin (itself if it is one) and its minutes.

    Ties go to the first target in ``targets`` order; None / NaN when none is reachable.
    """
    columns = [t for t in targets if t in minutes.columns]
    values = minutes.reindex(columns=columns).to_numpy(dtype=float)
    names: list[str | None] = []
    best: list[float] = []
    for row in values:
        if np.isfinite(row).any():
            k = int(np.nanargmin(row))
            names.append(columns[k])
            best.append(float(row[k]))
        else:
            names.append(None)
            best.append(np.nan)
    return (
        pd.Series(names, index=minutes.index, dtype=object),
        pd.Series(best, index=minutes.index, dtype=float),
    )


def accessibility(
    cache: ScenarioCache,
    scenario: ScenarioSpec = "baseline",
    *,
    modes: str = "any",
    basis: str = "door_to_door",
) -> pd.DataFrame:
    """Return the accessibility of every populated place in one scenario.

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (``reach_minutes`` and
        ``gravity_half_life_minutes`` come from the parameters).
    scenario : str or Scenario, default "baseline"
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}, default "door_to_door"

    Returns
    -------
    pandas.DataFrame
        Indexed by place id: ``name``, ``population``, ``weight``, ``circle``, the
        measures of :func:`accessibility_from_matrix` (minutes, residents, gravity),
        ``nearest_core``, ``nearest_core_min``, ``nearest_airport``,
        ``nearest_airport_min``.
    """
    dataset, params = cache.dataset, cache.params
    matrix = cache.matrix(scenario, modes, basis)
    nodes = dataset.nodes
    ends = set(dataset.trip_ends)
    places = [p for p in matrix.index if p in ends]
    sub = matrix.loc[places]
    out = accessibility_from_matrix(
        sub,
        resident_weights(dataset),
        reach_minutes=params.reach_minutes,
        beta=params.gravity_beta,
    )
    out.insert(0, "name", nodes.loc[places, "name"].to_numpy())
    out.insert(1, "population", nodes.loc[places, "population"].to_numpy())
    out.insert(2, "weight", nodes.loc[places, "weight"].to_numpy())
    out.insert(3, "circle", nodes.loc[places, "circle"].astype(bool).to_numpy())
    out["nearest_core"], out["nearest_core_min"] = _nearest(sub, list(dataset.core))
    airports = list(nodes.index[nodes["kind"] == "airport"])
    out["nearest_airport"], out["nearest_airport_min"] = _nearest(sub, airports)
    out.attrs.update(matrix.attrs)
    return out


def facility_times(
    cache: ScenarioCache,
    scenario: ScenarioSpec = "baseline",
    *,
    modes: str = "freight",
    basis: str = "door_to_door",
    kinds: tuple[str, ...] = FACILITY_KINDS,
) -> pd.DataFrame:
    """Return minutes from each populated place to each industrial park, hub and port.

    Parameters
    ----------
    cache : ScenarioCache
    scenario : str or Scenario, default "baseline"
    modes : str, default "freight"
        Goods reach parks and hubs by conventional rail, road and water.
    basis : {"door_to_door", "line_haul"}
    kinds : tuple of str
        Node kinds counted as facilities.

    Returns
    -------
    pandas.DataFrame
        Places (rows) × facilities (columns), minutes; NaN = unreachable. Facilities a
        scenario does not have (a project adds them) are left out.
    """
    dataset = cache.dataset
    matrix = cache.matrix(scenario, modes, basis)
    nodes = dataset.nodes
    ends = set(dataset.trip_ends)
    places = [p for p in matrix.index if p in ends]
    facilities = [p for p in matrix.columns if nodes.at[p, "kind"] in kinds]
    out = matrix.loc[places, facilities].copy()
    out.columns.name = "facility"
    out.attrs.update(matrix.attrs)
    return out


@dataclass(frozen=True)
class Benefit:
    """Person-minutes a change saves (see the module docstring).

    Attributes
    ----------
    person_minutes : float
        Total over all residents' pairs reachable before and after.
    by_place : pandas.Series
        Person-minutes saved by the residents of each place (origin).
    per_resident : pandas.Series
        Minutes saved per trip of a resident of each place.
    newly_reachable_trips : float
        Resident trips (same weighting) that become possible; not in the minutes.
    """

    person_minutes: float
    by_place: pd.Series
    per_resident: pd.Series
    newly_reachable_trips: float

    def top_places(self, n: int = 3) -> list[tuple[str, float]]:
        """Return the ``n`` places whose residents save the most person-minutes (ties by id)."""
        ranked = self.by_place[self.by_place > 0]
        order = sorted(ranked.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(place, float(value)) for place, value in order[:n]]


def person_minutes_saved(before: pd.DataFrame, after: pd.DataFrame, weights: pd.Series) -> Benefit:
    """Return the person-minutes saved between two place matrices (before − after).

    Places absent from a matrix (added by a project) count as unreachable there.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Origins × destinations, minutes; NaN = unreachable.
    weights : pandas.Series
        Resident weight (persons) of each place (:func:`resident_weights`).

    Returns
    -------
    Benefit
        Person-minutes over the pairs reachable in both; pairs reachable only after
        are counted in ``newly_reachable_trips``.
    """
    places = list(weights.index)
    t0 = before.reindex(index=places, columns=places).to_numpy(dtype=float)
    t1 = after.reindex(index=places, columns=places).to_numpy(dtype=float)
    w = weights.to_numpy(dtype=float)
    total = w.sum()
    pair = np.outer(w, w) / total if total > 0 else np.zeros((len(w), len(w)))
    np.fill_diagonal(pair, 0.0)
    both = np.isfinite(t0) & np.isfinite(t1)
    saved = np.where(both, np.nan_to_num(t0) - np.nan_to_num(t1), 0.0)
    # Equal times computed along different routes (an incremental update, a full
    # recomputation) may differ in the last bits: below SAME_MINUTES they are equal.
    saved[np.abs(saved) < SAME_MINUTES] = 0.0
    by_place = (pair * saved).sum(axis=1)
    per_resident = np.where(w > 0, by_place / np.where(w > 0, w, 1.0), 0.0)
    newly = float((pair * (~np.isfinite(t0) & np.isfinite(t1))).sum())
    return Benefit(
        person_minutes=float(by_place.sum()),
        by_place=pd.Series(by_place, index=pd.Index(places, name="place")),
        per_resident=pd.Series(per_resident, index=pd.Index(places, name="place")),
        newly_reachable_trips=newly,
    )


__all__ = [
    "FACILITY_KINDS",
    "SAME_MINUTES",
    "Benefit",
    "accessibility",
    "accessibility_from_matrix",
    "facility_times",
    "person_minutes_saved",
    "resident_weights",
]
