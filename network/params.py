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
    "dwell_minutes": (
        "Minutes a call at an intermediate stop adds (braking, standing, restarting), "
        "charged for every stop passed where the train calls (see a link's "
        "express_stops). HSR 5: about 2 min standing plus 3 min lost braking from and "
        "accelerating back to line speed; the January 2016 Chengdu–Chongqing timetable "
        "showed 7 min per extra call at 300 km/h (88 non-stop, 95 with one, 102 with "
        "two), and 5 gives the smallest error over the calibration table in "
        "docs/model.md. Conventional rail 4 (lower speed, shorter loss). Roads have none, "
        "and cargo vessels pass river ports without calling (locks are in their speed)."
    ),
    "access_minutes": (
        "Door-to-door only: minutes from the place's centre to boarding, per mode "
        "(travel to the station, security check and margin before departure). HSR "
        "stations in Chinese cities lie outside the centres; ports farther still."
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
    dwell_minutes : Mapping[str, float]
        Per stop passed on the same line, per mode.
    access_minutes, egress_minutes : Mapping[str, float]
        Door-to-door access and egress per mode.
    line_change_minutes : Mapping[str, float]
        Change between lines of one mode at a place.
    transfer_minutes : float
        Penalty for a change of mode at a place.
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
    dwell_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {"hsr": 5.0, "rail": 4.0, "metro": 0.5, "expressway": 0.0, "road": 0.0, "waterway": 0.0}
        )
    )
    access_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {
                "hsr": 30.0,
                "rail": 25.0,
                "metro": 8.0,
                "expressway": 15.0,
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
                "expressway": 15.0,
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
    free_transfers: tuple[frozenset[str], ...] = (frozenset({"expressway", "road"}),)
    reach_minutes: tuple[float, ...] = (60.0, 120.0)
    gravity_half_life_minutes: float = 60.0
    circle_minutes: float = 60.0

    def __post_init__(self) -> None:
        for name in (
            "speed_factor",
            "circuity",
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
        for name in ("gravity_half_life_minutes", "circle_minutes"):
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


def load_params(path: str | Path | None = None, **overrides: Any) -> TravelTimeParams:
    """Return the defaults, updated from a TOML file and then from ``overrides``.

    Parameters
    ----------
    path : str or Path, optional
        TOML file of parameter overrides (default: none).
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
    params = TravelTimeParams()
    if path is not None:
        path = Path(path)
        data = read_toml_file(path, "parameters file", ParametersError)
        try:
            params = params.replace(**data)
        except (ParametersError, TypeError) as exc:
            raise ParametersError(f"{path}: {exc}") from None
    return params.replace(**overrides) if overrides else params


__all__ = [
    "PARAMETER_DOCS",
    "TravelTimeParams",
    "load_params",
]
