"""Itineraries: the legs and routes a shortest path is reported as, and the time bases.

Two time bases, always labelled:

- ``line_haul``: station to station, what published timetables quote (no access,
  egress or first wait; transfers and dwell count);
- ``door_to_door``: from place centre to place centre, access and egress included.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal

from geo.errors import ModeSetError

if TYPE_CHECKING:
    pass

Basis = Literal["line_haul", "door_to_door"]
BASES: tuple[str, ...] = ("line_haul", "door_to_door")


def check_basis(basis: str) -> str:
    """Return ``basis`` normalised (``line-haul`` → ``line_haul``) or raise."""
    normal = basis.replace("-", "_").lower()
    if normal not in BASES:
        raise ModeSetError(f"unknown time basis '{basis}': use line_haul or door_to_door")
    return normal


@dataclass(frozen=True)
class Leg:
    """One leg of an itinerary: a ride on a line, or an access, egress or transfer."""

    kind: str
    mode: str
    from_place: str
    to_place: str
    minutes: float
    link_id: str = ""
    line: str = ""
    stops_passed: int = 0
    length_km: float = 0.0
    project_ids: tuple[str, ...] = ()
    #: Minutes under way (line-haul: running, stops, lock passage) of the leg.
    under_way: float = 0.0
    #: Elapsed minutes (door to door: also waits, lock waits and nights laid up).
    elapsed: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON).

        Returns
        -------
        dict
            ``kind``, ``mode``, ``line``, ``link_id``, ``from``, ``to``, ``minutes``,
            ``stops_passed``, ``length_km`` (km), ``project_ids`` (a list),
            ``under_way_min`` and ``elapsed_min``.
        """
        return {
            "kind": self.kind,
            "mode": self.mode,
            "line": self.line,
            "link_id": self.link_id,
            "from": self.from_place,
            "to": self.to_place,
            "minutes": self.minutes,
            "stops_passed": self.stops_passed,
            "length_km": self.length_km,
            "project_ids": list(self.project_ids),
            "under_way_min": self.under_way,
            "elapsed_min": self.elapsed,
        }


@dataclass(frozen=True)
class Route:
    """The fastest itinerary between two places (``minutes`` None if unreachable)."""

    origin: str
    destination: str
    basis: str
    minutes: float | None
    legs: tuple[Leg, ...] = field(default_factory=tuple)
    scenario: str = ""
    modes: str = ""

    @property
    def reachable(self) -> bool:
        """Whether any path exists."""
        return self.minutes is not None

    @property
    def project_ids(self) -> tuple[str, ...]:
        """Projects whose links or upgrades the itinerary uses, in order of use."""
        seen: dict[str, None] = {}
        for leg in self.legs:
            for project in leg.project_ids:
                seen[project] = None
        return tuple(seen)

    @property
    def length_km(self) -> float:
        """Length ridden, km (model lengths)."""
        return float(sum(leg.length_km for leg in self.legs))

    @property
    def under_way_minutes(self) -> float:
        """Minutes under way over the rides (a voyage: sailing and lock passage)."""
        return float(sum(leg.under_way for leg in self.legs if leg.kind == "ride"))

    @property
    def elapsed_minutes(self) -> float:
        """Elapsed minutes over the rides and changes (waits, nights laid up included)."""
        return float(sum(leg.elapsed for leg in self.legs if leg.kind in ("ride", "transfer")))

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (JSON): ``minutes`` is null when unreachable.

        Returns
        -------
        dict
            ``from``, ``to``, ``scenario``, ``modes``, ``basis``, ``minutes``,
            ``reachable``, ``length_km`` (km; None without legs), ``project_ids``,
            ``under_way_min`` and ``elapsed_min`` (over the rides and changes; None
            without legs) and ``legs`` (each :meth:`Leg.to_dict`).
        """
        return {
            "from": self.origin,
            "to": self.destination,
            "scenario": self.scenario,
            "modes": self.modes,
            "basis": self.basis,
            "minutes": self.minutes,
            "reachable": self.reachable,
            "length_km": self.length_km if self.legs else None,
            "project_ids": list(self.project_ids),
            "under_way_min": self.under_way_minutes if self.legs else None,
            "elapsed_min": self.elapsed_minutes if self.legs else None,
            "legs": [leg.to_dict() for leg in self.legs],
        }


def merge_through_rides(legs: list[Leg]) -> tuple[Leg, ...]:
    """Join ride → free transfer → ride on the same link into one ride.

    Where staying on costs nothing extra (roads: no dwell, no line change), a
    shortest path may split one drive at an intermediate place; the itinerary
    shows it as the one ride it is.

    Returns
    -------
    tuple of Leg
        The legs in order; each merged ride adds up the minutes, km and stops passed
        of its parts (the place between them counts as a stop passed).
    """
    out: list[Leg] = []
    for leg in legs:
        if (
            leg.kind == "ride"
            and len(out) >= 2
            and out[-1].kind == "transfer"
            and out[-1].minutes == 0.0
            and out[-2].kind == "ride"
            and out[-2].link_id == leg.link_id
        ):
            first = out[-2]
            out[-2:] = [
                replace(
                    first,
                    to_place=leg.to_place,
                    minutes=first.minutes + leg.minutes,
                    stops_passed=first.stops_passed + leg.stops_passed + 1,
                    length_km=first.length_km + leg.length_km,
                    under_way=first.under_way + leg.under_way,
                    elapsed=first.elapsed + leg.elapsed,
                )
            ]
        else:
            out.append(leg)
    return tuple(out)


__all__ = ["BASES", "Basis", "Leg", "Route", "check_basis", "merge_through_rides"]
