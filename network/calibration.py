"""Calibration: the model's line-haul times against published timetable figures.

An observation names an origin, a destination, a mode set, the scenario the figure
belongs to (a year for timetables, ``full`` for targets) and the published minutes.
:func:`calibrate` routes each one and reports published, modelled and error; the
table in ``docs/model.md`` is its output for the embedded data and the defaults::

    python -m corridor.calibration           # prints the Markdown table
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.errors import InputError
from network.cache import ScenarioCache
from network.params import TravelTimeParams

#: Observations of the embedded dataset (kept with the model's documentation).
OBSERVATIONS = Path(__file__).resolve().parent.parent / "docs" / "calibration.csv"
COLUMNS = ("origin", "destination", "modes", "scenario", "published_min", "covers", "source")


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
    for row in observations.itertuples(index=False):
        router = cache.router(row.scenario, row.modes)
        origin, destination = cache.place(row.origin), cache.place(row.destination)
        route = router.route(origin, destination, basis="line_haul")
        modelled.append(np.nan if route.minutes is None else route.minutes)
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
        One table row per observation (minutes, error in minutes and per cent), then
        the mean absolute, root-mean-square and largest error in per cent.
    """
    lines = [
        "| from | to | modes | scenario | published | modelled | error | route (calls passed) |",
        "|---|---|---|---|---:|---:|---:|---|",
    ]
    for row in table.itertuples(index=False):
        lines.append(
            f"| {row.origin} | {row.destination} | {row.modes} | {row.scenario} "
            f"| {row.published_min:g} | {row.modelled_min:.1f} "
            f"| {row.error_min:+.1f} ({row.error_pct:+.1f} %) | {row.route} |"
        )
    errors = table["error_pct"].to_numpy(dtype=float)
    lines.append("")
    lines.append(
        f"Mean absolute error {np.mean(np.abs(errors)):.1f} %, "
        f"root mean square {np.sqrt(np.mean(errors**2)):.1f} %, "
        f"largest {errors[np.argmax(np.abs(errors))]:+.1f} % over {len(errors)} figures."
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


#: Parameters :func:`fit` adjusts by default: the speed factor of each mode.
FIT_PARAMETERS: tuple[tuple[str, str], ...] = (
    ("speed_factor", "hsr"),
    ("speed_factor", "rail"),
    ("speed_factor", "expressway"),
    ("speed_factor", "road"),
    ("speed_factor", "waterway"),
)


def fit(
    dataset: Dataset,
    observations: pd.DataFrame,
    params: TravelTimeParams | None = None,
    *,
    parameters: tuple[tuple[str, str], ...] = FIT_PARAMETERS,
    bounds: tuple[float, float] = (0.3, 1.2),
) -> TravelTimeParams:
    """Return the parameters that best match the observations (least squares in log).

    Each parameter is a per-mode table entry (``("speed_factor", "hsr")``). Only the
    parameters of modes the observations route through are moved; the objective is
    the sum of squared log ratios modelled / published, so a figure twice too slow
    weighs as one twice too fast. Unreachable figures do not enter it.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    observations : pandas.DataFrame
        From :func:`read_observations`.
    params : TravelTimeParams, optional
        The starting point (default: the documented defaults).
    parameters : tuple of (str, str)
        The (table, mode) entries to fit.
    bounds : (float, float)
        Bounds of every fitted value.

    Returns
    -------
    TravelTimeParams
    """
    from scipy.optimize import minimize

    start = params or TravelTimeParams()
    ridden = _modes_ridden(dataset, calibrate(dataset, observations, start))
    parameters = tuple(p for p in parameters if p[1] in ridden)
    if not parameters:
        return start
    x0 = np.array([getattr(start, table)[mode] for table, mode in parameters], dtype=float)
    published = observations["published_min"].to_numpy(dtype=float)

    def with_values(x: np.ndarray) -> TravelTimeParams:
        overrides: dict[str, dict[str, float]] = {}
        for (table, mode), value in zip(parameters, x, strict=True):
            overrides.setdefault(table, {})[mode] = float(value)
        return start.replace(**overrides)

    def loss(x: np.ndarray) -> float:
        modelled = calibrate(dataset, observations, with_values(x))["modelled_min"]
        ratio = np.log(modelled.to_numpy(dtype=float) / published)
        return float(np.nansum(ratio**2))

    result = minimize(loss, x0, method="Powell", bounds=[bounds] * len(x0))
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
    "FIT_PARAMETERS",
    "OBSERVATIONS",
    "by_mode",
    "calibrate",
    "cross_validate",
    "fit",
    "markdown_table",
    "read_observations",
]
