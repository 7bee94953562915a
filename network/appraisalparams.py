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
from network.demand import PURPOSES
from network.overrides import merged_overrides


def _table(**values: float) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


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
        default_factory=lambda: _table(business=4.50, commuting=7.14, other=10.96)
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


#: Where each default comes from.
APPRAISAL_DOCS: dict[str, str] = {
    "discount_rate": (
        "8 % real: social discount rate of NDRC and the Ministry of Construction, 建设项目经济"
        "评价方法与参数 (3rd ed., 2006), as quoted in water-engineering texts; sensitivity "
        "at 6 % (allowed for long-lived public projects by SL 72-2013)"
    ),
    "price_year": "the base year of the embedded data (the 2020 project list)",
    "operation_years": (
        "estimate: the sector manuals (railway, highway, waterway) were not found; railway "
        "and waterway 30 years, road and logistics 20, as the common Chinese practice and the "
        "EU guide (30-year rail, 25-year road reference periods); airports 30 (estimate)"
    ),
    "construction_years": (
        "estimate: railway 5, waterway 4, road 3, logistics 2 years; airport 5: Tianfu was "
        "built from 2016-05-27 to its opening on 2021-06-27 (China News Service; Xinhua)"
    ),
    "asset_life_years": (
        "estimate: straight-line residual value over a 50-year life of rail and waterway "
        "works (design life) and 30 years of roads and logistics sites, counted in the last "
        "year (the residual-value convention of the Chinese cash-flow templates, "
        "回收固定资产余值); "
        "airports 50 (estimate)"
    ),
    "om_share": (
        "estimate: operation and maintenance of the infrastructure a year: HSR 0.6 %, "
        "expressway and waterway 1.0 %, logistics sites 2 %, airports 1.0 % of the investment"
    ),
    "value_of_time": (
        "2020 average wage of urban non-private units: Sichuan 88,559 CNY (Sichuan Bureau of "
        "Statistics via Sichuan News 2021-06-02), Chongqing 93,816 CNY (Chongqing Bureau of "
        "Statistics, secondary), over 2,000 working hours = about 45 CNY/h; business 1.3 x "
        "wage (estimate: employer's social costs), commuting 0.5 x wage (Whittington & Cook "
        "2018, J. Benefit-Cost Analysis), other 0.4 x wage (estimate)"
    ),
    "vot_mode_factor": (
        "rail 1.2, road 1.0, water 0.85 of the purpose's value: the value of time follows "
        "income, about half the hourly income of each income group (Hou & Yang 2016, "
        "Beijing-Taiyuan mode-choice survey); HSR passengers' average income was 35-50 % "
        "above conventional-rail passengers' (World Bank, China Railway and the Third "
        "Railway Survey and Design Institute survey, reported December 2014), and the "
        "region's intercity rail trips are mostly by D and G trains; estimates: rail 1.2 "
        "against the average, road 1.0 (car drivers above it, coach passengers below), "
        "water 0.85 (as conventional rail)"
    ),
    "vot_elasticity": (
        "0.9: elasticity of the value of time to GDP per head, Abrantes & Wardman (2011), "
        "Transportation Research A 45(1) (UK DfT uses 1.0)"
    ),
    "gdp_per_head_growth": (
        "estimate: real growth of GDP per head 5.0 % a year 2021-25, 4.5 % 2026-30, 3.5 % "
        "2031-35, 2.5 % after (anchored on Bai Chong-En's potential-growth estimates, 2020, "
        "and the EIU's 4.2 % a year for 2020-30)"
    ),
    "purpose_shares": (
        "estimate: Chengdu-Chongqing trips 40 % business, 5 % commuting, 55 % visiting, "
        "study and leisure (HSR surveys: about 80 % business plus visiting on Wuhan lines, "
        "China Daily 2012-12-27; commuter passes on the Chengdu-Chongqing HSR from 2020, "
        "Xinhua 2020-12-24)"
    ),
    "decay_per_min": (
        "estimate: exponential decay 0.010-0.020 per minute fits Chinese intercity flows "
        "(Chu et al. 2023, Progress in Geography, find a steep fall beyond a few hours); "
        "business 0.012, other 0.018, commuting 0.04 (commutes are short)"
    ),
    "observed_trips": (
        "estimate: the Chengdu-Chongqing HSR carried 31.85 million passengers in 2019 "
        "(Xinhua 2020-12-24); taken as 60 % between the two ends and rail as half of the "
        "trips between Chengdu and central Chongqing: 38.2 million trips a year both ways"
    ),
    "calibration_groups": "Chengdu prefecture and the nine central districts of Chongqing",
    "trip_rates": (
        "the rates the embedded data calibrates to (docs/model.md, Appraisal), used only by "
        "a dataset without its own calibration groups: an estimate for another region"
    ),
    "demand_elasticity": (
        "-0.7: elasticity of trip frequency to travel time on an intercity HSR, -0.61 to "
        "-0.79 (Nanjing-Huai'an, Transportation Research Record 2023)"
    ),
    "choke_minutes": "estimate: 12 hours, the cost of a pair without a route",
    "agglomeration_elasticity": (
        "0.04: elasticity of productivity to effective density over all sectors, Graham, "
        "Gibbons & Martin (2009); Chinese estimates run higher (0.088, Fan Jianyong 2006)"
    ),
    "density_decay": (
        "1.0 and 1.8: decay of effective density with time for manufacturing and for "
        "services, Graham, Gibbons & Martin (2009)"
    ),
    "self_kmh": "estimate: 30 km/h for a trip within a county",
    "air_price_elasticity": (
        "-1.4: fare elasticity of air travel at the route level, where travellers can turn "
        "to another airport or destination (InterVISTAS for IATA, Estimating Air Travel "
        "Demand Elasticities, 2007; national level -0.8)"
    ),
    "air_income_elasticity": (
        "estimate: 1.0, between the bounds found: China's air passengers grew about 1.5 "
        "times as fast as GDP per head in 2010-2019 (about 268 to 660 million a year, CAAC "
        "statistical bulletins, recalled figures), while Tianfu's plan of 90 million in 2045 "
        "beside Shuangliu (China News Service 2016-05-27) implies about 0.6 from Chengdu's "
        "87 million of 2024"
    ),
}


__all__ = ["APPRAISAL_DOCS", "MODE_SETS_VALUED", "SUBTYPES", "AppraisalParams"]
