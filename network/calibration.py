"""Calibration: the model's line-haul times against published timetable figures.

An observation names an origin, a destination, a mode set, the scenario the figure
belongs to (a year for timetables, ``full`` for targets) and the published minutes.
:func:`calibrate` routes each one and reports published, modelled and error; the
table in ``docs/model.md`` is its output for the embedded data and the defaults::

    python -m corridor.calibration           # prints the Markdown table
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.errors import InputError
from network.cache import ScenarioCache
from network.params import TravelTimeParams, dataset_params

#: Observations of the embedded dataset (kept with the model's documentation).
OBSERVATIONS = Path(__file__).resolve().parent.parent / "docs" / "calibration.csv"
COLUMNS = ("origin", "destination", "modes", "scenario", "published_min", "covers", "source")
#: Optional columns: ``basis`` (``line-haul``, the default, or ``elapsed``: a voyage's
#: elapsed time, nights and lock waits included) and ``flag`` (why a figure cannot be
#: matched: a bound, a forecast, an end point outside the model; flagged figures are
#: routed where possible and reported, but neither fitted nor counted in the error).
OPTIONAL = ("basis", "flag")
BASES = ("line-haul", "elapsed")


def read_observations(path: str | Path = OBSERVATIONS) -> pd.DataFrame:
    """Read an observations CSV (columns :data:`COLUMNS`).

    Returns
    -------
    pandas.DataFrame
        Every column as text except ``published_min`` (float, minutes).

    Raises
    ------
    geo.errors.InputError
        When the file is missing, a column of :data:`COLUMNS` is missing, or a
        ``published_min`` is not a positive number (the message names the row).
    """
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: cannot read the observations ({exc})") from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)}: add them")
    minutes = pd.to_numeric(frame["published_min"], errors="coerce")
    bad = frame.index[~(minutes > 0)]
    if len(bad):
        row = int(bad[0])
        raise InputError(
            f"{path}: row {row + 2}: published_min '{frame.at[row, 'published_min']}' is not a "
            "positive number of minutes"
        )
    frame["published_min"] = minutes.astype(float)
    for column in OPTIONAL:
        if column not in frame.columns:
            frame[column] = ""
    frame["basis"] = frame["basis"].replace("", "line-haul")
    bad = frame.index[~frame["basis"].isin(BASES)]
    if len(bad):
        row = int(bad[0])
        raise InputError(
            f"{path}: row {row + 2}: basis '{frame.at[row, 'basis']}' is not one of "
            f"{', '.join(BASES)}"
        )
    return frame


def calibrate(
    dataset: Dataset,
    observations: pd.DataFrame,
    params: TravelTimeParams | None = None,
) -> pd.DataFrame:
    """Model every observation on the line-haul basis and compare.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    observations : pandas.DataFrame
        From :func:`read_observations`: places by id or name, mode set, scenario
        specification and ``published_min`` (minutes).
    params : TravelTimeParams, optional
        Default: the documented defaults.

    Returns
    -------
    pandas.DataFrame
        The observations plus ``modelled_min``, ``error_min``, ``error_pct`` and
        ``route`` (the links ridden, with the calls each passes in brackets).
        Unreachable observations have NaN modelled minutes.
    """
    cache = ScenarioCache(dataset, params)
    modelled, routes = [], []
    known = set(dataset.nodes.index)
    for row in observations.itertuples(index=False):
        if row.origin == row.destination or not {row.origin, row.destination} <= known:
            modelled.append(np.nan)  # not a trip of the model (flagged in the table)
            routes.append("")
            continue
        router = cache.router(row.scenario, row.modes)
        origin, destination = cache.place(row.origin), cache.place(row.destination)
        elapsed = getattr(row, "basis", "line-haul") == "elapsed"
        route = router.route(origin, destination, basis="door_to_door" if elapsed else "line_haul")
        minutes = route.minutes
        if minutes is not None and elapsed:  # the voyage: door-to-door less access and egress
            minutes = sum(leg.minutes for leg in route.legs if leg.kind in ("ride", "transfer"))
        modelled.append(np.nan if minutes is None else minutes)
        routes.append(
            " + ".join(
                f"{leg.link_id} ({leg.stops_passed})" for leg in route.legs if leg.kind == "ride"
            )
        )
    out = observations.copy()
    out["modelled_min"] = np.round(modelled, 1)
    out["error_min"] = np.round(out["modelled_min"] - out["published_min"], 1)
    out["error_pct"] = np.round(100 * out["error_min"] / out["published_min"], 1)
    out["route"] = routes
    return out


def markdown_table(table: pd.DataFrame) -> str:
    """Format the calibration table as Markdown (what ``docs/model.md`` shows).

    Returns
    -------
    str
        One table row per observation (year, basis, minutes, error in minutes and per
        cent, the route, and the flag of a figure that cannot be matched), then the
        error by mode over the figures that are not flagged (:func:`by_mode`).
    """
    lines = [
        "| from | to | modes | year | basis | published | modelled | error | route "
        "(calls passed) | flag |",
        "|---|---|---|---|---|---:|---:|---:|---|---|",
    ]
    for row in table.itertuples(index=False):
        modelled = "—" if np.isnan(row.modelled_min) else f"{row.modelled_min:.1f}"
        error = "—" if np.isnan(row.error_min) else f"{row.error_min:+.1f} ({row.error_pct:+.1f} %)"
        lines.append(
            f"| {row.origin} | {row.destination} | {row.modes} | {row.scenario} "
            f"| {getattr(row, 'basis', 'line-haul')} | {row.published_min:g} | {modelled} "
            f"| {error} | {row.route} | {getattr(row, 'flag', '')} |"
        )
    lines += ["", summary_table(by_mode(table))]
    return "\n".join(lines)


def summary_table(summary: pd.DataFrame) -> str:
    """Format :func:`by_mode` as Markdown.

    Parameters
    ----------
    summary : pandas.DataFrame
        From :func:`by_mode`.

    Returns
    -------
    str
        One row per mode set: figures, unreachable, median and 90th-percentile absolute
        error, bias.
    """
    lines = [
        "| modes | n | unreachable | median abs % | p90 abs % | bias % |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for modes, r in summary.iterrows():
        lines.append(
            f"| {modes} | {r['n']:.0f} | {r['unreachable']:.0f} | {r['median_abs_pct']:.1f} "
            f"| {r['p90_abs_pct']:.1f} | {r['bias_pct']:+.1f} |"
        )
    return "\n".join(lines)


def by_mode(table: pd.DataFrame) -> pd.DataFrame:
    """Return the error of a calibration table by mode set.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`calibrate` (``modes``, ``error_pct``).

    Returns
    -------
    pandas.DataFrame
        Index ``modes``: ``n`` (figures routed), ``unreachable``, ``median_abs_pct`` and
        ``p90_abs_pct`` (absolute error, per cent), ``bias_pct`` (mean signed error, per
        cent: positive = the model is slower than published).
    """
    rows = {}
    if "flag" in table.columns:
        table = table[table["flag"].fillna("") == ""]
    for modes, group in table.groupby("modes", sort=True):
        error = group["error_pct"].to_numpy(dtype=float)
        ok = error[np.isfinite(error)]
        rows[modes] = {
            "n": len(ok),
            "unreachable": int((~np.isfinite(error)).sum()),
            "median_abs_pct": float(np.median(np.abs(ok))) if len(ok) else np.nan,
            "p90_abs_pct": float(np.percentile(np.abs(ok), 90)) if len(ok) else np.nan,
            "bias_pct": float(np.mean(ok)) if len(ok) else np.nan,
        }
    return pd.DataFrame.from_dict(rows, orient="index").rename_axis("modes")


#: Parameters :func:`fit` adjusts by default: the speed factor of each mode and class
#: (conventional lines), and the urban drive of the road modes. A per-mode table entry
#: is ``(table, mode)``; a single number is ``(name, "")``.
FIT_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("speed_factor", "hsr"),
    ("speed_factor", "rail"),
    ("conventional_factor", ""),
    ("expressway_kmh", "80"),
    ("expressway_kmh", "100"),
    ("expressway_kmh", "120"),
    ("speed_factor", "road"),
    ("speed_factor", "waterway"),
    ("urban_minutes", ""),
)
#: Scale of the robust (soft-L1) loss on log ratios: errors well above 10 % weigh
#: linearly, not quadratically, so one figure from a different route or a garbled
#: source cannot drag a whole mode's parameters (the target is the median error).
ROBUST_SCALE = 0.1
#: Bounds of the fitted values (physical: no factor above 1, at most 15 min per
#: sqrt(million) of urban drive).
FIT_BOUNDS: dict[str, tuple[float, float]] = {
    "speed_factor": (0.3, 1.0),
    "conventional_factor": (0.3, 1.0),
    "urban_minutes": (0.0, 15.0),
    "expressway_kmh": (40.0, 125.0),
}


def fit(
    dataset: Dataset,
    observations: pd.DataFrame,
    params: TravelTimeParams | None = None,
    *,
    parameters: tuple[tuple[str, str], ...] = FIT_PARAMETERS,
) -> TravelTimeParams:
    """Return the parameters that best match the observations (least squares in log).

    Each parameter is a per-mode table entry (``("speed_factor", "hsr")``). Only the
    parameters of modes the observations route through are moved; the objective is
    a robust (soft-L1) sum over the log ratios modelled / published, so a figure twice
    too slow weighs as one twice too fast and outliers weigh linearly
    (:data:`ROBUST_SCALE`). Unreachable and flagged figures do not enter it.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    observations : pandas.DataFrame
        From :func:`read_observations`.
    params : TravelTimeParams, optional
        The starting point (default: the documented defaults).
    parameters : tuple of (str, str)
        The (table, mode) entries to fit; ``(name, "")`` for a single number. Bounds
        are :data:`FIT_BOUNDS`.

    Returns
    -------
    TravelTimeParams
    """
    from scipy.optimize import minimize

    start = params or dataset_params(dataset.metadata)
    if "flag" in observations.columns:
        observations = observations[observations["flag"].fillna("") == ""]
    ridden = _modes_ridden(dataset, calibrate(dataset, observations, start))
    road = bool(ridden & {"expressway", "road"})
    parameters = tuple(
        p
        for p in parameters
        if p[1] in ridden
        or (p[0] in ("urban_minutes", "expressway_kmh") and road)
        or p[0] == "conventional_factor"
    )
    if not parameters:
        return start
    x0 = np.array(
        [getattr(start, t)[m] if m else getattr(start, t) for t, m in parameters], dtype=float
    )
    published = observations["published_min"].to_numpy(dtype=float)

    def with_values(x: np.ndarray) -> TravelTimeParams:
        overrides: dict[str, Any] = {}
        for (table, mode), value in zip(parameters, x, strict=True):
            if mode:
                overrides.setdefault(table, {})[mode] = float(value)
            else:
                overrides[table] = float(value)
        return start.replace(**overrides)

    def loss(x: np.ndarray) -> float:
        modelled = calibrate(dataset, observations, with_values(x))["modelled_min"]
        ratio = np.log(modelled.to_numpy(dtype=float) / published) / ROBUST_SCALE
        return float(np.nansum(np.sqrt(1.0 + ratio**2) - 1.0))

    bounds = [FIT_BOUNDS[table] for table, _ in parameters]
    result = minimize(
        loss,
        np.clip(x0, *np.array(bounds).T),
        method="Powell",
        bounds=bounds,
        options={"xtol": 1e-3, "ftol": 1e-5},
    )
    return with_values(result.x)


def _modes_ridden(dataset: Dataset, table: pd.DataFrame) -> set[str]:
    """Return the modes of the links the calibration routes ride."""
    mode = dataset.links["mode"]
    ridden = set()
    for route in table["route"]:
        for part in filter(None, str(route).split(" + ")):
            link = part.split(" (")[0]
            if link in mode.index:
                ridden.add(str(mode[link]))
    return ridden


def cross_validate(
    dataset: Dataset,
    observations: pd.DataFrame,
    params: TravelTimeParams | None = None,
    *,
    folds: int = 5,
    seed: int = 0,
    parameters: tuple[tuple[str, str], ...] = FIT_PARAMETERS,
) -> pd.DataFrame:
    """Return every observation modelled with parameters fitted on the other folds.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    observations : pandas.DataFrame
    params : TravelTimeParams, optional
        The starting point of every fit.
    folds : int, default 5
        k of the k-fold split (at most the number of observations).
    seed : int, default 0
        Seed of the shuffle that assigns figures to folds.
    parameters : tuple of (str, str)

    Returns
    -------
    pandas.DataFrame
        As :func:`calibrate`, out of sample, plus ``fold``.
    """
    k = max(2, min(folds, len(observations)))
    fold = np.random.default_rng(seed).permutation(len(observations)) % k
    parts = []
    for f in range(k):
        train, test = observations[fold != f], observations[fold == f]
        fitted = fit(dataset, train, params, parameters=parameters)
        parts.append(calibrate(dataset, test, fitted).assign(fold=f))
    return pd.concat(parts).loc[observations.index]


__all__ = [
    "COLUMNS",
    "FIT_BOUNDS",
    "FIT_PARAMETERS",
    "OBSERVATIONS",
    "ROBUST_SCALE",
    "by_mode",
    "calibrate",
    "cross_validate",
    "fit",
    "markdown_table",
    "read_observations",
    "summary_table",
]
