"""The parameters of the freight cost model, each with its source or marked an estimate.

Generalised cost of moving one tonne (CNY per tonne) = operating cost per tonne-km by
mode and vessel class × km + handling at each change of mode + value of the cargo's
time × hours. The defaults are for China in the early 2020s; a dataset overrides them
in a ``[freight]`` table of its ``dataset.toml`` (the same names), a user with
``FreightParams.from_mapping``. :data:`FREIGHT_DOCS` says where each default comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from geo.errors import ParametersError
from geo.schema import CARGO_TYPES, FACILITY_KINDS
from network.overrides import merged_overrides

#: The three freight networks: trucks on every road, trains on conventional rail, ships.
FREIGHT_MODES: dict[str, tuple[str, ...]] = {
    "truck": ("expressway", "road"),
    "rail": ("rail",),
    "water": ("waterway",),
}


def _table(**values: float) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class FreightParams:
    """Freight cost parameters (see :data:`FREIGHT_DOCS` for sources).

    Attributes
    ----------
    truck_cny_tkm, rail_cny_tkm : float
        Operating cost (what a shipper pays) per tonne-km, CNY.
    water_cny_tkm : Mapping[str, float]
        Per tonne-km by vessel class (deadweight tonnes, "500" … "5000"); a channel
        takes the rate of the largest class it admits.
    truck_kmh : Mapping[str, float]
        Truck running speed on expressways and ordinary roads, km/h.
    rail_kmh : float
        Freight train commercial speed between yards, km/h.
    handling_cny_t, handling_hours : Mapping[str, float]
        Cost per tonne and hours of one change of mode at a port, yard or hub.
    handling_factor : Mapping[str, float]
        By cargo type: the share of ``handling_cny_t`` a tonne of it pays (bulk is
        grabbed or conveyed, cheaper than a container lifted).
    value_of_time : Mapping[str, float]
        CNY per tonne-hour by cargo type.
    logit_scale : float
        θ of the logit split between chain classes, per CNY of generalised cost per
        tonne (:mod:`network.freightlogit`).
    """

    truck_cny_tkm: float = 0.49
    rail_cny_tkm: float = 0.1551
    water_cny_tkm: Mapping[str, float] = field(
        default_factory=lambda: _table(**{"500": 0.07, "1000": 0.05, "2000": 0.04, "5000": 0.03})
    )
    truck_kmh: Mapping[str, float] = field(
        default_factory=lambda: _table(expressway=69.0, road=40.0)
    )
    rail_kmh: float = 37.0
    handling_cny_t: Mapping[str, float] = field(
        default_factory=lambda: _table(port=30.0, yard=25.0, hub=15.0)
    )
    handling_hours: Mapping[str, float] = field(
        default_factory=lambda: _table(port=24.0, yard=24.0, hub=8.0)
    )
    handling_factor: Mapping[str, float] = field(
        default_factory=lambda: _table(bulk=0.45, container=1.0, cold_chain=1.0, cars=1.0)
    )
    value_of_time: Mapping[str, float] = field(
        default_factory=lambda: _table(bulk=0.5, container=1.0, cold_chain=20.0, cars=2.0)
    )
    logit_scale: float = 0.05

    def __post_init__(self) -> None:
        for name in ("truck_cny_tkm", "rail_cny_tkm", "rail_kmh", "logit_scale"):
            value = getattr(self, name)
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not 0 < value < 1e300
            ):
                raise ParametersError(f"freight.{name} = {value!r} must be a number > 0")
            object.__setattr__(self, name, float(value))
        need = {
            "water_cny_tkm": None,
            "truck_kmh": ("expressway", "road"),
            "handling_cny_t": FACILITY_KINDS,
            "handling_hours": FACILITY_KINDS,
            "handling_factor": CARGO_TYPES,
            "value_of_time": CARGO_TYPES,
        }
        for name, keys in need.items():
            table = dict(getattr(self, name))
            missing = [k for k in keys or () if k not in table]
            if missing or not table:
                raise ParametersError(f"freight.{name} has no value for {', '.join(missing)}")
            bad = [
                k for k, v in table.items() if not isinstance(v, int | float) or not 0 <= v < 1e300
            ]
            if name == "water_cny_tkm":
                bad += [k for k in table if not str(k).isdigit()]
            if bad:
                raise ParametersError(f"freight.{name}: {bad[0]!r} needs a number >= 0")
            object.__setattr__(self, name, _table(**{str(k): float(v) for k, v in table.items()}))

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> FreightParams:
        """Return the defaults overridden by ``values`` (a ``[freight]`` TOML table).

        Parameters
        ----------
        values : Mapping, optional
            Names of :class:`FreightParams`; a table (``value_of_time``) is merged key
            by key into the default one.

        Returns
        -------
        FreightParams

        Raises
        ------
        geo.errors.ParametersError
            For an unknown name or a bad value.
        """
        base = cls()
        merged = merged_overrides(base, values, "freight")
        return replace(base, **merged)

    def water_rate(self, vessel_t: float) -> float:
        """Return the cost per tonne-km of a channel taking vessels of ``vessel_t`` tonnes.

        Parameters
        ----------
        vessel_t : float
            The channel's vessel class, tonnes (NaN: the smallest class).

        Returns
        -------
        float
            The rate of the largest class not above ``vessel_t`` (CNY per tonne-km).
        """
        classes = sorted((float(k), v) for k, v in self.water_cny_tkm.items())
        rate = classes[0][1]
        for tonnes, value in classes:
            if vessel_t == vessel_t and vessel_t >= tonnes:
                rate = value
        return rate


#: Where each default comes from.
FREIGHT_DOCS: dict[str, str] = {
    "truck_cny_tkm": (
        "0.49 CNY/t-km: average highway freight rate, Q4 2014 (public.9t56.com: cost 0.418, "
        "market 0.459 at 500-600 km; 0.39-0.68 by commodity)"
    ),
    "rail_cny_tkm": (
        "0.1551 CNY/t-km: national average rail freight tariff after the 2015 raise "
        "(Xinhua via chinagate.cn, 2015); terminal handling is the yard's"
    ),
    "water_cny_tkm": (
        "estimate: no rate by vessel class was found; water costs 12-15 % of road "
        "(gudianfeng.com, undated) = 0.06-0.07 CNY/t-km, taken for 500-1,000 t ships, "
        "falling to 0.03 for the 5,000 t ships of the Yangtze reservoir"
    ),
    "truck_kmh": (
        "69 km/h on expressways: a 2,500 km truck trip in 36 h (SCMP 2019, derived); "
        "estimate: 40 km/h on ordinary roads"
    ),
    "rail_kmh": (
        "37 km/h: Lanzhou-Chongqing freight, 886 km in one day (China Daily 2017, derived)"
    ),
    "handling_cny_t": (
        "estimate: no published charge was found; 30 CNY/t at a river port, 25 at a rail "
        "yard, 15 at a logistics hub"
    ),
    "handling_hours": "estimate: a day at a port or yard; a hub consolidates in a shift",
    "logit_scale": (
        "estimate: 0.05 per CNY/t; a chain class 20 CNY/t dearer than another carries "
        "e^-1 = 37 % of its tonnes (no Chinese freight mode-choice scale was found)"
    ),
    "handling_factor": (
        "bulk 0.45: the national loading tariff for bulk (coal, ore, cement, grain) with the "
        "port's equipment, 13.50 CNY/t (shipping agency's table of the former Ministry of "
        "Communications tariff, undated: indicative), over the 30 CNY/t port estimate, "
        "applied at yards and hubs too (estimate); 1.0 for containers, cold chain and cars "
        "(estimate). A facility's own handling_cny_t in freight_facilities.csv is its "
        "charge for every cargo, not scaled"
    ),
    "value_of_time": (
        "estimate: containers 1.0 and cars 2.0 CNY/t-h: the Yangtze carries Chongqing's "
        "containers and cars to Shanghai, about 10 days against 1 by road (Wanzhou-Shanghai "
        "10 days, Chongqing Daily 2021), which shippers choose only below about 3.5 CNY/t-h "
        "(road 1,700 km x 0.49 against 2,400 km by water); short-haul canal shippers value "
        "a container hour at 52.50 CNY per TEU = 7.3 CNY/t-h (TRID, Hangzhou-Ningbo, c. "
        "2016; 7.2 t per TEU, gov.cn). Estimates: bulk 0.5, cold chain 20 (perishable)"
    ),
}


__all__ = ["FREIGHT_DOCS", "FREIGHT_MODES", "FreightParams"]
