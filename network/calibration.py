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


__all__ = [
    "COLUMNS",
    "OBSERVATIONS",
    "calibrate",
    "markdown_table",
    "read_observations",
]
