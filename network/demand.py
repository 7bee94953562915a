"""Passenger demand between zones by purpose: a gravity model, calibrated and elastic.

Trips a year from zone *i* to zone *j* (*i* ≠ *j*) for purpose *p* (business, commuting,
other) are a production-constrained gravity model on generalised minutes *c*::

    T_ij = rate_p · P_i · M_j^p · exp(−β_p c_ij) / Σ_k M_k^p · exp(−β_p c_ik)

with *P* the residents of *i*, *M^p* the attraction of *j* (GDP for business trips,
residents for commuting and other trips) and β_p the purpose's decay per minute. The
rates (intercity trips a resident makes a year) are calibrated so that the model's
trips between two named groups of zones (the Chengdu and Chongqing core areas in the
embedded data) match a published count (:func:`calibrate_rates`, docs/model.md).

Demand responds to cost: after a change from c⁰ to c¹ the trips are
``T¹ = T⁰ · (c¹ / c⁰) ** e`` with *e* the elasticity of trips to generalised time (< 0),
so a faster line also induces trips. A pair unreachable before is taken at
``choke_minutes`` (no trips before it is joined).

Places outside the study region (Xi'an, Kunming, Shanghai) are ends that attract trips
but produce none in the model (their residents' travel is mostly outside it); each
trip from the region to them comes back (``T_ji = T_ij``), so a line out of the region
counts both ways.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

PURPOSES: tuple[str, ...] = ("business", "commuting", "other")


@dataclass(frozen=True)
class Zones:
    """The trip ends of a demand model: residents, GDP and attraction.

    Attributes
    ----------
    ids : list of str
    residents : numpy.ndarray
        Persons.
    gdp : numpy.ndarray
        CNY a year (an end without a figure gets the residents × the mean GDP per head).
    produces : numpy.ndarray of bool, optional
        Whether the end's residents make trips (False: a place outside the region,
        which only attracts them; default: all).
    """

    ids: list[str]
    residents: np.ndarray
    gdp: np.ndarray
    produces: np.ndarray | None = None

    @property
    def producing(self) -> np.ndarray:
        """Boolean mask of the ends that produce trips."""
        return np.ones(len(self.ids), bool) if self.produces is None else self.produces

    def attraction(self, purpose: str) -> np.ndarray:
        """Return the attraction mass of every end for ``purpose``.

        Parameters
        ----------
        purpose : str

        Returns
        -------
        numpy.ndarray
            GDP for business trips, residents for the others.
        """
        return self.gdp if purpose == "business" else self.residents


def trip_table(
    zones: Zones,
    minutes: np.ndarray,
    rates: Mapping[str, float],
    decay: Mapping[str, float],
    *,
    choke_minutes: float,
) -> dict[str, np.ndarray]:
    """Return the trips a year between every pair of ends, by purpose.

    Parameters
    ----------
    zones : Zones
    minutes : numpy.ndarray
        Ends × ends, generalised minutes (``inf``/NaN: no route).
    rates : Mapping of str to float
        Intercity trips a resident makes a year, by purpose.
    decay : Mapping of str to float
        β per minute, by purpose.
    choke_minutes : float
        Minutes a pair without a route counts as (it then draws almost no trips).

    Returns
    -------
    dict of str to numpy.ndarray
        Purpose → ends × ends trips a year; the diagonal is 0.
    """
    c = _costs(minutes, choke_minutes)
    out = {}
    for purpose in PURPOSES:
        weight = zones.attraction(purpose)[None, :] * np.exp(-decay[purpose] * c)
        np.fill_diagonal(weight, 0.0)
        total = weight.sum(axis=1, keepdims=True)
        share = np.divide(weight, total, out=np.zeros_like(weight), where=total > 0)
        made = rates[purpose] * zones.residents[:, None] * share
        made[~zones.producing] = 0.0
        outside = ~zones.producing
        made[np.ix_(outside, zones.producing)] = made[np.ix_(zones.producing, outside)].T
        out[purpose] = made  # trips to a place outside come back
    return out


def respond(
    trips: np.ndarray, before: np.ndarray, after: np.ndarray, elasticity: float, choke: float
) -> np.ndarray:
    """Return the trips after a change of cost: ``T · (c¹ / c⁰) ** elasticity``.

    Parameters
    ----------
    trips : numpy.ndarray
        Trips before.
    before, after : numpy.ndarray
        Generalised minutes before and after (no route: ``choke``).
    elasticity : float
        Of trips to generalised time (≤ 0).
    choke : float

    Returns
    -------
    numpy.ndarray
    """
    c0, c1 = pair_costs(before, after, choke)
    ratio = np.divide(c1, c0, out=np.ones_like(c0), where=c0 > 0)
    return trips * ratio**elasticity


def calibrate_rates(
    zones: Zones,
    minutes: np.ndarray,
    shares: Mapping[str, float],
    decay: Mapping[str, float],
    groups: tuple[list[int], list[int]],
    observed: float,
    *,
    choke_minutes: float,
) -> dict[str, float]:
    """Return the trip rates that reproduce ``observed`` trips between two groups of ends.

    The purposes keep the published ``shares`` of the trips between the groups (both
    directions), so each rate is scaled on its own.

    Parameters
    ----------
    zones : Zones
    minutes : numpy.ndarray
    shares : Mapping of str to float
        Share of each purpose in the observed trips (they sum to 1).
    decay : Mapping of str to float
    groups : (list of int, list of int)
        Positions of the ends of the two groups.
    observed : float
        Trips a year between the groups, both directions.
    choke_minutes : float

    Returns
    -------
    dict of str to float
        Trips per resident a year, by purpose.
    """
    unit = trip_table(
        zones, minutes, dict.fromkeys(PURPOSES, 1.0), decay, choke_minutes=choke_minutes
    )
    a, b = groups
    rates = {}
    for purpose in PURPOSES:
        between = unit[purpose][np.ix_(a, b)].sum() + unit[purpose][np.ix_(b, a)].sum()
        rates[purpose] = shares[purpose] * observed / between if between > 0 else 0.0
    return rates


def _costs(minutes: np.ndarray, choke: float) -> np.ndarray:
    """Return the minutes with a pair without a route at ``choke`` (others as they are)."""
    c = np.asarray(minutes, dtype=float).copy()
    c[~np.isfinite(c)] = choke
    return c


def pair_costs(
    before: np.ndarray, after: np.ndarray, choke: float
) -> tuple[np.ndarray, np.ndarray]:
    """Return the costs before and after, a side without a route at least ``choke``.

    A pair joined by the change (or cut by it) counts the missing side at ``choke``,
    or at the other side's time if that is longer, so joining a pair never counts as a
    loss. Finite times stay as they are, however long.

    Parameters
    ----------
    before, after : numpy.ndarray
    choke : float

    Returns
    -------
    tuple of numpy.ndarray
    """
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    known_b, known_a = np.isfinite(b), np.isfinite(a)
    c0 = np.where(known_b, b, np.maximum(choke, np.where(known_a, a, choke)))
    c1 = np.where(known_a, a, np.maximum(choke, np.where(known_b, b, choke)))
    return c0, c1


def zones_of(
    ids: list[str],
    nodes: pd.DataFrame,
    zones: pd.DataFrame | None,
    outside: Sequence[str] = (),
) -> Zones:
    """Return the demand ends: residents and GDP (CNY a year) of each trip end.

    Parameters
    ----------
    ids : list of str
        The trip ends with residents (zones and the places outside them).
    nodes : pandas.DataFrame
        The dataset's nodes (``weight``: residents).
    zones : pandas.DataFrame or None
        The dataset's zones (``gdp_100m_cny``).
    outside : list of str, optional
        Places outside the study region, appended as ends that only attract trips.

    Returns
    -------
    Zones
    """
    ids = [*ids, *outside]
    residents = nodes.loc[ids, "weight"].to_numpy(dtype=float)
    gdp = np.full(len(ids), np.nan)
    if zones is not None and "gdp_100m_cny" in zones:
        figures = pd.to_numeric(zones["gdp_100m_cny"], errors="coerce") * 1e8
        gdp = pd.Series(ids).map(figures).to_numpy(dtype=float)
    known = np.isfinite(gdp) & (residents > 0)
    per_head = gdp[known].sum() / residents[known].sum() if known.any() else 1.0
    gdp = np.where(np.isfinite(gdp), gdp, residents * per_head)
    produces = np.array([k < len(ids) - len(outside) for k in range(len(ids))])
    return Zones(ids=list(ids), residents=residents, gdp=gdp, produces=produces)


__all__ = [
    "PURPOSES",
    "Zones",
    "calibrate_rates",
    "pair_costs",
    "respond",
    "trip_table",
    "zones_of",
]
