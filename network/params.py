"""The model's and the analyses' parameters: one documented home for every default.

Like OSMnx's ``settings``, every tunable number lives here with what it does and
why its default is what it is. Override them from a TOML file
(``corridor ... --params FILE``) or in Python::

    from network.params import TravelTimeParams
    params = TravelTimeParams().replace(transfer_minutes=15, speed_factor={"hsr": 0.9})

A TOML file holds the same names::

    transfer_minutes = 15
    [speed_factor]
    hsr = 0.9

Calibration against published timetables is documented in ``docs/model.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from geo.errors import ParametersError
from geo.io import read_toml_file
from geo.schema import MODES

#: Modes the traveller drives from the door: the drive to the interchange is part of
#: the trip, so it counts in the line-haul time (:data:`PARAMETER_DOCS` urban_minutes).
DRIVEN_MODES: frozenset[str] = frozenset({"expressway", "road"})


def _modes(values: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


#: Documentation of each parameter: what it does and why the default.
PARAMETER_DOCS: dict[str, str] = {
    "speed_factor": (
        "Average running speed as a share of the design/posted speed, per mode. Trains "
        "accelerate, brake and slow on curves and through junctions; traffic and ramps "
        "slow cars. HSR 0.85 is calibrated on the fastest, non-stop Chengdu "
        "East–Chongqing trains: 308 km in 62 min at 350 km/h (0.85) and 75 min at "
        "300 km/h (0.82); the middle line's 292 km in 50 min at 400 km/h needs 0.88. "
        "Expressway 0.8 gives Chengdu–Chongqing by car in 157 min against the published "
        "2.5 hours. Waterway speeds in the data are already typical vessel speeds, so "
        "their factor is 1."
    ),
    "circuity": (
        "Route length over geodesic length, used only where no length is published. "
        "Rail 1.2–1.3 and roads 1.2–1.3 are typical of hilly terrain; HSR is straighter."
    ),
    "acceleration": (
        "Mean acceleration and braking of a train, m/s2, per mode. Reaching running "
        "speed v from a stand and braking back to one each lose v / (2a) against running "
        "through, so a stop-to-stop run loses v / a once and every call on the way loses "
        "it again (plus the dwell). Short hops therefore cannot beat physics. HSR 0.35: "
        "the January 2016 Chengdu–Chongqing timetable at 300 km/h showed 7 min per extra "
        "call (88 min non-stop, 95 with one call, 102 with two) = 2 min standing + about "
        "4 min lost at 0.35 m/s2; Chongqing–Wanzhou test runs at about 200 km/h showed 4 "
        "min per call (Sichuan Daily 2016-11-08). 0 = no loss (roads, rivers)."
    ),
    "dwell_minutes": (
        "Minutes a train stands at an intermediate call (doors open), charged for every "
        "stop passed where the train calls (see a link's express_stops), on top of the "
        "start/stop loss (acceleration). HSR 2 and rail 3 are the usual timetabled stands; the "
        "January 2016 Chengdu–Chongqing timetable showed 7 min per extra call at 300 "
        "km/h (88 non-stop, 95 with one, 102 with two) = about 2 min standing + 5 min "
        "lost braking and accelerating. Roads have none; cargo vessels pass river ports "
        "without calling (locks are in locks.csv)."
    ),
    "access_minutes": (
        "Door-to-door only: minutes from the place's centre to boarding, per mode "
        "(travel to the station, security check and margin before departure). HSR "
        "stations in Chinese cities lie outside the centres; ports farther still. "
        "Driven modes: walking to and parking the car only (the drive out of town is "
        "urban_minutes)."
    ),
    "egress_minutes": (
        "Door-to-door only: minutes from alighting to the place's centre, per mode."
    ),
    "line_change_minutes": (
        "Changing between two lines of the same mode at a place (another train: walk, "
        "wait). Roads have none: driving on from one expressway to the next is free. "
        "Never below the dwell of the mode, or alighting and re-boarding would be "
        "faster than staying on."
    ),
    "urban_minutes": (
        "Driven modes only (expressway, road): minutes to drive from a place's centre to "
        "the edge of its built-up area (its expressway interchange), per end, = "
        "urban_minutes x sqrt(own population in millions). The built-up radius of a "
        "city of roughly constant density grows with the square root of its population; "
        "the coefficient is fitted on the published driving times (docs/model.md). "
        "Driving to the interchange is part of the drive, so it counts in the line-haul "
        "time as well as door to door."
    ),
    "expressway_kmh": (
        "Road class: the average running speed (km/h, interchange to interchange) on an "
        "expressway by its design speed class (80, 100, 120 km/h; a link takes the "
        "nearest class). Replaces speed_factor on expressways: posted limits and traffic "
        "differ by class more than in proportion to the design speed. Fitted on the "
        "published driving times (docs/model.md)."
    ),
    "conventional_factor": (
        "Rail class: on conventional lines built for 120 km/h or less the trains (K, T, "
        "mixed with freight, single track crossings, long stands) average a further "
        "share of what speed_factor gives; multiplies speed_factor on those segments. "
        "Fitted on the published pre-high-speed timetables (docs/model.md)."
    ),
    "service_hours": (
        "Hours a day a train service runs (about 06:30–22:30). With trains_per_day it "
        "gives the headway; the expected wait is half the headway, at most max_wait_minutes, "
        "and is charged door to door only (line-haul stays timetable running time)."
    ),
    "max_wait_minutes": (
        "Cap of the expected wait for a train: beyond it travellers time their arrival to "
        "the timetable (the wait of a random arrival would overstate it)."
    ),
    "reach_minutes": (
        "Analysis: travel-time limits (minutes) for 'population reachable within N "
        "minutes'. 60 and 120 are the plans' one-hour and two-hour circles."
    ),
    "gravity_half_life_minutes": (
        "Analysis: the gravity potential sum_j P_j exp(-beta t_ij) uses beta = ln 2 / "
        "half-life, so a destination's weight halves for every half-life of travel. 60 "
        "minutes (beta = 0.0116 per minute) is in the range of intercity trip-distribution "
        "studies (beta about 0.01-0.03 per minute); a shorter half-life stresses nearby places."
    ),
    "circle_minutes": (
        "Analysis: radius of a core city's circle (the 'one-hour circle'), measured "
        "line-haul on any mode, as the plans' 'one-hour access' is quoted."
    ),
    "transfer_minutes": (
        "Penalty for changing between modes at a place (walking, waiting, a margin). "
        "Expressway and road are one vehicle, so changing between them is free."
    ),
}


@dataclass(frozen=True)
class TravelTimeParams:
    """Parameters of the strategic travel-time model (see :data:`PARAMETER_DOCS`).

    Attributes
    ----------
    speed_factor : Mapping[str, float]
        Average / design speed per mode.
    circuity : Mapping[str, float]
        Route length / geodesic length per mode, where no length is published.
    acceleration : Mapping[str, float]
        Mean acceleration and braking (m/s2) per mode; 0 = no start/stop loss.
    dwell_minutes : Mapping[str, float]
        Standing time per call passed on the same line, per mode.
    access_minutes, egress_minutes : Mapping[str, float]
        Door-to-door access and egress per mode.
    line_change_minutes : Mapping[str, float]
        Change between lines of one mode at a place.
    transfer_minutes : float
        Penalty for a change of mode at a place.
    urban_minutes : float
        Driven modes: minutes per end per sqrt(million residents) to the interchange.
    expressway_kmh : Mapping[str, float]
        Running speed per expressway design class ("80", "100", "120").
    conventional_factor : float
        Further running-speed share on conventional rail lines of 120 km/h or less.
    service_hours, max_wait_minutes : float
        A service's operating hours a day, and the cap of its expected wait.
    free_transfers : tuple of frozenset
        Groups of modes that are one vehicle: no transfer penalty between them.
    reach_minutes : tuple of float
        Analysis: limits of "population reachable within N minutes".
    gravity_half_life_minutes : float
        Analysis: travel time that halves a destination's weight in the gravity potential.
    circle_minutes : float
        Analysis: radius of a core city's circle, line-haul on any mode.
    """

    speed_factor: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 0.85,
                "rail": 0.75,
                "metro": 0.6,
                "expressway": 0.8,
                "road": 0.75,
                "waterway": 1.0,
            }
        )
    )
    circuity: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 1.15,
                "rail": 1.3,
                "metro": 1.2,
                "expressway": 1.2,
                "road": 1.3,
                "waterway": 1.3,
            }
        )
    )
    acceleration: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 0.35,
                "rail": 0.3,
                "metro": 0.8,
                "expressway": 0.0,
                "road": 0.0,
                "waterway": 0.0,
            }
        )
    )
    dwell_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {"hsr": 2.0, "rail": 3.0, "metro": 0.5, "expressway": 0.0, "road": 0.0, "waterway": 0.0}
        )
    )
    access_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 30.0,
                "rail": 25.0,
                "metro": 8.0,
                "expressway": 5.0,
                "road": 5.0,
                "waterway": 45.0,
            }
        )
    )
    egress_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 20.0,
                "rail": 15.0,
                "metro": 5.0,
                "expressway": 5.0,
                "road": 5.0,
                "waterway": 20.0,
            }
        )
    )
    line_change_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 10.0,
                "rail": 15.0,
                "metro": 3.0,
                "expressway": 0.0,
                "road": 0.0,
                "waterway": 30.0,
            }
        )
    )
    transfer_minutes: float = 20.0
    urban_minutes: float = 6.0
    conventional_factor: float = 0.7
    expressway_kmh: Mapping[str, float] = field(
        default_factory=lambda: MappingProxyType({"80": 80.0, "100": 95.0, "120": 105.0})
    )
    service_hours: float = 16.0
    max_wait_minutes: float = 30.0
    free_transfers: tuple[frozenset[str], ...] = (frozenset({"expressway", "road"}),)
    reach_minutes: tuple[float, ...] = (60.0, 120.0)
    gravity_half_life_minutes: float = 60.0
    circle_minutes: float = 60.0

    def __post_init__(self) -> None:
        for name in (
            "speed_factor",
            "circuity",
            "acceleration",
            "dwell_minutes",
            "access_minutes",
            "egress_minutes",
            "line_change_minutes",
        ):
            table = getattr(self, name)
            missing = [m for m in MODES if m not in table]
            if missing:
                raise ParametersError(f"{name} has no value for mode(s) {', '.join(missing)}")
            for mode, value in table.items():
                if mode not in MODES:
                    raise ParametersError(
                        f"{name}: unknown mode '{mode}' (known: {', '.join(MODES)})"
                    )
                if not isinstance(value, int | float) or isinstance(value, bool):
                    raise ParametersError(f"{name}.{mode} = {value!r} is not a number")
                positive = name in ("speed_factor", "circuity")
                if (positive and value <= 0) or value < 0:
                    raise ParametersError(
                        f"{name}.{mode} = {value} must be {'> 0' if positive else '>= 0'}"
                    )
            object.__setattr__(self, name, _modes({m: float(v) for m, v in table.items()}))
        for mode in MODES:
            if self.line_change_minutes[mode] < self.dwell_minutes[mode]:
                raise ParametersError(
                    f"line_change_minutes.{mode} = {self.line_change_minutes[mode]} is below "
                    f"dwell_minutes.{mode} = {self.dwell_minutes[mode]}: alighting and "
                    "re-boarding would beat staying on the train; raise it"
                )
        if self.transfer_minutes < 0:
            raise ParametersError(f"transfer_minutes = {self.transfer_minutes} must be >= 0")
        reach = self.reach_minutes
        if isinstance(reach, int | float) and not isinstance(reach, bool):
            reach = (reach,)
        if (
            not isinstance(reach, list | tuple)
            or not reach
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in reach)
            or any(v <= 0 for v in reach)
        ):
            raise ParametersError(
                f"reach_minutes = {self.reach_minutes!r} must be a list of minutes > 0"
            )
        object.__setattr__(self, "reach_minutes", tuple(sorted(float(v) for v in reach)))
        classes = dict(self.expressway_kmh)
        if not classes or any(
            not str(k).isdigit() or not isinstance(v, int | float) or v <= 0
            for k, v in classes.items()
        ):
            raise ParametersError(
                f'expressway_kmh = {classes!r} must map design speeds ("80") to km/h > 0'
            )
        object.__setattr__(
            self, "expressway_kmh", MappingProxyType({str(k): float(v) for k, v in classes.items()})
        )
        for name in ("urban_minutes", "max_wait_minutes", "conventional_factor"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ParametersError(f"{name} = {value!r} must be a number >= 0")
            object.__setattr__(self, name, float(value))
        for name in ("gravity_half_life_minutes", "circle_minutes", "service_hours"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ParametersError(f"{name} = {value!r} must be a number > 0")
            object.__setattr__(self, name, float(value))

    @property
    def gravity_beta(self) -> float:
        """Decay per minute of the gravity potential: ln 2 / half-life."""
        return math.log(2.0) / self.gravity_half_life_minutes

    def replace(self, **overrides: Any) -> TravelTimeParams:
        """Return a copy with ``overrides``; per-mode tables are merged, not replaced."""
        known = {f.name for f in fields(self)}
        values: dict[str, Any] = {}
        for name, value in overrides.items():
            if name not in known:
                raise ParametersError(
                    f"unknown parameter '{name}' (known: {', '.join(sorted(known))})"
                )
            current = getattr(self, name)
            if isinstance(current, Mapping):
                if not isinstance(value, Mapping):
                    raise ParametersError(f"{name} must be a table of mode = value")
                values[name] = {**current, **value}
            elif name == "free_transfers":
                values[name] = tuple(frozenset(group) for group in value)
            else:
                values[name] = value
        from dataclasses import replace as dc_replace

        return dc_replace(self, **values)

    def expressway_speed(self, design_kmh: float) -> float:
        """Return the running speed of an expressway of ``design_kmh`` (nearest class).

        Parameters
        ----------
        design_kmh : float

        Returns
        -------
        float
            km/h, from :attr:`expressway_kmh`.
        """
        nearest = min(self.expressway_kmh, key=lambda k: (abs(float(k) - design_kmh), float(k)))
        return self.expressway_kmh[nearest]

    def transfer_cost(self, from_mode: str, to_mode: str) -> float:
        """Minutes to change from one mode (or line of a mode) to another at a place.

        Parameters
        ----------
        from_mode, to_mode : str
            Modes (``hsr``, ``rail`` …).

        Returns
        -------
        float
            Minutes: ``line_change_minutes`` of the mode when both are the same, 0 within
            a group of ``free_transfers``, else ``transfer_minutes``.
        """
        if from_mode == to_mode:
            return self.line_change_minutes[from_mode]
        for group in self.free_transfers:
            if from_mode in group and to_mode in group:
                return 0.0
        return self.transfer_minutes

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (for manifests and JSON output).

        Returns
        -------
        dict
            One entry per parameter: per-mode tables as dicts, ``free_transfers`` as
            sorted lists, tuples as lists.
        """
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                out[f.name] = dict(value)
            elif f.name == "free_transfers":
                out[f.name] = [sorted(group) for group in value]
            elif isinstance(value, tuple):
                out[f.name] = list(value)
            else:
                out[f.name] = value
        return out


def dataset_params(metadata: Mapping[str, Any] | None) -> TravelTimeParams:
    """Return the defaults updated from a dataset's own ``[parameters]`` table.

    A dataset may carry the parameters calibrated for its region in ``dataset.toml``
    (``[parameters]``, the same names as a ``--params`` file); the embedded data
    carries the values fitted in docs/model.md.

    Parameters
    ----------
    metadata : Mapping, optional
        ``Dataset.metadata`` (``dataset.toml``).

    Returns
    -------
    TravelTimeParams

    Raises
    ------
    geo.errors.ParametersError
        Naming ``dataset.toml`` and the key.
    """
    table = (metadata or {}).get("parameters") or {}
    if not table:
        return TravelTimeParams()
    try:
        return TravelTimeParams().replace(**table)
    except (ParametersError, TypeError) as exc:
        raise ParametersError(f"dataset.toml [parameters]: {exc}") from None


def load_params(
    path: str | Path | None = None,
    *,
    metadata: Mapping[str, Any] | None = None,
    **overrides: Any,
) -> TravelTimeParams:
    """Return the defaults, updated from the dataset, a TOML file, then ``overrides``.

    Parameters
    ----------
    path : str or Path, optional
        TOML file of parameter overrides (default: none).
    metadata : Mapping, optional
        A dataset's ``dataset.toml``: its ``[parameters]`` come first
        (:func:`dataset_params`).
    **overrides
        Parameters by name, as :meth:`TravelTimeParams.replace` (per-mode tables are
        merged).

    Returns
    -------
    TravelTimeParams

    Raises
    ------
    geo.errors.ParametersError
        Naming the file and the key, for unreadable files, unknown keys or bad values.
    """
    params = dataset_params(metadata)
    if path is not None:
        path = Path(path)
        data = read_toml_file(path, "parameters file", ParametersError)
        try:
            params = params.replace(**data)
        except (ParametersError, TypeError) as exc:
            raise ParametersError(f"{path}: {exc}") from None
    return params.replace(**overrides) if overrides else params


__all__ = [
    "DRIVEN_MODES",
    "PARAMETER_DOCS",
    "TravelTimeParams",
    "dataset_params",
    "load_params",
]
