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
from network.incremental import Skim, Skims
from network.modes import resolve_modes
from network.params import TravelTimeParams, dataset_params
from network.routing import Router, check_basis
from network.scenario import Scenario, resolve_scenario
from network.store import compiled_network

ScenarioSpec = str | Scenario | None


class ScenarioCache:
    """Build-once access to the graphs, routers and place matrices of scenarios.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
        From :func:`geo.load_dataset`.
    params : TravelTimeParams, optional
        Model parameters (default: the documented defaults).
    compiled : CompiledNetwork, optional
        The dataset already compiled under ``params`` (a sweep's worker receives it);
        default: compiled on first use, through the disk cache.

    Attributes
    ----------
    builds : int
        How many scenarios (projects, year, modes) have been evaluated: a router or a
        skim made (for tests and benchmarks).
    """

    def __init__(
        self,
        dataset: Dataset,
        params: TravelTimeParams | None = None,
        *,
        compiled: CompiledNetwork | None = None,
    ) -> None:
        self.dataset = dataset
        self.params = params or dataset_params(dataset.metadata)
        self._routers: dict[tuple, Router] = {}
        self._matrices: dict[tuple, pd.DataFrame] = {}
        self._skims: dict[tuple, Skims] = {}
        self._full: dict[tuple, Skim] = {}
        self._built: set[tuple] = set()
        self._compiled: CompiledNetwork | None = compiled
        #: Show a progress bar while a large network compiles (on a terminal only).
        self.progress = False

    @property
    def compiled(self) -> CompiledNetwork:
        """The compiled network of the dataset and parameters (compiled on first use)."""
        if self._compiled is None:
            self._compiled = compiled_network(self.dataset, self.params, progress=self.progress)
        return self._compiled

    @property
    def builds(self) -> int:
        """How many scenarios have been evaluated (see the class docstring)."""
        return len(self._built)

    def scenario(self, spec: ScenarioSpec) -> Scenario:
        """Return the scenario a specification names (``baseline``, ``full``, ``2027`` …)."""
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
        """Return the router of a scenario and mode set (built on first use).

        Parameters
        ----------
        spec : str or Scenario
        modes : str, default "any"

        Returns
        -------
        Router
        """
        scenario = self.scenario(spec)
        key = self._key(scenario, modes)
        if key not in self._routers:
            self._routers[key] = self.compiled.router(scenario, modes)
            self._built.add(key)
        return self._routers[key]

    def graph(self, spec: ScenarioSpec, modes: str = "any") -> nx.MultiDiGraph:
        """Return the NetworkX graph of a scenario and mode set (built on first use).

        Parameters
        ----------
        spec : str or Scenario
        modes : str, default "any"

        Returns
        -------
        networkx.MultiDiGraph
        """
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
            skims = self.skims(modes, basis)
            skim = self._full.get(key)
            frame = skims.frame(skim) if skim is not None else skims.matrix(scenario)
            self._built.add(key[:3])
            frame.attrs.update(scenario=scenario.name, modes=skims.name, basis=basis)
            self._matrices[key] = frame
        return self._matrices[key]

    def skims(self, modes: str = "any", basis: str = "door_to_door") -> Skims:
        """Return the full and incremental skim maker of a mode set and basis.

        Parameters
        ----------
        modes : str, default "any"
        basis : {"door_to_door", "line_haul"}

        Returns
        -------
        Skims
        """
        key = (resolve_modes(modes), check_basis(basis))
        if key not in self._skims:
            self._skims[key] = Skims(self.compiled, modes, basis)
        return self._skims[key]

    def skim(self, spec: ScenarioSpec, modes: str = "any", basis: str = "door_to_door") -> Skim:
        """Return the place-to-place seconds of a scenario (computed once, then kept).

        Parameters
        ----------
        spec : str or Scenario
        modes : str, default "any"
        basis : {"door_to_door", "line_haul"}

        Returns
        -------
        Skim
            Seconds over every place of the compiled network (``inf``: no path).
        """
        scenario = self.scenario(spec)
        key = (*self._key(scenario, modes), check_basis(basis))
        if key not in self._full:
            self._full[key] = self.skims(modes, basis).full(scenario)
            self._built.add(key[:3])
        return self._full[key]


__all__ = ["ScenarioCache", "ScenarioSpec"]
