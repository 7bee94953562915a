"""The model's and the analyses' parameters: one documented home for every default.

Like OSMnx's ``settings``, every tunable number lives here with what it does and
why its default is what it is. Override them from a TOML file
(``corridor ... --params FILE``) or in Python::

    from network.params import TravelTimeParams
    params = TravelTimeParams().replace(transfer_minutes=15, speed_factor={"hsr": 0.9})

A TOML file (or a dataset's ``[parameters]``) holds the same names. Calibration
against published figures is documented in ``docs/model.md``.
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
from network.paramdocs import PARAMETER_DOCS

#: Modes the traveller drives from the door: the drive to the interchange is part of
#: the trip, so it counts in the line-haul time (:data:`PARAMETER_DOCS` urban_minutes).
DRIVEN_MODES: frozenset[str] = frozenset({"expressway", "road"})


def _modes(values: dict[str, float]) -> Mapping[str, float]:
    return MappingProxyType(dict(values))


def _per_mode(**values: float) -> Mapping[str, float]:
    return _modes(values)


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
        Door-to-door access and egress per mode, from and to a point place.
    boarding_minutes, alighting_minutes : Mapping[str, float]
        Door-to-door: terminal minutes at a station reached from a zone (the drive
        there is timed from geometry).
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
    access_max_km : float
        Zones: farthest nearest-station of a mode a zone drives to (network.zoneaccess).
    """

    speed_factor: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=0.85, rail=0.75, metro=0.6, expressway=0.8, road=0.75, waterway=1.0
        )
    )
    circuity: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=1.15, rail=1.3, metro=1.2, expressway=1.2, road=1.3, waterway=1.3
        )
    )
    acceleration: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=0.35, rail=0.3, metro=0.8, expressway=0.0, road=0.0, waterway=0.0
        )
    )
    dwell_minutes: Mapping[str, float] = field(
        default_factory=lambda: _modes(
            {"hsr": 2.0, "rail": 3.0, "metro": 0.5, "expressway": 0.0, "road": 0.0, "waterway": 0.0}
        )
    )
    access_minutes: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=30.0, rail=25.0, metro=8.0, expressway=5.0, road=5.0, waterway=45.0
        )
    )
    egress_minutes: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=20.0, rail=15.0, metro=5.0, expressway=5.0, road=5.0, waterway=20.0
        )
    )
    boarding_minutes: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=15.0, rail=15.0, metro=3.0, expressway=0.0, road=0.0, waterway=30.0
        )
    )
    alighting_minutes: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=5.0, rail=5.0, metro=2.0, expressway=0.0, road=0.0, waterway=10.0
        )
    )
    line_change_minutes: Mapping[str, float] = field(
        default_factory=lambda: _per_mode(
            hsr=10.0, rail=15.0, metro=3.0, expressway=0.0, road=0.0, waterway=0.0
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
    access_max_km: float = 100.0

    def __post_init__(self) -> None:
        self._check_tables()
        self._check_numbers()

    def _check_tables(self) -> None:
        """Check the per-mode tables and normalise them to read-only float mappings."""
        for name in (
            "speed_factor",
            "circuity",
            "acceleration",
            "dwell_minutes",
            "access_minutes",
            "egress_minutes",
            "boarding_minutes",
            "alighting_minutes",
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

    def _check_numbers(self) -> None:
        """Check the single numbers and the reach limits."""
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
        for name in ("urban_minutes", "max_wait_minutes", "conventional_factor"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or isinstance(value, bool) or value < 0:
                raise ParametersError(f"{name} = {value!r} must be a number >= 0")
            object.__setattr__(self, name, float(value))
        for name in (
            "gravity_half_life_minutes",
            "circle_minutes",
            "service_hours",
            "access_max_km",
        ):
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

    def __reduce__(self) -> tuple[Any, tuple[dict[str, Any]]]:
        """Pickle as plain data (the per-mode tables are read-only mapping proxies)."""
        return (_from_dict, (self.to_dict(),))

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


def _from_dict(values: dict[str, Any]) -> TravelTimeParams:
    """Rebuild parameters from :meth:`TravelTimeParams.to_dict` (unpickling)."""
    return TravelTimeParams().replace(**values)


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
