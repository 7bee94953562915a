"""Travel-time targets: reading ``[[targets]]`` and checking them (evaluated in network.targets).

A target says: every trip between the places of ``from`` and those of ``to`` (both
directions) takes at most ``minutes`` on a time basis and mode set. Targets come from
``[[targets]]`` in the dataset's ``dataset.toml`` and from a user's TOML file of the
same form::

    [[targets]]
    id = "chengdu_chongqing_50"
    name = "Chengdu–Chongqing in 50 minutes"
    from = "chengdu"              # an id, a list of ids, "core" or "circle"
    to = "chongqing"
    minutes = 50
    basis = "line-haul"           # or "door-to-door"
    mode_set = "rail"             # rail, road, water, any, freight
    source = "where the target is stated"

``core`` stands for the dataset's core cities and ``circle`` for every populated place
of the study region.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.dataset import Dataset
from geo.errors import Problem, TargetsError
from geo.schema import MODE_SETS
from network.accessibility import resident_weights
from network.routing import BASES
from network.tomltables import (
    dataset_records,
    list_problem,
    parse_records,
    raise_problems,
    table_records,
)

SELECTORS = ("core", "circle")
_KEYS = ("id", "name", "from", "to", "minutes", "basis", "mode_set", "source")


@dataclass(frozen=True)
class Target:
    """A travel-time target (see the module docstring)."""

    id: str
    name: str
    origins: tuple[str, ...]
    destinations: tuple[str, ...]
    minutes: float
    basis: str
    modes: str
    source: str = ""

    def pairs(self) -> list[tuple[str, str]]:
        """Every ordered pair the target covers (both directions, no place to itself).

        Returns
        -------
        list of (str, str)
            (origin, destination) place ids, sorted.
        """
        out = {(o, d) for o in self.origins for d in self.destinations if o != d}
        out |= {(d, o) for o, d in out}
        return sorted(out)


def read_targets(dataset: Dataset, path: str | Path | None = None) -> list[Target]:
    """Return the dataset's targets plus those of a user's TOML file.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        Its ``dataset.toml`` ``[[targets]]``; places are resolved in it.
    path : str or Path, optional
        A TOML file of more ``[[targets]]`` (module docstring).

    Returns
    -------
    list of Target
        In file order, the dataset's first; places as ids, ``minutes`` in minutes.

    Raises
    ------
    TargetsError
        Naming the file, the target and the field, for every problem found.
    """
    records = table_records(dataset, "targets", path, TargetsError, "from, to and minutes")
    targets, problems = _parse_all(dataset, records)
    raise_problems(problems, TargetsError, "bad targets")
    return targets


def target_problems(dataset: Dataset) -> list[Problem]:
    """Return every problem of the dataset's own ``[[targets]]`` (what ``validate`` shows).

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Returns
    -------
    list of geo.errors.Problem
        File ``dataset.toml``, record ``target 'id'``, field the key.
    """
    return (
        list_problem(dataset, "targets")
        or _parse_all(dataset, dataset_records(dataset, "targets"))[1]
    )


def _parse_all(
    dataset: Dataset, records: list[tuple[str, Any]]
) -> tuple[list[Target], list[Problem]]:
    def parse(record: Any, number: int) -> tuple[Target | None, list[tuple[str, str]]]:
        return _parse(dataset, record, number)

    return parse_records(records, parse, "target", "see 'Targets' in the data README")


def _parse(
    dataset: Dataset, record: Any, number: int
) -> tuple[Target | None, list[tuple[str, str]]]:
    if not isinstance(record, dict):
        return None, [("", "is not a table; write [[targets]] with keys")]
    errors = [
        (key, f"unknown key (known: {', '.join(_KEYS)})") for key in record if key not in _KEYS
    ]
    ends = {}
    for key in ("from", "to"):
        places, message = _places(dataset, record.get(key))
        if message:
            errors.append((key, message))
        ends[key] = places
    minutes = record.get("minutes")
    if not isinstance(minutes, int | float) or isinstance(minutes, bool) or minutes <= 0:
        errors.append(("minutes", f"{minutes!r} is not a number of minutes > 0"))
    basis = str(record.get("basis", "line-haul")).replace("-", "_").lower()
    if basis not in BASES:
        errors.append(("basis", f"'{basis}' is not line-haul or door-to-door"))
    modes = str(record.get("mode_set", "any"))
    if modes not in MODE_SETS:
        errors.append(("mode_set", f"'{modes}' is not one of {', '.join(MODE_SETS)}"))
    if errors or not isinstance(minutes, int | float):
        return None, errors
    target_id = str(record.get("id") or f"target_{number}")
    return (
        Target(
            id=target_id,
            name=str(record.get("name") or target_id),
            origins=ends["from"],
            destinations=ends["to"],
            minutes=float(minutes),
            basis=basis,
            modes=modes,
            source=str(record.get("source", "")),
        ),
        [],
    )


def _places(dataset: Dataset, value: Any) -> tuple[tuple[str, ...], str]:
    if value is None:
        return (), "missing; give a place id, a list of ids, 'core' or 'circle'"
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
        return (), f"{value!r} is not a place id or a list of them"
    out: list[str] = []
    for item in items:
        if item == "core":
            out += list(dataset.core)
        elif item == "circle":
            out += list(resident_weights(dataset).index)
        elif item in dataset.place_index:
            out.append(dataset.place(item))
        else:
            close = dataset.place_index.suggest(item, 3)
            hint = f" (did you mean {', '.join(close)}?)" if close else ""
            return (), f"'{item}' is not a place id or name, 'core' or 'circle'{hint}"
    return tuple(dict.fromkeys(out)), ""


__all__ = ["SELECTORS", "Target", "read_targets", "target_problems"]
