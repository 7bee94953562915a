"""Link states: the attributes a link takes under each subset of the upgrades that touch it."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from network.scenario import Scenario


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


class LinkStates:
    """The states of every link, and the state each scenario puts a link in.

    Parameters
    ----------
    dataset : geo.dataset.Dataset

    Attributes
    ----------
    states : dict of str to list of LinkState
        Per link id (:func:`link_states`).
    """

    def __init__(self, dataset: Dataset) -> None:
        self.dataset = dataset
        self.links: list[str] = [str(i) for i in dataset.links.index]
        self.states = link_states(dataset)

    def of(self, scenario: Scenario) -> np.ndarray:
        """Return each link's state number in ``scenario`` (-1: not open).

        Parameters
        ----------
        scenario : Scenario

        Returns
        -------
        numpy.ndarray of int
            One per link, in dataset order; an index into :attr:`states`.
        """
        dataset = self.dataset
        links, projects = dataset.links, dataset.projects
        chosen = set(scenario.project_ids)
        horizon = scenario.year if scenario.year is not None else dataset.base_year
        base = links["project_id"] == ""
        opened = links["opened"]
        open_base = base & (opened.isna() | (opened <= horizon) if horizon is not None else True)
        in_project = links["project_id"].isin(chosen)
        if scenario.year is not None:
            year = opened.fillna(links["project_id"].map(opening_years(projects)))
            in_project &= year.notna() & (year <= scenario.year)
        state = np.where(np.asarray(open_base | in_project, dtype=bool), 0, -1)
        applied = self._applied_upgrades(scenario, chosen)
        for k, link_id in enumerate(self.links):
            ups = applied.get(link_id)
            if ups and state[k] == 0:
                state[k] = self._state_no[link_id][ups]
        return state

    @cached_property
    def _state_no(self) -> dict[str, dict[tuple[str, ...], int]]:
        own = dict(zip(self.links, self.dataset.links["project_id"], strict=True))
        out = {}
        for link_id, states in self.states.items():
            skip = 1 if own[link_id] else 0
            out[link_id] = {s.projects[skip:]: n for n, s in enumerate(states)}
        return out

    def _applied_upgrades(self, scenario: Scenario, chosen: set[str]) -> dict[str, tuple]:
        dataset = self.dataset
        opening = opening_years(dataset.projects)
        upgrades = dataset.upgrades[dataset.upgrades["project_id"].isin(chosen)]
        if scenario.year is not None:
            year = upgrades["project_id"].map(opening)
            upgrades = upgrades[year.notna() & (year <= scenario.year)]
        order = upgrades.assign(_y=upgrades["project_id"].map(opening).fillna(0))
        applied: dict[str, tuple] = {}
        for row in order.sort_values(["_y", "project_id"]).itertuples(index=False):
            applied[row.link_id] = (*applied.get(row.link_id, ()), row.project_id)
        return applied


__all__ = ["LinkState", "LinkStates", "link_states", "opening_years"]
