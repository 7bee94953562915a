"""Wider economic impacts and who gains: effective density, inequality, winners and losers.

**Effective density** (market potential) of zone *i* is the GDP within reach,
discounted by generalised time, with the zone's own GDP at its internal travel time::

    ED_i = Σ_j GDP_j / t_ij^α        (t_ii: the self-potential time of zone i)

The productivity gain of a faster network is ``GDP_i · ((ED¹_i / ED⁰_i)^ρ − 1)`` a
year, with ρ the elasticity of productivity to effective density. Several decay
exponents α are computed in one run, as researchers compare them. It is reported
apart from the conventional benefits (it is not additive to them without care).

**Who gains**: inequality of accessibility across residents (Gini, and the Palma
ratio: the share of the richest 10 % over that of the poorest 40 %), and groups of zones
by GDP per head.
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def self_minutes(area_km2: np.ndarray, kmh: float) -> np.ndarray:
    """Return the time of a trip within a zone: ⅔ of the radius of a disc of its area.

    Parameters
    ----------
    area_km2 : numpy.ndarray
        Zone areas (NaN for a point place: taken as 100 km²).
    kmh : float
        Speed within the zone.

    Returns
    -------
    numpy.ndarray
        Minutes (the mean distance from the centre of a disc to a point in it is ⅔ r).
    """
    area = np.where(np.isfinite(area_km2) & (area_km2 > 0), area_km2, 100.0)
    return (2.0 / 3.0) * np.sqrt(area / np.pi) / kmh * 60.0


def effective_density(
    gdp: np.ndarray, minutes: np.ndarray, own: np.ndarray, alpha: float, choke: float
) -> np.ndarray:
    """Return ``Σ_j GDP_j / t_ij^α`` of every zone, its own GDP at ``own`` minutes.

    Parameters
    ----------
    gdp : numpy.ndarray
    minutes : numpy.ndarray
        Zones × zones; no route counts as ``choke``.
    own : numpy.ndarray
        Self-potential minutes of each zone.
    alpha : float
        Decay exponent.
    choke : float

    Returns
    -------
    numpy.ndarray
    """
    t = np.where(np.isfinite(minutes), minutes, choke).astype(float)
    t = np.maximum(t, 1.0)
    np.fill_diagonal(t, own)
    return (gdp[None, :] / t**alpha).sum(axis=1)


def productivity_gain(
    gdp: np.ndarray, before: np.ndarray, after: np.ndarray, rho: float
) -> np.ndarray:
    """Return the GDP gained a year by each zone: ``GDP · ((ED¹/ED⁰)^ρ − 1)``.

    Parameters
    ----------
    gdp, before, after : numpy.ndarray
        GDP and effective density before and after, by zone.
    rho : float
        Elasticity of productivity to effective density.

    Returns
    -------
    numpy.ndarray
    """
    ratio = np.divide(after, before, out=np.ones_like(after), where=before > 0)
    return gdp * (ratio**rho - 1.0)


def gini(values: np.ndarray, weights: np.ndarray) -> float:
    """Return the Gini coefficient of ``values`` across ``weights`` (residents).

    Parameters
    ----------
    values, weights : numpy.ndarray

    Returns
    -------
    float
        0 = everyone the same, towards 1 = one holds all; from the Lorenz curve
        (trapezoids over the population-weighted cumulative shares).
    """
    people, held = _lorenz(values, weights)
    area = np.sum((people[1:] - people[:-1]) * (held[1:] + held[:-1]) / 2.0)
    return float(1.0 - 2.0 * area)


def _lorenz(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return the Lorenz curve: cumulative shares of residents and of what they hold."""
    order = np.argsort(values, kind="stable")
    v, w = np.asarray(values, float)[order], np.asarray(weights, float)[order]
    people = np.concatenate([[0.0], np.cumsum(w) / w.sum()])
    held = np.concatenate([[0.0], np.cumsum(v * w) / (v * w).sum()])
    return people, held


def palma(values: np.ndarray, weights: np.ndarray) -> float:
    """Return the Palma ratio: the share held by the top 10 % over the bottom 40 %.

    Parameters
    ----------
    values, weights : numpy.ndarray

    Returns
    -------
    float
        Residents ranked by ``values``; a zone straddling a cut is split by residents.
    """
    people, held = _lorenz(values, weights)

    def share_below(p: float) -> float:
        return float(np.interp(p, people, held))

    bottom, top = share_below(0.4), 1.0 - share_below(0.9)
    return top / bottom if bottom > 0 else float("inf")


def income_groups(gdp: np.ndarray, residents: np.ndarray, groups: int = 5) -> np.ndarray:
    """Return each zone's group by GDP per head (1 = poorest), groups of equal residents.

    Parameters
    ----------
    gdp, residents : numpy.ndarray
    groups : int, default 5

    Returns
    -------
    numpy.ndarray of int
        A zone belongs to the group its residents' midpoint falls in.
    """
    per_head = np.divide(gdp, residents, out=np.zeros_like(gdp), where=residents > 0)
    order = np.argsort(per_head, kind="stable")
    cum = np.cumsum(residents[order])
    mid = (cum - residents[order] / 2.0) / cum[-1]
    out = np.empty(len(gdp), dtype=int)
    out[order] = np.minimum((mid * groups).astype(int) + 1, groups)
    return out


def gravity_access(
    residents: np.ndarray, minutes: np.ndarray, beta: float, choke: float
) -> np.ndarray:
    """Return ``Σ_j P_j exp(−β t_ij)`` over the other zones (residents within reach).

    Parameters
    ----------
    residents : numpy.ndarray
    minutes : numpy.ndarray
    beta : float
    choke : float

    Returns
    -------
    numpy.ndarray
    """
    t = np.where(np.isfinite(minutes), minutes, choke)
    weight = residents[None, :] * np.exp(-beta * t)
    np.fill_diagonal(weight, 0.0)
    return weight.sum(axis=1)


def losers(
    ids: list[str], names: pd.Series, before: np.ndarray, after: np.ndarray, weights: np.ndarray
) -> pd.DataFrame:
    """Return the zones whose mean minutes to the others rise, with the pair that worsens most.

    Parameters
    ----------
    ids : list of str
    names : pandas.Series
        Display names by id.
    before, after : numpy.ndarray
        Zones × zones minutes.
    weights : numpy.ndarray
        Residents of the destinations.

    Returns
    -------
    pandas.DataFrame
        ``zone``, ``name``, ``mean_min_before``, ``mean_min_after`` and ``reason`` (the
        destination whose trip got longest, and by how much); empty when none loses.
    """
    rows = []
    t0 = np.where(np.isfinite(before), before, np.nan)
    t1 = np.where(np.isfinite(after), after, np.nan)
    for i, zone in enumerate(ids):
        w = weights.copy()
        w[i] = 0.0
        ok = np.isfinite(t0[i]) & np.isfinite(t1[i]) & (w > 0)
        if not ok.any():
            continue  # reaches no one before or after: no mean to compare
        m0, m1 = np.average(t0[i, ok], weights=w[ok]), np.average(t1[i, ok], weights=w[ok])
        worse = np.where(ok, t1[i] - t0[i], -np.inf)
        if m1 > m0 + 1e-6 or worse.max() > 0.5:
            j = int(np.argmax(worse))
            reason = (
                f"the trip to {names.get(ids[j], ids[j])} takes {worse[j]:.1f} min longer "
                "(a service on its fastest route closes or is replaced)"
            )
            rows.append({"zone": zone, "name": names.get(zone, zone), "mean_min_before": m0,
                         "mean_min_after": m1, "reason": reason})  # fmt: skip
    return pd.DataFrame(
        rows, columns=["zone", "name", "mean_min_before", "mean_min_after", "reason"]
    )


__all__ = [
    "effective_density",
    "gini",
    "gravity_access",
    "income_groups",
    "losers",
    "palma",
    "productivity_gain",
    "self_minutes",
]
