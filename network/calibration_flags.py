"""A rule that flags the published figures no lawful trip can match.

A figure faster than the straight line between its places at the top speed of its
modes cannot be matched by any parameters; :func:`flag_impossible` flags it, with the
speed it implies, so that it is listed but neither fitted nor counted
(:mod:`network.calibration`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.errors import ModeSetError
from geo.measure import geodesic_km
from network.modes import resolve_modes

#: The highest speed (km/h) any vehicle of a mode may run: 120 on roads (the expressway
#: limit, Road Traffic Safety Law Implementation Regulations art. 78), 350 by train
#: (China's fastest operating speed), 160 by metro (the fastest airport lines), 60 by
#: boat (a hydrofoil; an estimate). A mode set's is the highest of its modes, and a
#: line-haul figure faster than the straight line between its places at that speed is
#: flagged by :func:`flag_impossible`, not fitted: no lawful trip makes it.
TOP_KMH: dict[str, float] = {
    "hsr": 350.0,
    "rail": 350.0,
    "metro": 160.0,
    "expressway": 120.0,
    "road": 120.0,
    "waterway": 60.0,
}


def flag_impossible(dataset: Dataset, observations: pd.DataFrame) -> pd.DataFrame:
    """Flag the figures faster than the straight line at the mode set's top speed.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    observations : pandas.DataFrame
        From :func:`read_observations`.

    Returns
    -------
    pandas.DataFrame
        A copy; an unflagged line-haul figure below the straight line between its
        places at :data:`TOP_KMH` gets a ``flag`` stating the speed it implies.
    """
    out = observations.copy()
    out["flag"] = out["flag"].fillna("").astype(str) if "flag" in out.columns else ""
    nodes = dataset.nodes
    top = out["modes"].map(_top_kmh).to_numpy(dtype=float)
    basis = out["basis"] if "basis" in out.columns else pd.Series("", out.index)
    line_haul = basis.fillna("").replace("", "line-haul") == "line-haul"
    known = out["origin"].isin(nodes.index) & out["destination"].isin(nodes.index)
    check = ((out["flag"] == "") & line_haul & known).to_numpy() & ~np.isnan(top)
    if not check.any():
        return out
    a = nodes.loc[out["origin"].to_numpy()[check]]
    b = nodes.loc[out["destination"].to_numpy()[check]]
    km = geodesic_km(a["lon"], a["lat"], b["lon"], b["lat"])
    minutes = out["published_min"].to_numpy(dtype=float)[check]
    flags = out["flag"].to_numpy(dtype=object)
    for k, d, t, v in zip(np.flatnonzero(check), km, minutes, top[check], strict=True):
        if t < d / v * 60.0:
            flags[k] = (
                f"faster than the straight line at {v:.0f} km/h, the top speed: "
                f"{d:.1f} km in {t:.0f} min is {d / t * 60.0:.1f} km/h"
            )
    out["flag"] = flags
    return out


def _top_kmh(modes: object) -> float:
    """Return the highest :data:`TOP_KMH` of a mode set's modes (NaN for an unknown set)."""
    try:
        return max(TOP_KMH[mode] for mode in resolve_modes(str(modes)))
    except (ModeSetError, KeyError, ValueError):
        return float("nan")


__all__ = ["TOP_KMH", "flag_impossible"]
