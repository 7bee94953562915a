"""Routers and matrices of many scenarios, each graph built once.

Ranking, targets and timelines evaluate dozens of scenarios; :class:`ScenarioCache`
keeps one :class:`~network.routing.Router` per (projects, year, modes) and one matrix
per basis, so nothing is built twice.
"""

from __future__ import annotations

import pandas as pd

from geo.dataset import Dataset
from network.graph import build_graph
from network.modes import resolve_modes
from network.params import TravelTimeParams
from network.routing import Router, check_basis
from network.scenario import Scenario, resolve_scenario


class ScenarioCache:
    """Build-once access to the routers and place matrices of scenarios.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : TravelTimeParams, optional
    """

    def __init__(self, dataset: Dataset, params: TravelTimeParams | None = None) -> None:
        self.dataset = dataset
        self.params = params or TravelTimeParams()
        self._routers: dict[tuple, Router] = {}
        self._matrices: dict[tuple, pd.DataFrame] = {}
        self.builds = 0

    def scenario(self, spec: str | Scenario | None) -> Scenario:
        """Resolve a specification for this dataset."""
        return resolve_scenario(self.dataset, spec)

    def _key(self, scenario: Scenario, modes: str) -> tuple:
        return (scenario.project_ids, scenario.year, resolve_modes(modes))

    def router(self, spec: str | Scenario | None, modes: str = "any") -> Router:
        """Return the router of a scenario and mode set (built on first use)."""
        scenario = self.scenario(spec)
        key = self._key(scenario, modes)
        if key not in self._routers:
            graph = build_graph(self.dataset, scenario, params=self.params, modes=modes)
            self._routers[key] = Router(graph)
            self.builds += 1
        return self._routers[key]

    def matrix(
        self, spec: str | Scenario | None, modes: str = "any", basis: str = "door_to_door"
    ) -> pd.DataFrame:
        """Return minutes between every place of the scenario's graph (NaN unreachable)."""
        scenario = self.scenario(spec)
        basis = check_basis(basis)
        key = (*self._key(scenario, modes), basis)
        if key not in self._matrices:
            router = self.router(scenario, modes)
            frame = router.matrix(basis)
            frame.attrs.update(
                scenario=router.graph.graph["scenario"],
                modes=router.graph.graph["modes"],
                basis=basis,
            )
            self._matrices[key] = frame
        return self._matrices[key]
