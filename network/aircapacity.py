"""Airport capacity: what a new airport is worth to the travellers it lets fly.

The travel-time model has no flights, and a new airport's benefit is not minutes: it is
the capacity that lets the trips of a growing air market happen at all. A dataset
describes each such market in ``[[air_markets]]`` of its ``dataset.toml``::

    [[air_markets]]
    id = "chengdu"
    name = "Chengdu's airports"
    project_id = "ap_airport_cluster"   # the project that adds the capacity
    year = 2024                         # the year of the count below
    passengers_m = 87.34                # passengers that year, millions, with the project
    capacity_before_m = 55.86           # what the airports handle without it, millions
    capacity_added_m = 60               # what the project adds, millions a year
    fare_cny = 840                      # the average one-way fare
    source = "where each figure comes from"

Demand grows from the counted year with GDP per head at ``air_income_elasticity``
(:meth:`network.appraisalparams.AppraisalParams.gdp_growth`). Where the demand at the
average fare exceeds a capacity, the fare rises until the travellers fit: with a
constant price elasticity ε, the clearing fare is ``fare · (capacity / demand)^(1/ε)``.
The project's benefit in a year is the consumer surplus of the trips it lets happen:
the area under the demand curve, above the fare they pay with the project, between the
travellers served without it and with it (in closed form for a constant elasticity; the
rule of a half, its trapezium, overstates it when the premium is steep)::

    benefit = ∫ from served_without to served_with of (P(q) − premium_with) dq,
    P(q) = fare · ((q / demand)^(1/ε) − 1)

The lower scarcity premium the travellers who fly either way pay is a transfer from the
airlines and airports, not a gain to the economy, so it is not counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from geo.errors import ParametersError, Problem
from network.appraisalparams import APPRAISED
from network.tomltables import dataset_records, list_problem, parse_records, raise_problems

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from network.appraisalparams import AppraisalParams

_NUMBERS = ("passengers_m", "capacity_before_m", "capacity_added_m", "fare_cny")
_KEYS = ("id", "name", "project_id", "year", *_NUMBERS, "source")
_FIX = "see 'Air markets' in the data README"


@dataclass(frozen=True)
class AirMarket:
    """A city's air market and the project that adds to its airports' capacity."""

    id: str
    name: str
    project_id: str
    year: int
    passengers_m: float
    capacity_before_m: float
    capacity_added_m: float
    fare_cny: float
    source: str = ""


def read_air_markets(dataset: Dataset) -> dict[str, AirMarket]:
    """Return the dataset's air markets by the id of their project.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    dict of str to AirMarket

    Raises
    ------
    geo.errors.ParametersError
        Naming the file, the market and the field, for every problem found.
    """
    markets, problems = _parse_all(dataset)
    raise_problems(problems, ParametersError, "bad air markets")
    return {m.project_id: m for m in markets}


def air_market_problems(dataset: Dataset) -> list[Problem]:
    """Return every problem of the dataset's ``[[air_markets]]`` (what ``validate`` shows).

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    list of geo.errors.Problem
    """
    return _parse_all(dataset)[1]


def capacity_benefit(
    market: AirMarket, params: AppraisalParams, years: np.ndarray, *, scale: float = 1.0
) -> dict[str, np.ndarray]:
    """Return, year by year, the trips the project lets fly and what they are worth.

    Parameters
    ----------
    market : AirMarket
    params : AppraisalParams
        ``air_price_elasticity``, ``air_income_elasticity`` and the growth of GDP per head.
    years : numpy.ndarray
        Calendar years.
    scale : float, default 1.0
        Multiplies the price elasticity (a sweep draw).

    Returns
    -------
    dict of str to numpy.ndarray
        ``demand``, ``served_without``, ``served_with`` (passengers a year),
        ``premium_without``, ``premium_with`` (CNY per trip over the average fare) and
        ``benefit`` (CNY a year).
    """
    eps = params.air_price_elasticity * scale
    base = params.gdp_growth(market.year)
    growth = np.array([params.gdp_growth(float(y)) / base for y in years])
    demand = market.passengers_m * 1e6 * growth**params.air_income_elasticity
    k0 = market.capacity_before_m * 1e6
    k1 = k0 + market.capacity_added_m * 1e6
    out = {"demand": demand}
    for label, k in (("without", k0), ("with", k1)):
        out[f"served_{label}"] = np.minimum(demand, k)
        ratio = np.maximum(demand / k, 1.0)
        out[f"premium_{label}"] = market.fare_cny * (ratio ** (-1.0 / eps) - 1.0)
    if not all(np.isfinite(v).all() for v in out.values()):
        raise ParametersError(
            f"air market '{market.id}': the fare premium overflows (demand "
            f"{float(demand.max()) / 1e6:.0f} million against {k0 / 1e6:.0f} million at "
            f"elasticity {eps:g}): raise the capacity or the elasticity's size"
        )
    s0, s1 = out["served_without"], out["served_with"]
    area = _area(s1, demand, market.fare_cny, eps) - _area(s0, demand, market.fare_cny, eps)
    out["benefit"] = np.maximum(area - (s1 - s0) * out["premium_with"], 0.0)
    return out


def _area(q: np.ndarray, demand: np.ndarray, fare: float, eps: float) -> np.ndarray:
    """Return ∫₀^q fare · ((x / demand)^(1/ε) − 1) dx (up to a constant in ε = −1)."""
    a = 1.0 / eps
    if abs(a + 1.0) < 1e-12:
        return fare * (demand * np.log(q) - q)
    return fare * (demand * (q / demand) ** (a + 1.0) / (a + 1.0) - q)


def _parse_all(dataset: Dataset) -> tuple[list[AirMarket], list[Problem]]:
    problems = list_problem(dataset, "air_markets")
    if problems:
        return [], problems
    records = dataset_records(dataset, "air_markets")

    def parse(record: Any, number: int) -> tuple[AirMarket | None, list[tuple[str, str]]]:
        return _parse(dataset, record)

    twice = ("has a second market", "give one market per project")
    return parse_records(records, parse, "air market", _FIX, unique="project_id", twice=twice)


def _parse(dataset: Dataset, record: Any) -> tuple[AirMarket | None, list[tuple[str, str]]]:
    if not isinstance(record, dict):
        return None, [("", "is not a table; write [[air_markets]] with keys")]
    errors = [(k, f"unknown key (known: {', '.join(_KEYS)})") for k in record if k not in _KEYS]
    project = record.get("project_id")
    if not isinstance(project, str) or project not in dataset.projects.index:
        errors.append(("project_id", f"{project!r} is not a project of projects.csv"))
    elif not _an_airport(dataset, project):
        errors.append(("project_id", f"'{project}' is not a transport project of subtype airport"))
    year: Any = record.get("year")
    if not _number(year) or year != int(year) or not 1900 <= year <= 2100:
        errors.append(("year", f"{year!r} is not a year"))
    for key in _NUMBERS:
        value: Any = record.get(key)
        if not _number(value) or value <= 0 or value > 1e6:
            errors.append((key, f"{value!r} is not a number > 0"))
    if errors:
        return None, errors
    return AirMarket(
        id=str(record.get("id") or project), name=str(record.get("name") or project),
        project_id=str(project), year=int(year), source=str(record.get("source", "")),
        **{k: float(record[k]) for k in _NUMBERS},
    ), []  # fmt: skip


def _an_airport(dataset: Dataset, project: str) -> bool:
    row = dataset.projects.loc[project]
    subtype = str(row.get("subtype", "") or "").lower()
    return "airport" in subtype and row.get("category") in APPRAISED


def _number(value: Any) -> bool:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return ok and bool(np.isfinite(value))


__all__ = ["AirMarket", "air_market_problems", "capacity_benefit", "read_air_markets"]
