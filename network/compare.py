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
    """Return the name of the change between two travel times.

    Parameters
    ----------
    before, after : float
        Minutes; NaN = unreachable.
    tolerance : float, default 1e-9
        Minutes within which the two count as equal.

    Returns
    -------
    str
        ``faster``, ``slower``, ``unchanged``, ``newly reachable``, ``no longer
        reachable`` or ``unreachable``.
    """
    return str(classify_many(np.array([before]), np.array([after]), tolerance)[0])


def classify_many(before: np.ndarray, after: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """Return :func:`classify` of every pair of two arrays at once (vectorised).

    Parameters
    ----------
    before, after : numpy.ndarray
        Minutes, the same shape; NaN = unreachable.
    tolerance : float, default 1e-9

    Returns
    -------
    numpy.ndarray of str
    """
    names = np.array([*_CODED, "unchanged"])
    return names[_status_codes(before, after, tolerance)]


_CODED = ("unreachable", "newly reachable", "no longer reachable", "faster", "slower")


def _status_codes(before: np.ndarray, after: np.ndarray, tolerance: float = 1e-9) -> np.ndarray:
    """Return the index in ``(*_CODED, "unchanged")`` of every pair's status (int8)."""
    b, a = np.isnan(before), np.isnan(after)
    with np.errstate(invalid="ignore"):
        conditions = [b & a, b, a, after < before - tolerance, after > before + tolerance]
    return np.select(conditions, np.arange(5, dtype=np.int8), np.int8(5)).astype(np.int8)


STATUSES = ("faster", "slower", "unchanged", "newly reachable", "no longer reachable")


def change_summary(before: pd.DataFrame, after: pd.DataFrame, *, block: int = 256) -> pd.DataFrame:
    """Return how the trips between every pair of places change, by status.

    Works on the two matrices in row blocks (no table of every pair, no aligned copy
    of either), so memory stays at the two matrices at any size.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Origins × destinations, minutes; NaN = unreachable. The places both have are
        compared, off the diagonal.
    block : int, default 256
        Rows per block.

    Returns
    -------
    pandas.DataFrame
        Index ``status`` (:data:`STATUSES`, then ``unreachable``): ``pairs``, ``share``
        of all pairs, and ``mean_change_min`` (after − before; NaN where either is
        unreachable).
    """
    rows = before.index[before.index.isin(after.index)]
    cols = before.columns[before.columns.isin(after.columns)]
    b_values, a_values = before.to_numpy(dtype=float), after.to_numpy(dtype=float)  # views
    b_rows, a_rows = before.index.get_indexer(rows), after.index.get_indexer(rows)
    b_cols, a_cols = before.columns.get_indexer(cols), after.columns.get_indexer(cols)
    names = (*STATUSES, "unreachable")
    count, total = dict.fromkeys(names, 0), dict.fromkeys(names, 0.0)
    col_ids = cols.to_numpy()
    for start in range(0, len(rows), block):
        part = slice(start, start + block)
        b = b_values[b_rows[part]][:, b_cols]  # this block only: never a copy of all
        a = a_values[a_rows[part]][:, a_cols]
        status = _status_codes(b, a)
        status[rows.to_numpy()[part, None] == col_ids[None, :]] = -1  # a place to itself
        for code, name in enumerate((*_CODED, "unchanged")):
            hit = status == code
            count[name] += int(hit.sum())
            total[name] += float(np.nan_to_num(a[hit] - b[hit]).sum())
    pairs = sum(count.values())
    frame = pd.DataFrame(
        {
            "pairs": [count[n] for n in names],
            "share": [count[n] / pairs if pairs else np.nan for n in names],
            "mean_change_min": [
                total[n] / count[n] if count[n] and n in STATUSES[:3] else np.nan for n in names
            ],
        },
        index=pd.Index(names, name="status"),
    )
    return frame


def compare_matrices(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return the long table of every pair of two matrices, off the diagonal.

    For an export that asks for every pair; summaries work on the matrices themselves.

    Parameters
    ----------
    before, after : pandas.DataFrame
        Origins × destinations, minutes; NaN = unreachable. Only the places both have
        are compared.

    Returns
    -------
    pandas.DataFrame
        ``origin``, ``destination``, ``before_min``, ``after_min``, ``change_min``
        (after − before), ``change_pct`` and ``status`` (:func:`classify`).
    """
    rows = before.index[before.index.isin(after.index)]
    cols = before.columns[before.columns.isin(after.columns)]
    b = before.loc[rows, cols].to_numpy(dtype=float)
    a = after.loc[rows, cols].to_numpy(dtype=float)
    i, j = np.nonzero(rows.to_numpy()[:, None] != cols.to_numpy()[None, :])
    b, a = b[i, j], a[i, j]
    change = a - b
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        pct = 100.0 * change / b
    return pd.DataFrame(
        {
            "origin": rows.to_numpy()[i],
            "destination": cols.to_numpy()[j],
            "before_min": b,
            "after_min": a,
            "change_min": change,
            "change_pct": pct,
            "status": classify_many(b, a),
        }
    )


__all__ = [
    "COMPARE_COLUMNS",
    "STATUSES",
    "change_summary",
    "classify",
    "classify_many",
    "compare_matrices",
    "compare_pairs",
]
