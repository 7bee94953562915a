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
from network.calibration_flags import TOP_KMH, flag_impossible
from network.calibration_tables import by_mode, markdown_table, summary_table
from network.compiled import CompiledNetwork
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
    params = params or dataset_params(dataset.metadata)
    observations = flag_impossible(dataset, observations)
    # Compiled in memory: a fit tries thousands of parameter sets, none worth a disk copy.
    cache = ScenarioCache(dataset, params, compiled=CompiledNetwork(dataset, params))
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
            minutes = route.elapsed_minutes
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


#: Parameters :func:`fit` adjusts by default: the speed factor of each mode and class
#: (conventional lines), and the urban drive of the road modes. A per-mode table entry
#: is ``(table, mode)``; a single number is ``(name, "")``; ``(table, "a+b")`` ties two
#: entries to one value. The 80 and 100 km/h expressway classes are tied: their posted
#: limits are both 80–100 km/h, and the design class recorded for many links is
#: uncertain, so apart they fit to an unphysical order (80 faster than 100).
FIT_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("speed_factor", "hsr"),
    ("speed_factor", "rail"),
    ("conventional_factor", ""),
    ("expressway_kmh", "80+100"),
    ("expressway_kmh", "120"),
    ("speed_factor", "road"),
    ("speed_factor", "waterway"),
    ("urban_minutes", ""),
)
#: Scale of the robust (soft-L1) loss on log ratios: errors well above 10 % weigh
#: linearly, not quadratically, so one figure from a different route or a garbled
#: source cannot drag a whole mode's parameters (the target is the median error).
ROBUST_SCALE = 0.1
#: Bounds of the fitted values, physical: no train runs faster than its line's speed
#: (factor at most 1), no car averages more than the legal limit of its road (the
#: expressway limit of :data:`~network.calibration_flags.TOP_KMH`, 120 km/h; 100
#: on the 80 and 100 km/h classes, whose posted limits are 80–100), no expressway class
#: below 60 km/h (80 for the 120 km/h class: a free-flowing expressway), at most 15 min
#: per sqrt(million residents) of urban drive. An entry ``(table, key)`` overrides
#: ``table``.
FIT_BOUNDS: dict[str | tuple[str, str], tuple[float, float]] = {
    "speed_factor": (0.3, 1.0),
    "conventional_factor": (0.3, 1.0),
    "urban_minutes": (0.0, 15.0),
    "expressway_kmh": (80.0, TOP_KMH["expressway"]),
    ("expressway_kmh", "80+100"): (60.0, 100.0),
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
    observations = flag_impossible(dataset, observations)
    observations = observations[observations["flag"].fillna("") == ""]
    ridden = _modes_ridden(dataset, calibrate(dataset, observations, start))
    parameters = _movable(parameters, ridden)
    if not parameters:
        return start
    x0 = [getattr(start, t)[m.split("+")[0]] if m else getattr(start, t) for t, m in parameters]
    published = observations["published_min"].to_numpy(dtype=float)

    bounds = [FIT_BOUNDS.get((table, key), FIT_BOUNDS[table]) for table, key in parameters]
    low, high = np.array(bounds, dtype=float).T

    def loss(x: np.ndarray) -> float:
        # Powell may step a hair outside a bound (-3e-18 for a bound of 0): clip.
        trial = _with_values(start, parameters, np.clip(x, low, high))
        modelled = calibrate(dataset, observations, trial)["modelled_min"]
        ratio = np.log(modelled.to_numpy(dtype=float) / published) / ROBUST_SCALE
        return float(np.nansum(np.sqrt(1.0 + ratio**2) - 1.0))

    result = minimize(
        loss,
        np.clip(np.array(x0, dtype=float), low, high),
        method="Powell",
        bounds=bounds,
        options={"xtol": 1e-3, "ftol": 1e-5},
    )
    return _with_values(start, parameters, np.clip(result.x, low, high))


def _movable(
    parameters: tuple[tuple[str, str], ...], ridden: set[str]
) -> tuple[tuple[str, str], ...]:
    """Return the parameters the figures can move: those of the modes they ride."""
    road = bool(ridden & {"expressway", "road"})
    return tuple(
        (table, key)
        for table, key in parameters
        if key in ridden
        or (table in ("urban_minutes", "expressway_kmh") and road)
        or (table == "conventional_factor" and "rail" in ridden)
    )


def _with_values(
    start: TravelTimeParams, parameters: tuple[tuple[str, str], ...], x: np.ndarray
) -> TravelTimeParams:
    """Return ``start`` with the fitted ``parameters`` set to ``x``."""
    overrides: dict[str, Any] = {}
    for (table, key), value in zip(parameters, x, strict=True):
        if key:
            for each in key.split("+"):
                overrides.setdefault(table, {})[each] = float(value)
        else:
            overrides[table] = float(value)
    return start.replace(**overrides)


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
    workers: int = 1,
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
    workers : int, default 1
        Folds fitted at once, in separate processes.

    Returns
    -------
    pandas.DataFrame
        As :func:`calibrate`, out of sample, plus ``fold``.
    """
    k = max(2, min(folds, len(observations)))
    fold = np.random.default_rng(seed).permutation(len(observations)) % k
    tasks = [
        (dataset, observations[fold != f], observations[fold == f], params, parameters, f)
        for f in range(k)
    ]
    if workers > 1:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=min(workers, k)) as pool:
            parts = list(pool.map(_held_out, tasks))
    else:
        parts = [_held_out(task) for task in tasks]
    return pd.concat(parts).loc[observations.index]


def _held_out(task: tuple[Any, ...]) -> pd.DataFrame:
    """Fit on one fold's training figures and model its held-out ones."""
    dataset, train, test, params, parameters, f = task
    fitted = fit(dataset, train, params, parameters=parameters)
    return calibrate(dataset, test, fitted).assign(fold=f)


__all__ = [
    "COLUMNS",
    "FIT_BOUNDS",
    "FIT_PARAMETERS",
    "OBSERVATIONS",
    "ROBUST_SCALE",
    "TOP_KMH",
    "by_mode",
    "calibrate",
    "cross_validate",
    "fit",
    "flag_impossible",
    "markdown_table",
    "read_observations",
    "summary_table",
]
