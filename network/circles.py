"""Circles around the core cities: which places lie within the circle's minutes."""

from __future__ import annotations

import pandas as pd

from network.accessibility import resident_weights
from network.cache import ScenarioCache, ScenarioSpec


def circle_members(
    cache: ScenarioCache,
    before: ScenarioSpec,
    after: ScenarioSpec,
    *,
    minutes: float | None = None,
    modes: str = "any",
    basis: str = "line_haul",
) -> pd.DataFrame:
    """Return, for each core city and populated place, the times and circle membership.

    A place is in a core's circle when the trip from the core takes at most ``minutes``.

    Parameters
    ----------
    cache : ScenarioCache
    before, after : str or Scenario
    minutes : float, optional
        Radius, minutes (default: the parameters' ``circle_minutes``, 60).
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}, default "line_haul"

    Returns
    -------
    pandas.DataFrame
        One row per core and other populated place: ``core``, ``place``, ``before_min``,
        ``after_min`` (minutes, NaN = unreachable), ``member_before``, ``member_after``,
        ``change`` (joins / leaves / stays / outside); ``attrs``: minutes, modes, basis.
    """
    limit = cache.params.circle_minutes if minutes is None else float(minutes)
    m0 = cache.matrix(before, modes, basis)
    m1 = cache.matrix(after, modes, basis)
    places = list(resident_weights(cache.dataset).index)
    rows = []
    for core in cache.dataset.core:
        for place in places:
            if place == core:
                continue
            t0 = _at(m0, core, place)
            t1 = _at(m1, core, place)
            a, b = bool(t0 <= limit), bool(t1 <= limit)
            change = {
                (False, True): "joins",
                (True, False): "leaves",
                (True, True): "stays",
            }.get((a, b), "outside")
            rows.append(
                {
                    "core": core,
                    "place": place,
                    "before_min": t0,
                    "after_min": t1,
                    "member_before": a,
                    "member_after": b,
                    "change": change,
                }
            )
    out = pd.DataFrame(rows)
    out.attrs.update(minutes=limit, modes=modes, basis=basis)
    return out


def _at(matrix: pd.DataFrame, origin: str, destination: str) -> float:
    if origin in matrix.index and destination in matrix.columns:
        return float(matrix.at[origin, destination])
    return float("nan")


__all__ = [
    "circle_members",
]
