"""Before/after comparison of travel times between scenarios."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from network.cache import ScenarioCache
from network.params import TravelTimeParams
from network.routing import Router, check_basis
from network.scenario import Scenario

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
    dataset: Dataset,
    pairs: list[tuple[str, str]],
    *,
    before: str | Scenario | None = "baseline",
    after: str | Scenario | None = "full",
    modes: str = "any",
    basis: str = "door_to_door",
    params: TravelTimeParams | None = None,
    cache: ScenarioCache | None = None,
) -> pd.DataFrame:
    """Compare travel times of place pairs between two scenarios.

    ``cache`` reuses graphs already built (for the same ``params``).

    Returns
    -------
    pandas.DataFrame
        One row per pair: ``before_min``, ``after_min`` (NaN if unreachable),
        ``change_min`` (after − before; negative = faster), ``change_pct``,
        ``status`` (faster / slower / unchanged / newly reachable / unreachable) and
        ``projects``: the projects the *after* itinerary uses, where it is faster.
    """
    basis = check_basis(basis)
    cache = cache or ScenarioCache(dataset, params)
    router_before = cache.router(before, modes)
    router_after = cache.router(after, modes)
    rows = []
    for origin, destination in pairs:
        b = _route(router_before, origin, destination, basis)
        a = _route(router_after, origin, destination, basis)
        before_min = np.nan if b is None or b.minutes is None else b.minutes
        after_min = np.nan if a is None or a.minutes is None else a.minutes
        change = after_min - before_min
        status = classify(before_min, after_min)
        projects = (
            ";".join(a.project_ids)
            if a is not None and status in ("faster", "newly reachable")
            else ""
        )
        rows.append(
            (
                origin,
                destination,
                router_after.graph.graph["modes"],
                basis,
                before_min,
                after_min,
                change,
                100.0 * change / before_min if before_min else np.nan,
                status,
                projects,
            )
        )
    frame = pd.DataFrame(rows, columns=list(COMPARE_COLUMNS))
    frame.attrs.update(
        before=router_before.graph.graph["scenario"], after=router_after.graph.graph["scenario"]
    )
    return frame


def _route(router: Router, origin: str, destination: str, basis: str):
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
