"""Routers and matrices of many scenarios of one dataset, from one compiled network.

:class:`ScenarioCache` is what every analysis of the engine takes first: it holds the
dataset and the parameters, compiles them once into a
:class:`~network.compiled.CompiledNetwork` (every edge of every scenario as arrays),
resolves place names and scenario specifications, and keeps one
:class:`~network.routing.Router` per (projects, year, modes) and one matrix per basis.
A scenario is a mask over the compiled edges, so ranking, targets and timelines never
build a graph.
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from geo.dataset import Dataset
from network.compiled import CompiledNetwork
from network.modes import resolve_modes
from network.params import TravelTimeParams
from network.routing import Router, check_basis
from network.scenario import Scenario, resolve_scenario

ScenarioSpec = str | Scenario | None


class ScenarioCache:
    """Build-once access to the graphs, routers and place matrices of scenarios.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        From :func:`geo.load_dataset`.
    params : TravelTimeParams, optional
        Model parameters (default: the documented defaults).

    Attributes
    ----------
    builds : int
        How many scenario routers have been made (for tests and benchmarks).
    """

    def __init__(self, dataset: Dataset, params: TravelTimeParams | None = None) -> None:
        self.dataset = dataset
        self.params = params or TravelTimeParams()
        self._routers: dict[tuple, Router] = {}
        self._matrices: dict[tuple, pd.DataFrame] = {}
        self.builds = 0
        self._compiled: CompiledNetwork | None = None

    @property
    def compiled(self) -> CompiledNetwork:
        """The compiled network of the dataset and parameters (compiled on first use)."""
        if self._compiled is None:
            self._compiled = CompiledNetwork(self.dataset, self.params)
        return self._compiled

    def scenario(self, spec: ScenarioSpec) -> Scenario:
        """Resolve a scenario specification (``baseline``, ``full``, ``2027`` …)."""
        return resolve_scenario(self.dataset, spec)

    def place(self, query: str) -> str:
        """Return the node id that ``query`` names (id, English or Chinese name).

        Raises
        ------
        geo.errors.UnknownPlaceError
            With the closest matches.
        """
        return self.dataset.place(query)

    def _key(self, scenario: Scenario, modes: str) -> tuple:
        return (scenario.project_ids, scenario.year, resolve_modes(modes))

    def router(self, spec: ScenarioSpec, modes: str = "any") -> Router:
        """Return the router of a scenario and mode set (built on first use)."""
        scenario = self.scenario(spec)
        key = self._key(scenario, modes)
        if key not in self._routers:
            self._routers[key] = self.compiled.router(scenario, modes)
            self.builds += 1
        return self._routers[key]

    def graph(self, spec: ScenarioSpec, modes: str = "any") -> nx.MultiDiGraph:
        """Return the NetworkX graph of a scenario and mode set (built on first use)."""
        return self.router(spec, modes).graph

    def matrix(
        self, spec: ScenarioSpec, modes: str = "any", basis: str = "door_to_door"
    ) -> pd.DataFrame:
        """Return minutes between every place of the scenario's graph.

        Parameters
        ----------
        spec : str or Scenario
        modes : str, default "any"
        basis : {"door_to_door", "line_haul"}

        Returns
        -------
        pandas.DataFrame
            Origins × destinations (ids), minutes; NaN = unreachable. ``attrs`` hold
            ``scenario``, ``modes`` and ``basis``. Shared: copy before changing it.
        """
        scenario = self.scenario(spec)
        basis = check_basis(basis)
        key = (*self._key(scenario, modes), basis)
        if key not in self._matrices:
            router = self.router(scenario, modes)
            frame = router.matrix(basis)
            frame.attrs.update(scenario=router.scenario, modes=router.modes, basis=basis)
            self._matrices[key] = frame
        return self._matrices[key]


__all__ = ["ScenarioCache", "ScenarioSpec"]
