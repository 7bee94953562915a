"""Appraisal: what a project is worth against its cost, as yearly streams and results.

For each project (added alone to the baseline) and for the programme (baseline →
full), the passenger benefit is the change of consumer surplus of the zone-to-zone
trips by purpose (:mod:`network.demand`), by the **rule of a half**::

    hours saved = Σ_ij ½ (T⁰_ij + T¹_ij) (c⁰_ij − c¹_ij) / 60

valued at the purpose's value of time, which grows with GDP per head
(:meth:`~network.appraisalparams.AppraisalParams.vot_growth`). The freight benefit is
the CNY a year the project saves the region's goods (:mod:`network.freightstudy`); an
airport's is the trips its capacity lets fly (:mod:`network.aircapacity`). All run from
the opening year for the operating period of the project's subtype.

Costs: the investment of the catalogue, spread evenly over the construction years
before opening; operation and maintenance a year as a share of it; less the residual
value at the end of the period (straight-line over the asset life). Everything is
discounted to ``price_year`` at the social discount rate. Results: present values,
NPV, BCR, EIRR and switching values; a project without an investment figure is
"benefits only".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from network.aircapacity import AirMarket, capacity_benefit
from network.appraisalparams import AppraisalParams
from network.demand import PURPOSES, Zones, pair_costs, respond, trip_table

#: Columns of the yearly streams (CNY; one row per project and year).
STREAM_COLUMNS: tuple[str, ...] = (
    "project_id", "year", "investment", "om", "residual",
    *(f"time_{p}" for p in PURPOSES), "freight", "air", "benefits", "costs", "net",
    "discount_factor",
)  # fmt: skip


#: The benefit columns of the streams.
BENEFIT_COLUMNS: tuple[str, ...] = (*(f"time_{p}" for p in PURPOSES), "freight", "air")


@dataclass(frozen=True)
class Effect:
    """What one scenario change does to the trips, in the price year's units.

    Attributes
    ----------
    hours : dict of str to float
        Person-hours saved a year by purpose (rule of a half).
    valued : dict of str to float
        The same, each pair's hours weighted by the value-of-time factor of its mode
        (:attr:`~network.appraisalparams.AppraisalParams.vot_mode_factor`): what the
        purpose's value of time multiplies.
    by_origin : numpy.ndarray
        Hours saved a year by the residents of each end (all purposes), in end order: the
        trips they make and their return legs from places outside (0 for those places).
    value_by_origin : numpy.ndarray
        The same valued at the price year's values of time (CNY a year).
    trips_before, trips_after : float
        Trips a year (the difference is induced demand).
    """

    hours: dict[str, float]
    valued: dict[str, float]
    by_origin: np.ndarray
    value_by_origin: np.ndarray
    trips_before: float
    trips_after: float


def effect(
    zones: Zones,
    before: np.ndarray,
    after: np.ndarray,
    trips: dict[str, np.ndarray],
    params: AppraisalParams,
    factor: np.ndarray | None = None,
) -> Effect:
    """Return the hours a change from ``before`` to ``after`` minutes saves, by purpose.

    Parameters
    ----------
    zones : Zones
    before, after : numpy.ndarray
        Ends × ends generalised minutes.
    trips : dict of str to numpy.ndarray
        Trips a year before, by purpose (:func:`network.demand.trip_table`).
    params : AppraisalParams
    factor : numpy.ndarray, optional
        Ends × ends value-of-time factor of each pair's mode (default 1).

    Returns
    -------
    Effect
    """
    choke = params.choke_minutes
    weight = np.ones_like(before) if factor is None else factor
    c0, c1 = pair_costs(before, after, choke)
    hours, valued = {}, {}
    origin, value = np.zeros(len(zones.ids)), np.zeros(len(zones.ids))
    t0_total = t1_total = 0.0
    for purpose in PURPOSES:
        t0 = trips[purpose]
        t1 = respond(t0, before, after, params.demand_elasticity, choke)
        saved = 0.5 * (t0 + t1) * (c0 - c1) / 60.0
        hours[purpose] = float(saved.sum())
        valued[purpose] = float((saved * weight).sum())
        origin += _residents_hours(saved, zones.producing)
        value += _residents_hours(saved * weight, zones.producing) * params.value_of_time[purpose]
        t0_total += float(t0.sum())
        t1_total += float(t1.sum())
    return Effect(hours, valued, origin, value, t0_total, t1_total)


def _residents_hours(saved: np.ndarray, producing: np.ndarray) -> np.ndarray:
    """Return the hours saved by the residents of each end: their trips and the returns.

    A trip's hours belong to the residents who make it: a zone's own trips (its row)
    and the return legs from places outside the region (their column), which those
    places do not produce. Places outside get nothing.
    """
    out = saved.sum(axis=1) + saved[~producing].sum(axis=0)
    return np.where(producing, out, 0.0)


def streams(
    project: pd.Series,
    hours: dict[str, float],
    freight_cny: float,
    params: AppraisalParams,
    air: AirMarket | None = None,
    air_scale: float = 1.0,
) -> pd.DataFrame:
    """Return a project's yearly costs and benefits (CNY of the price year).

    Parameters
    ----------
    project : pandas.Series
        A catalogue row: ``id``, ``subtype``, ``opening_year``, ``investment_cny_bn``.
    hours : dict of str to float
        Person-hours saved a year by purpose, weighted by mode (:attr:`Effect.valued`).
    freight_cny : float
        Freight cost saved a year.
    params : AppraisalParams
    air : network.aircapacity.AirMarket, optional
        The air market whose capacity the project adds to.
    air_scale : float, default 1.0
        Multiplies the air price elasticity (a sweep draw).

    Returns
    -------
    pandas.DataFrame
        :data:`STREAM_COLUMNS`, from the first construction year (or the opening year
        without an investment) to the last operating year.
    """
    opening = int(project["opening_year"])
    subtype = str(project.get("subtype", ""))
    build = int(params.by_subtype("construction_years", subtype))
    operate = int(params.by_subtype("operation_years", subtype))
    investment = float(project.get("investment_cny_bn", np.nan)) * 1e9
    has_cost = np.isfinite(investment) and investment > 0
    first = opening - build if has_cost else opening
    years = np.arange(first, opening + operate)
    running = years >= opening
    frame = pd.DataFrame({"project_id": project["id"], "year": years})
    invest = np.where(~running, investment / build, 0.0) if has_cost else np.zeros(len(years))
    frame["investment"] = invest
    share = params.by_subtype("om_share", subtype)
    frame["om"] = np.where(running, investment * share, 0.0) if has_cost else 0.0
    life = params.by_subtype("asset_life_years", subtype)
    left = max(0.0, 1.0 - operate / life) * investment if has_cost else 0.0
    frame["residual"] = np.where(years == years[-1], left, 0.0)
    growth = np.array([params.vot_growth(float(y)) for y in years])
    for purpose in PURPOSES:
        value = hours[purpose] * params.value_of_time[purpose] * growth
        frame[f"time_{purpose}"] = np.where(running, value, 0.0)
    frame["freight"] = np.where(running, freight_cny, 0.0)
    frame["air"] = _air_stream(air, params, years, running, air_scale)
    frame["benefits"] = frame[list(BENEFIT_COLUMNS)].sum(axis=1)
    frame["costs"] = frame["investment"] + frame["om"] - frame["residual"]
    frame["net"] = frame["benefits"] - frame["costs"]
    frame["discount_factor"] = (1 + params.discount_rate) ** -(years - params.price_year)
    return frame[list(STREAM_COLUMNS)]


def _air_stream(
    air: AirMarket | None,
    params: AppraisalParams,
    years: np.ndarray,
    running: np.ndarray,
    scale: float,
) -> np.ndarray:
    """Return the airport-capacity benefit a year (0 without a market or before opening)."""
    if air is None:
        return np.zeros(len(years))
    flying = capacity_benefit(air, params, years, scale=scale)["benefit"]
    return np.where(running, flying, 0.0)


def results(stream: pd.DataFrame, rate: float) -> dict[str, float | str]:
    """Return present values, NPV, BCR, EIRR and switching values of one stream.

    Parameters
    ----------
    stream : pandas.DataFrame
        :func:`streams` of one project (or their sum by year).
    rate : float
        Discount rate (its ``discount_factor`` column is used).

    Returns
    -------
    dict
        ``pv_benefits``, ``pv_costs``, ``npv``, ``bcr``, ``eirr`` (NaN when the net
        stream never changes sign), the switching values ``benefits_switch`` and
        ``costs_switch`` (the relative change of present benefits, or of present costs,
        that makes the NPV zero: −0.2 = they may fall 20 %, +0.5 = they must rise 50 %)
        and ``verdict`` ("benefits only" without costs).
    """
    factor = stream["discount_factor"].to_numpy(dtype=float)
    pv_b = float((stream["benefits"].to_numpy(dtype=float) * factor).sum())
    pv_c = float((stream["costs"].to_numpy(dtype=float) * factor).sum())
    if pv_c <= 0:
        return {"pv_benefits": pv_b, "pv_costs": 0.0, "npv": np.nan, "bcr": np.nan,
                "eirr": np.nan, "benefits_switch": np.nan,
                "costs_switch": np.nan, "verdict": "benefits only"}  # fmt: skip
    bcr = pv_b / pv_c
    return {
        "pv_benefits": pv_b,
        "pv_costs": pv_c,
        "npv": pv_b - pv_c,
        "bcr": bcr,
        # no return on benefits of nothing: a rate from the residual value alone means nothing
        "eirr": eirr(stream["year"].to_numpy(dtype=float), stream["net"].to_numpy(dtype=float))
        if pv_b > 1e-6 * pv_c
        else np.nan,
        "benefits_switch": 1.0 / bcr - 1.0 if bcr > 0 else np.nan,
        "costs_switch": bcr - 1.0,
        "verdict": "worth its cost" if bcr >= 1 else "costs exceed benefits",
    }


def eirr(years: np.ndarray, net: np.ndarray) -> float:
    """Return the rate at which the net stream's present value is zero (NaN if none).

    Parameters
    ----------
    years : numpy.ndarray
    net : numpy.ndarray
        Benefits − costs by year.

    Returns
    -------
    float
        Found by Brent's method on (−0.99, 10); NaN when the present value does not
        change sign there (all costs, or all benefits).
    """
    from scipy.optimize import brentq

    t = years - years[0]

    def npv(rate: float) -> float:
        return float((net / (1 + rate) ** t).sum())

    low, high = -0.99, 10.0
    if not np.isfinite(npv(low)) or npv(low) * npv(high) > 0:
        return float("nan")
    return float(brentq(npv, low, high, xtol=1e-10))


def trips_before(zones: Zones, minutes: np.ndarray, rates: dict[str, float],
                 params: AppraisalParams) -> dict[str, np.ndarray]:  # fmt: skip
    """Return the base trips by purpose (:func:`network.demand.trip_table` with the params).

    Parameters
    ----------
    zones : Zones
    minutes : numpy.ndarray
    rates : dict of str to float
    params : AppraisalParams

    Returns
    -------
    dict of str to numpy.ndarray
    """
    return trip_table(
        zones, minutes, rates, params.decay_per_min, choke_minutes=params.choke_minutes
    )


__all__ = ["STREAM_COLUMNS", "Effect", "effect", "eirr", "results", "streams", "trips_before"]
