"""Tables of a calibration: the error by mode, and the Markdown of ``docs/model.md``."""

from __future__ import annotations

import numpy as np
import pandas as pd


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


__all__ = ["by_mode", "markdown_table", "summary_table"]
