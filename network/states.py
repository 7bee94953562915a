"""Link states: the attributes a link takes under each subset of the upgrades that touch it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset


@dataclass(frozen=True)
class LinkState:
    """One state of a link: its attributes after an ordered subset of its upgrades."""

    projects: tuple[str, ...]
    speed_kmh: float
    reverse_speed_kmh: float
    minutes: tuple[float, ...]


def link_states(dataset: Dataset) -> dict[str, list[LinkState]]:
    """Return every state each link can take, state 0 being the link as built.

    Upgrades apply in order of their project's opening year, then project id (as in
    :func:`network.scenario.active_network`); a link touched by *k* upgrades has 2^k
    states, one per subset.
    """
    projects = dataset.projects
    order = dataset.upgrades.assign(
        _year=dataset.upgrades["project_id"].map(opening_years(projects)).fillna(0)
    ).sort_values(["_year", "project_id"])
    by_link: dict[str, list[Any]] = {}
    for row in order.itertuples(index=False):
        by_link.setdefault(row.link_id, []).append(row)
    states: dict[str, list[LinkState]] = {}
    for link in dataset.links.itertuples():
        own = (link.project_id,) if link.project_id else ()
        rows = by_link.get(link.Index, [])
        out = []
        for size in range(len(rows) + 1):
            for chosen in itertools.combinations(rows, size):
                speed, reverse, minutes = link.speed_kmh, link.reverse_speed_kmh, link.minutes
                for up in chosen:
                    speed = speed if np.isnan(up.speed_kmh) else up.speed_kmh
                    minutes = up.minutes if len(up.minutes) else minutes
                    reverse = reverse if np.isnan(up.reverse_speed_kmh) else up.reverse_speed_kmh
                ids = own + tuple(up.project_id for up in chosen)
                out.append(LinkState(ids, float(speed), float(reverse), tuple(minutes)))
        states[str(link.Index)] = out
    return states


def opening_years(projects: pd.DataFrame) -> pd.Series:
    """Return the opening year of each project (empty when the catalogue has none)."""
    return projects.get("opening_year", pd.Series(dtype="Int64"))


__all__ = ["LinkState", "link_states", "opening_years"]
