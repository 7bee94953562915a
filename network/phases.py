"""Phased scenarios: the network cumulatively by opening year, and a pair's timeline."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from network.cache import ScenarioCache

#: Years of the default phases (the plans' milestones); "today" is added in order.
DEFAULT_YEARS: tuple[int, ...] = (2020, 2025, 2027, 2030)


def phase_specs(
    dataset: Dataset, years: tuple[int, ...] = DEFAULT_YEARS, *, today: bool = True
) -> list[str]:
    """Return the scenario specifications of the phases, in time order.

    ``baseline`` first, then one "everything open by year Y" scenario per year, with
    ``today`` (the current calendar year) in its place unless a year equals it.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        Not read: the phases depend only on ``years`` and the calendar.
    years : tuple of int, default :data:`DEFAULT_YEARS`
        Duplicates are dropped.
    today : bool, default True
        Add ``today``.

    Returns
    -------
    list of str
        Scenario specifications; with the default years, in 2026: ``baseline``,
        ``2020``, ``2025``, ``today``, ``2027``, ``2030``.
    """
    this_year = datetime.date.today().year
    chosen = sorted(set(years))
    specs: list[tuple[int, str]] = [(y, str(y)) for y in chosen]
    if today and this_year not in chosen:
        specs.append((this_year, "today"))
    specs.sort()
    return ["baseline", *[s for _, s in specs]]


def timeline(
    cache: ScenarioCache,
    origin: str,
    destination: str,
    *,
    phases: list[str] | None = None,
    modes: str = "any",
    basis: str = "door_to_door",
) -> pd.DataFrame:
    """Return a trip's minutes in each phase, the change and the projects behind it.

    Parameters
    ----------
    cache : ScenarioCache
    origin, destination : str
        Places by id or name (English or Chinese).
    phases : list of str, optional
        Scenario specifications in time order (default: :func:`phase_specs`).
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}

    Returns
    -------
    pandas.DataFrame
        Columns: ``phase``, ``year``, ``minutes`` (NaN unreachable), ``change_min``
        (from the previous phase), ``projects_used`` (by the fastest trip) and
        ``new_projects`` (used projects that were not in the previous phase).
    """
    phases = phases or phase_specs(cache.dataset)
    origin, destination = cache.place(origin), cache.place(destination)
    rows = []
    previous: set[str] = set()
    last = np.nan
    for spec in phases:
        scenario = cache.scenario(spec)
        router = cache.router(scenario, modes)
        if origin in router and destination in router:
            route = router.route(origin, destination, basis)
            minutes = np.nan if route.minutes is None else route.minutes
            used = route.project_ids
        else:
            minutes, used = np.nan, ()
        rows.append(
            {
                "phase": spec,
                "year": scenario.year,
                "minutes": minutes,
                "change_min": minutes - last,
                "projects_used": ";".join(used),
                "new_projects": ";".join(p for p in used if p not in previous),
            }
        )
        previous = set(scenario.project_ids)
        last = minutes
    frame = pd.DataFrame(rows)
    if not frame.empty:
        frame["year"] = frame["year"].astype("Int64")  # a year, not a float; empty: none
    return frame


__all__ = [
    "DEFAULT_YEARS",
    "phase_specs",
    "timeline",
]
