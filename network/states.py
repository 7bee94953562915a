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
    #: Per segment (a service over several lines); empty = ``speed_kmh`` everywhere.
    segment_speeds: tuple[float, ...] = ()


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
                segment = tuple(getattr(link, "segment_speeds", ()) or ())
                for up in chosen:
                    speed = speed if np.isnan(up.speed_kmh) else up.speed_kmh
                    minutes = up.minutes if len(up.minutes) else minutes
                    reverse = reverse if np.isnan(up.reverse_speed_kmh) else up.reverse_speed_kmh
                    new = tuple(getattr(up, "segment_speeds", ()) or ())
                    if new and segment:
                        segment = tuple(
                            s if np.isnan(n) else n for s, n in zip(segment, new, strict=True)
                        )
                ids = own + tuple(up.project_id for up in chosen)
                out.append(LinkState(ids, float(speed), float(reverse), tuple(minutes), segment))
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
        links = dataset.links
        opening = opening_years(dataset.projects)
        self._project = links["project_id"].to_numpy(dtype=object)
        self._base = self._project == ""
        self._opened = pd.to_numeric(links["opened"], errors="coerce").to_numpy(float)
        closed = links["closed"] if "closed" in links.columns else pd.Series(np.nan, links.index)
        self._closed = pd.to_numeric(closed, errors="coerce").to_numpy(float)
        project_year = pd.to_numeric(links["project_id"].map(opening), errors="coerce")
        self._year = np.where(np.isnan(self._opened), project_year.to_numpy(float), self._opened)
        self._position = {link: k for k, link in enumerate(self.links)}
        upgrades = dataset.upgrades.assign(
            _y=pd.to_numeric(dataset.upgrades["project_id"].map(opening), errors="coerce")
        )
        ordered = upgrades.assign(_order=upgrades["_y"].fillna(0)).sort_values(
            ["_order", "project_id"], kind="mergesort"
        )
        #: (project, link, opening year or NaN), in the order upgrades apply.
        self._upgrades = list(
            zip(ordered["project_id"], ordered["link_id"], ordered["_y"].astype(float), strict=True)
        )

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
        chosen = set(scenario.project_ids)
        year = scenario.year
        horizon = year if year is not None else self.dataset.base_year
        open_base = self._base.copy()
        if horizon is not None:
            open_base &= np.isnan(self._opened) | (self._opened <= horizon)
        in_project = np.array([p in chosen for p in self._project], dtype=bool)
        if year is not None:
            with np.errstate(invalid="ignore"):
                in_project &= ~np.isnan(self._year) & (self._year <= year)
        if horizon is not None:  # withdrawn services and closed lines
            with np.errstate(invalid="ignore"):
                still = np.isnan(self._closed) | (self._closed > horizon)
            open_base &= still
            in_project &= still
        state = np.where(open_base | in_project, 0, -1)
        applied: dict[str, tuple[str, ...]] = {}
        for project, link, opens in self._upgrades:
            if project in chosen and (year is None or (opens == opens and opens <= year)):
                applied[link] = (*applied.get(link, ()), project)
        for link, ups in applied.items():
            k = self._position[link]
            if state[k] == 0:
                state[k] = self._state_no[link][ups]
        return state

    @cached_property
    def _state_no(self) -> dict[str, dict[tuple[str, ...], int]]:
        own = dict(zip(self.links, self.dataset.links["project_id"], strict=True))
        out = {}
        for link_id, states in self.states.items():
            skip = 1 if own[link_id] else 0
            out[link_id] = {s.projects[skip:]: n for n, s in enumerate(states)}
        return out


__all__ = ["LinkState", "LinkStates", "link_states", "opening_years"]
