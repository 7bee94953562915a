"""Before/after comparison of travel times between scenarios."""

from __future__ import annotations

import numpy as np
import pandas as pd

from network.cache import ScenarioCache, ScenarioSpec
from network.routing import Route, Router, check_basis

COMPARE_COLUMNS = (
    "origin",
    "destination",
    "modes",
    "basis",
    "before_min",
    "after_min",
    "change_min",
    "change_pct",
    "status",
    "projects",
)


def compare_pairs(
    cache: ScenarioCache,
    pairs: list[tuple[str, str]],
    *,
    before: ScenarioSpec = "baseline",
    after: ScenarioSpec = "full",
    modes: str = "any",
    basis: str = "door_to_door",
) -> pd.DataFrame:
    """Compare travel times of place pairs between two scenarios.

    Parameters
    ----------
    cache : ScenarioCache
        The dataset and parameters (graphs built once).
    pairs : list of (str, str)
        Origin and destination by id or name (English or Chinese).
    before, after : str or Scenario
        Scenario specifications (default ``baseline`` → ``full``).
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``origin``, ``destination`` (ids), ``before_min``,
        ``after_min`` (minutes, NaN if unreachable), ``change_min`` (after − before;
        negative = faster), ``change_pct``, ``status`` (faster / slower / unchanged /
        newly reachable / no longer reachable / unreachable) and ``projects``: the
        projects the *after* itinerary uses, where it is faster.

    Raises
    ------
    geo.errors.UnknownPlaceError
        For a place that is not in the dataset (never "unreachable").
    """
    basis = check_basis(basis)
    pairs = [(cache.place(a), cache.place(b)) for a, b in pairs]
    router_before = cache.router(before, modes)
    router_after = cache.router(after, modes)
    rows = [
        _pair_row(router_before, router_after, origin, destination, basis)
        for origin, destination in pairs
    ]
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    frame.attrs.update(before=router_before.scenario, after=router_after.scenario)
    return frame


def _pair_row(before: Router, after: Router, origin: str, destination: str, basis: str) -> tuple:
    """Return one row of :data:`COMPARE_COLUMNS` for a pair."""
    b = _route(before, origin, destination, basis)
    a = _route(after, origin, destination, basis)
    before_min = np.nan if b is None or b.minutes is None else b.minutes
    after_min = np.nan if a is None or a.minutes is None else a.minutes
    change = after_min - before_min
    status = classify(before_min, after_min)
    used = a is not None and status in ("faster", "newly reachable")
    return (
        origin,
        destination,
        after.modes,
        basis,
        before_min,
        after_min,
        change,
        100.0 * change / before_min if before_min else np.nan,
        status,
        ";".join(a.project_ids) if used and a is not None else "",
    )


def _route(router: Router, origin: str, destination: str, basis: str) -> Route | None:
    if origin not in router or destination not in router:
        return None  # a place a scenario does not have (a project node)
    return router.route(origin, destination, basis)


def classify(before: float, after: float, tolerance: float = 1e-9) -> str:
    """Name the change between two travel times (NaN = unreachable)."""
    if np.isnan(before) and np.isnan(after):
        return "unreachable"
    if np.isnan(before):
        return "newly reachable"
    if np.isnan(after):
        return "no longer reachable"
    if after < before - tolerance:
        return "faster"
    if after > before + tolerance:
        return "slower"
    return "unchanged"


def compare_matrices(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Long table of every OD pair: before, after, change and relative change."""
    common_o = [o for o in before.index if o in after.index]
    common_d = [d for d in before.columns if d in after.columns]
    b = before.loc[common_o, common_d].stack(future_stack=True).rename("before_min")
    a = after.loc[common_o, common_d].stack(future_stack=True).rename("after_min")
    out = pd.concat([b, a], axis=1).reset_index()
    out = out[out["origin"] != out["destination"]].reset_index(drop=True)
    out["change_min"] = out["after_min"] - out["before_min"]
    out["change_pct"] = 100.0 * out["change_min"] / out["before_min"]
    out["status"] = [
        classify(x, y) for x, y in zip(out["before_min"], out["after_min"], strict=True)
    ]
    return out


__all__ = [
    "COMPARE_COLUMNS",
    "classify",
    "compare_matrices",
    "compare_pairs",
]
