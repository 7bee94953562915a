"""The parameters of the appraisal, each with its source or marked an estimate.

A dataset overrides them in an ``[appraisal]`` table of its ``dataset.toml`` (the same
names; a per-purpose or per-subtype table is merged key by key), a user with
:meth:`AppraisalParams.from_mapping`. :data:`APPRAISAL_DOCS` says where each default
comes from; the assumptions sheet of ``corridor appraise --format xlsx`` lists both.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

import numpy as np

from geo.errors import ParametersError
from network.appraisaldocs import APPRAISAL_DOCS
from network.demand import PURPOSES
from network.overrides import merged_overrides


def _table(**values: float) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


#: Catalogue categories an appraisal covers (what moves people and goods).
APPRAISED: tuple[str, ...] = ("transport", "logistics")
#: The mode sets whose values of time differ (:attr:`AppraisalParams.vot_mode_factor`).
MODE_SETS_VALUED: tuple[str, ...] = ("rail", "road", "water")
#: Project subtypes an appraisal tells apart (others take ``default``).
SUBTYPES: tuple[str, ...] = ("railway", "road", "waterway", "logistics", "airport", "default")


@dataclass(frozen=True)
class AppraisalParams:
    """Appraisal parameters (see :data:`APPRAISAL_DOCS` for sources).

    Attributes
    ----------
    discount_rate : float
        Social discount rate a year (real).
    price_year : int
        Prices, values of time and discounting are of this year.
    operation_years, construction_years, asset_life_years : Mapping[str, float]
        By project subtype (:data:`SUBTYPES`).
    om_share : Mapping[str, float]
        Operation and maintenance a year, share of the investment, by subtype.
    value_of_time : Mapping[str, float]
        CNY per person-hour in ``price_year``, by purpose.
    vot_mode_factor : Mapping[str, float]
        The value of time of a trip by the mode set of its fastest route (rail, road,
        water), relative to the purpose's value.
    vot_elasticity : float
        Of the value of time to GDP per head.
    gdp_per_head_growth : Mapping[str, float]
        Real growth a year of GDP per head, by the first year of each period.
    purpose_shares : Mapping[str, float]
        Shares of the calibration count by purpose.
    decay_per_min : Mapping[str, float]
        Gravity decay β per generalised minute, by purpose.
    observed_trips : float
        Trips a year between the calibration groups (both directions).
    trip_rates : Mapping[str, float]
        Trips per resident a year by purpose, used where the dataset has no calibration
        groups (the rates the embedded data calibrates to).
    calibration_groups : tuple of str
        The two ``part_of`` places whose zones (or the places themselves) are counted.
    demand_elasticity : float
        Of trips to generalised time.
    choke_minutes : float
        Minutes a pair without a route counts as.
    agglomeration_elasticity : float
        Of productivity to effective density.
    density_decay : tuple of float
        Exponents α of effective density Σ GDP_j / t_ij^α, all reported.
    self_kmh : float
        Speed of a trip within a zone, for the self-potential (km/h).
    air_price_elasticity : float
        Of air trips to the fare (< 0), for airport capacity (:mod:`network.aircapacity`).
    air_income_elasticity : float
        Of air trips to GDP per head.
    """

    discount_rate: float = 0.08
    price_year: int = 2020
    operation_years: Mapping[str, float] = field(
        default_factory=lambda: _table(
            railway=30, road=20, waterway=30, logistics=20, airport=30, default=25
        )
    )
    construction_years: Mapping[str, float] = field(
        default_factory=lambda: _table(
            railway=5, road=3, waterway=4, logistics=2, airport=5, default=3
        )
    )
    asset_life_years: Mapping[str, float] = field(
        default_factory=lambda: _table(
            railway=50, road=30, waterway=50, logistics=30, airport=50, default=30
        )
    )
    om_share: Mapping[str, float] = field(
        default_factory=lambda: _table(
            railway=0.006, road=0.01, waterway=0.01, logistics=0.02, airport=0.01, default=0.01
        )
    )
    value_of_time: Mapping[str, float] = field(
        default_factory=lambda: _table(business=58.5, commuting=22.5, other=18.0)
    )
    vot_mode_factor: Mapping[str, float] = field(
        default_factory=lambda: _table(rail=1.2, road=1.0, water=0.85)
    )
    vot_elasticity: float = 0.9
    gdp_per_head_growth: Mapping[str, float] = field(
        default_factory=lambda: _table(
            **{"2021": 0.05, "2026": 0.045, "2031": 0.035, "2036": 0.025}
        )
    )
    purpose_shares: Mapping[str, float] = field(
        default_factory=lambda: _table(business=0.40, commuting=0.05, other=0.55)
    )
    decay_per_min: Mapping[str, float] = field(
        default_factory=lambda: _table(business=0.012, commuting=0.04, other=0.018)
    )
    observed_trips: float = 38.2e6
    trip_rates: Mapping[str, float] = field(
        default_factory=lambda: _table(business=4.59, commuting=7.68, other=11.40)
    )
    calibration_groups: tuple[str, str] = ("chengdu", "chongqing")
    demand_elasticity: float = -0.7
    choke_minutes: float = 720.0
    agglomeration_elasticity: float = 0.04
    density_decay: tuple[float, ...] = (1.0, 1.8)
    self_kmh: float = 30.0
    air_price_elasticity: float = -1.4
    air_income_elasticity: float = 1.0

    def __post_init__(self) -> None:
        for name in ("discount_rate", "vot_elasticity", "agglomeration_elasticity",
                     "air_income_elasticity"):  # fmt: skip
            object.__setattr__(self, name, _number(name, getattr(self, name), low=0.0))
        for name in ("observed_trips", "choke_minutes", "self_kmh"):
            object.__setattr__(self, name, _number(name, getattr(self, name), positive=True))
        elasticity = _number("demand_elasticity", self.demand_elasticity)
        if elasticity > 0:
            raise ParametersError("appraisal.demand_elasticity must be a number <= 0")
        object.__setattr__(self, "demand_elasticity", elasticity)
        air = _number("air_price_elasticity", self.air_price_elasticity)
        if not -10.0 <= air <= -0.1:
            raise ParametersError(
                f"appraisal.air_price_elasticity = {air!r} must be between -10 and -0.1 "
                "(air travel responds to fares: -1.4 on a route, -0.8 nationally)"
            )
        object.__setattr__(self, "air_price_elasticity", air)
        year = self.price_year
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            raise ParametersError(f"appraisal.price_year = {year!r} must be a year (e.g. 2020)")
        periods = ("operation_years", "construction_years", "asset_life_years")
        for name, keys in (*((n, SUBTYPES) for n in periods), ("om_share", SUBTYPES),
                           ("value_of_time", PURPOSES), ("purpose_shares", PURPOSES),
                           ("vot_mode_factor", MODE_SETS_VALUED),
                           ("decay_per_min", PURPOSES), ("trip_rates", PURPOSES)):  # fmt: skip
            object.__setattr__(self, name, _checked_table(name, getattr(self, name), keys,
                                                          positive=name in periods))  # fmt: skip
        extra = [k for k in self.vot_mode_factor if k not in MODE_SETS_VALUED]
        if extra:
            raise ParametersError(
                f"appraisal.vot_mode_factor: unknown mode set {', '.join(map(repr, extra))} "
                f"(known: {', '.join(MODE_SETS_VALUED)})"
            )
        growth = _checked_table("gdp_per_head_growth", self.gdp_per_head_growth, ())
        if not growth or not all(str(k).isdigit() for k in growth):
            raise ParametersError('appraisal.gdp_per_head_growth: give e.g. {"2021" = 0.05}')
        object.__setattr__(self, "gdp_per_head_growth", growth)
        if abs(sum(self.purpose_shares.values()) - 1.0) > 1e-6:
            raise ParametersError("appraisal.purpose_shares must sum to 1")
        decay = self.density_decay
        if not isinstance(decay, tuple) or not decay:
            raise ParametersError("appraisal.density_decay: give a list, e.g. [1.0, 1.8]")
        object.__setattr__(
            self, "density_decay", tuple(_number("density_decay", v, positive=True) for v in decay)
        )
        groups = self.calibration_groups
        named = isinstance(groups, tuple) and all(isinstance(g, str) and g for g in groups)
        if not named or len(groups) != 2 or groups[0] == groups[1]:
            raise ParametersError(
                f"appraisal.calibration_groups = {groups!r}: give two different places, "
                'e.g. ["chengdu", "chongqing"]'
            )

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> AppraisalParams:
        """Return the defaults overridden by ``values`` (an ``[appraisal]`` TOML table).

        Parameters
        ----------
        values : Mapping, optional

        Returns
        -------
        AppraisalParams

        Raises
        ------
        geo.errors.ParametersError
            For an unknown name or a bad value.
        """
        base = cls()
        merged = merged_overrides(base, values, "appraisal")
        return replace(base, **merged)

    def by_subtype(self, name: str, subtype: str) -> float:
        """Return a per-subtype value (``default`` for a subtype not listed).

        Parameters
        ----------
        name : str
        subtype : str

        Returns
        -------
        float
        """
        table = getattr(self, name)
        return float(table.get(_subtype(subtype), table["default"]))

    def vot_growth(self, year: float) -> float:
        """Return the value of time in ``year`` relative to ``price_year``.

        Parameters
        ----------
        year : float

        Returns
        -------
        float
            :meth:`gdp_growth` to the power ``vot_elasticity``.
        """
        return self.gdp_growth(year) ** self.vot_elasticity

    def gdp_growth(self, year: float) -> float:
        """Return GDP per head in ``year`` relative to ``price_year``.

        Parameters
        ----------
        year : float

        Returns
        -------
        float
            ``Π (1 + g_y)`` over the years after ``price_year`` up to ``year``, g_y the
            growth of the period ``y`` falls in (before the first period: its rate);
            below 1 for a year before ``price_year``.
        """
        periods = sorted((int(k), v) for k, v in self.gdp_per_head_growth.items())

        def rate(y: int) -> float:
            return next((g for start, g in reversed(periods) if y >= start), periods[0][1])

        low, high = sorted((int(self.price_year), int(year)))
        factor = float(np.prod([1 + rate(y) for y in range(low + 1, high + 1)]))
        return factor if year >= self.price_year else 1.0 / factor


def _number(name: str, value: Any, *, low: float | None = None, positive: bool = False) -> float:
    """Return ``value`` as a finite float, or raise naming the parameter."""
    ok = isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
    if not ok or (positive and value <= 0) or (low is not None and value < low):
        need = "> 0" if positive else (f">= {low:g}" if low is not None else "finite")
        raise ParametersError(f"appraisal.{name} = {value!r} must be a number {need}")
    return float(value)


def _checked_table(
    name: str, table: Any, keys: tuple[str, ...], *, positive: bool = False
) -> Mapping[str, float]:
    """Return a per-key table of numbers >= 0 (> 0 if ``positive``), all ``keys`` present."""
    if not isinstance(table, Mapping):
        raise ParametersError(f"appraisal.{name}: give a table of numbers")
    missing = [k for k in keys if k not in table]
    if missing:
        raise ParametersError(f"appraisal.{name}: no value for {', '.join(missing)}")
    return _table(**{str(k): _number(f"{name}.{k}", v, low=0.0, positive=positive)
                     for k, v in table.items()})  # fmt: skip


def _subtype(subtype: str) -> str:
    """Map a catalogue subtype (``hsr``, ``expressway``, ``port``…) to :data:`SUBTYPES`."""
    text = str(subtype).lower()
    for word, group in (("rail", "railway"), ("hsr", "railway"), ("metro", "railway"),
                        ("road", "road"), ("express", "road"), ("bridge", "road"),
                        ("water", "waterway"), ("river", "waterway"), ("channel", "waterway"),
                        ("navigation", "waterway"), ("airport", "airport"), ("port", "logistics"),
                        ("logistic", "logistics"), ("yard", "logistics"), ("hub", "logistics"),
                        ("cold", "logistics")):  # fmt: skip
        if word in text:
            return group
    return "default"


__all__ = ["APPRAISAL_DOCS", "APPRAISED", "MODE_SETS_VALUED", "SUBTYPES", "AppraisalParams"]
