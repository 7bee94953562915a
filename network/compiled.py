"""The compiled network: every edge of every scenario as arrays, built once.

A dataset and its parameters compile into one table of edges: the ride edges of every
link in every *state* it can take (each subset of the upgrades that touch it), and the
access, egress and transfer edges of every station. A scenario is then a boolean mask
over that table, not a new graph: :meth:`CompiledNetwork.mask` picks the links open in
the scenario, the state its projects' upgrades put each link in, and the modes asked
for. :meth:`CompiledNetwork.router` turns a mask into a :class:`~network.routing.Router`
(a CSR matrix per time basis) and :meth:`CompiledNetwork.graph` into the OSMnx-style
NetworkX graph of :mod:`network.graph`, on demand.

The graph's semantics (station and arrival nodes, ride edges between every pair of
stops with dwell per call, express stops, line changes and transfers) are documented
in :mod:`network.graph`. Node ids: a place's own id, ``place|mode`` for its station and
``place|mode|arr`` for its arrival node. Index layout: the dataset's nodes first (in
file order), then stations and arrivals, then one *sink* per place (the destination
twin that egress edges lead to, so no trip runs through a place's centre).
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.progress import Step, no_step
from network.edges import EDGE_COLUMNS, KINDS, EdgeBuilder
from network.ids import SEP, arrival_id, station_id
from network.modes import mode_set_name, resolve_modes
from network.params import TravelTimeParams, dataset_params
from network.scenario import Scenario
from network.states import LinkStates

if TYPE_CHECKING:
    import networkx as nx

    from network.routing import Router


class CompiledNetwork:
    """Every edge of every scenario of a dataset, as arrays; a scenario is a mask.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams, optional
    parts : (pandas.DataFrame, list of (str, str)), optional
        The edges and stations of an earlier compilation of the same dataset and
        parameters (:mod:`network.store` reads them from disk); default: compile.

    Attributes
    ----------
    node_ids : list of str
        Ids of the graph's nodes by index (places, then stations and arrivals).
    n_places : int
        The first ``n_places`` nodes are the dataset's nodes; sink of place k is
        ``len(node_ids) + k``.
    edges : pandas.DataFrame
        One row per edge (:data:`EDGE_COLUMNS`); ``travel_time`` and ``line_haul`` in
        seconds, ``length`` in metres.
    """

    def __init__(
        self,
        dataset: Dataset,
        params: TravelTimeParams | None = None,
        *,
        parts: tuple[pd.DataFrame, list[tuple[str, str]]] | None = None,
        step: Step = no_step,
    ) -> None:
        self.dataset = dataset
        self.params = params or dataset_params(dataset.metadata)
        self.places: list[str] = [str(p) for p in dataset.nodes.index]
        self.n_places = len(self.places)
        self._place_pos = {p: i for i, p in enumerate(self.places)}
        self.links: list[str] = [str(i) for i in dataset.links.index]
        self._link_states = LinkStates(dataset)
        self.states = self._link_states.states
        step("link states")
        if parts is None:  # compile; ``parts``: edges and stations read back from disk
            parts = EdgeBuilder(dataset, self.params, self.states, self._place_pos).build(step)
        edges, stations = parts
        self.stations: list[tuple[str, str]] = stations
        self.node_ids: list[str] = self.places + [
            f(p, m) for p, m in stations for f in (station_id, arrival_id)
        ]
        self.size = len(self.node_ids) + self.n_places
        self._mode_masks: dict[frozenset[str], np.ndarray] = {}
        self.edges = edges

    # --------------------------------------------------------------- compiling

    def place_positions(self, places: list[str]) -> np.ndarray:
        """Return the indices of ``places`` among :attr:`places` (int64 array).

        Parameters
        ----------
        places : list of str
            Place ids.

        Returns
        -------
        numpy.ndarray
        """
        return np.array([self._place_pos[p] for p in places], dtype=np.int64)

    # --------------------------------------------------------------- scenarios

    def link_state(self, scenario: Scenario) -> np.ndarray:
        """Return each link's state number in ``scenario`` (-1: not open).

        Parameters
        ----------
        scenario : Scenario

        Returns
        -------
        numpy.ndarray of int
            One per link, in dataset order; an index into :attr:`states`.
        """
        return self._link_states.of(scenario)

    def mask(self, scenario: Scenario, modes: str | frozenset[str] | None = "any") -> np.ndarray:
        """Return the edges of ``scenario`` restricted to ``modes`` (a boolean array).

        Stations count only where an open line of an allowed mode calls, so the masked
        edges are exactly the graph :mod:`network.graph` documents for the scenario.

        Parameters
        ----------
        scenario : Scenario
        modes : str or frozenset of str, default "any"

        Returns
        -------
        numpy.ndarray of bool
            One per row of :attr:`edges`.
        """
        allowed = resolve_modes(modes)
        ride, link, state_no, a, b = self._mask_arrays
        state = self.link_state(scenario)
        on = ride & (state[link] == state_no) & self._mode_mask(allowed)
        active = np.zeros(len(self.stations), dtype=bool)
        active[a[on]] = True
        return on | (~ride & active[a] & active[b])

    @cached_property
    def _mask_arrays(self) -> tuple[np.ndarray, ...]:
        e = self.edges
        ride = (e["kind"] == "ride").to_numpy()
        link = np.where(ride, e["link"].to_numpy(), 0)
        return (
            ride,
            link,
            e["state"].to_numpy(),
            e["station_a"].to_numpy(),
            e["station_b"].to_numpy(),
        )

    def _mode_mask(self, allowed: frozenset[str]) -> np.ndarray:
        """Return the edges whose modes are all in ``allowed`` (kept per mode set)."""
        if allowed not in self._mode_masks:
            e = self.edges
            both = e["mode_a"].isin(allowed) & e["mode_b"].isin(allowed)
            self._mode_masks[allowed] = both.to_numpy()
        return self._mode_masks[allowed]

    def active_places(self, scenario: Scenario) -> list[str]:
        """Return the places (dataset nodes) a scenario has: base nodes and its projects'."""
        nodes = self.dataset.nodes
        keep = (nodes["project_id"] == "") | nodes["project_id"].isin(set(scenario.project_ids))
        return [str(p) for p in nodes.index[keep.to_numpy()]]

    def router(self, scenario: Scenario, modes: str | frozenset[str] | None = "any") -> Router:
        """Return the router of a scenario and mode set (CSR matrices from the mask).

        Parameters
        ----------
        scenario : Scenario
        modes : str or frozenset of str, default "any"

        Returns
        -------
        Router
        """
        from network.routing import Router

        chosen = resolve_modes(modes)
        mask = self.mask(scenario, chosen)
        return Router.from_compiled(
            self, mask, self.active_places(scenario), scenario=scenario, modes=chosen
        )

    def edge_table(self, mask: np.ndarray) -> pd.DataFrame:
        """Return the masked edges as a :class:`~network.routing.Router` reads them.

        Node indices ``i``, ``j``, both time bases in seconds, and the attributes an
        itinerary reports (link id and name, projects, length, places).
        """
        chosen = self.edges[mask]
        ride = (chosen["kind"] == "ride").to_numpy()
        link = chosen["link"].to_numpy()
        ids = self.dataset.links.index.to_numpy(dtype=object)
        names = self.dataset.links["name"].to_numpy(dtype=object)

        return pd.DataFrame(
            {
                "i": chosen["u"].to_numpy(),
                "j": chosen["v"].to_numpy(),
                "travel_time": chosen["travel_time"].to_numpy(),
                "line_haul": chosen["line_haul"].to_numpy(),
                "kind": chosen["kind"].to_numpy(),
                "mode": chosen["mode"].to_numpy(),
                "link_id": np.where(ride, ids[np.where(ride, link, 0)], ""),
                "name": np.where(ride, names[np.where(ride, link, 0)], chosen["kind"]),
                "project_id": chosen["project_id"].to_numpy(),
                "length": chosen["length"].to_numpy(),
                "stops_passed": chosen["stops_passed"].to_numpy(),
                "from_place": chosen["from_place"].to_numpy(),
                "to_place": chosen["to_place"].to_numpy(),
            }
        )

    def graph(
        self, scenario: Scenario, modes: str | frozenset[str] | None = "any"
    ) -> nx.MultiDiGraph:
        """Return the scenario's NetworkX graph (see :mod:`network.graph`).

        Parameters
        ----------
        scenario : Scenario
        modes : str or frozenset of str, default "any"

        Returns
        -------
        networkx.MultiDiGraph
        """
        from network.graph import graph_from_edges

        chosen = resolve_modes(modes)
        return graph_from_edges(
            self,
            self.edges[self.mask(scenario, chosen)],
            self.active_places(scenario),
            scenario=scenario,
            modes=mode_set_name(chosen),
        )


__all__ = [
    "EDGE_COLUMNS",
    "KINDS",
    "SEP",
    "CompiledNetwork",
    "arrival_id",
    "station_id",
]
