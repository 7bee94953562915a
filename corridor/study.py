"""``Study``: the one object a whole analysis needs.

A study owns the dataset, the parameters, the scenario cache (each scenario's graph
is built once and shared by every method), place-name resolution and the defaults.
Its methods return the engine's results: routes, DataFrames, a
:class:`~corridor.comparison.Comparison`, folium maps and written files.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from corridor.analyses import StudyAnalyses
from corridor.appraise import StudyAppraisal
from corridor.freight import StudyFreight
from corridor.maps import StudyMaps
from geo.dataset import Dataset, load_dataset
from geo.errors import InputError, ParametersError
from geo.summary import summarize
from network import export as exports
from network.aircapacity import read_air_markets
from network.cache import ScenarioCache, ScenarioSpec
from network.freighttargets import read_freight_targets
from network.matrix import od_matrices, od_matrix
from network.overrides import table_problems
from network.params import TravelTimeParams, load_params
from network.routing import Route, check_basis
from network.scenario import Scenario
from network.targetspec import read_targets

Params = TravelTimeParams | str | Path | Mapping[str, Any] | None


class Study(StudyAnalyses, StudyMaps, StudyFreight, StudyAppraisal):
    """A connectivity study of one dataset under one set of parameters.

    Parameters
    ----------
    data : str, Path or geo.dataset.Dataset, optional
        A dataset folder, or a loaded dataset (default: the embedded
        Chengdu–Chongqing data).
    params : TravelTimeParams, str, Path or mapping, optional
        Parameters, a TOML file of overrides, or a mapping of overrides (default: the
        documented defaults).
    modes : str, default "any"
        Default mode set: ``rail``, ``road``, ``water``, ``any``, ``freight`` or modes.
    basis : {"door_to_door", "line_haul"}, default "door_to_door"
        Default time basis.
    progress : bool, default False
        Show progress bars on long analyses (on a terminal only).

    Raises
    ------
    geo.errors.InputError
        For a dataset that fails validation, or bad parameters.

    Examples
    --------
    >>> study = Study()
    >>> study.compare().pairs[["origin", "destination", "before_min", "after_min"]]
    """

    def __init__(
        self,
        data: str | Path | Dataset | None = None,
        *,
        params: Params = None,
        modes: str = "any",
        basis: str = "door_to_door",
        progress: bool = False,
    ) -> None:
        if isinstance(data, Dataset):
            self.dataset = data
        else:
            self.dataset = load_dataset(data, progress=progress)
        # a broken [[targets]] or parameter table is a broken dataset: refused here
        read_targets(self.dataset)
        read_freight_targets(self.dataset)
        read_air_markets(self.dataset)
        problems = table_problems(self.dataset.metadata)
        if problems:
            where = self.dataset.folder / "dataset.toml"
            raise ParametersError(f"{where}: {problems[0].message}")
        self.params = _params(params, self.dataset.metadata)
        self.cache = ScenarioCache(self.dataset, self.params)
        self.cache.progress = progress
        self.modes = modes
        self.basis = check_basis(basis)
        self.progress = progress

    def __repr__(self) -> str:
        return f"Study({self.dataset.name!r}, folder={str(self.dataset.folder)!r})"

    # ------------------------------------------------------------------ look-ups

    def scenario(self, spec: ScenarioSpec) -> Scenario:
        """Resolve a scenario specification (``baseline``, ``full``, ``2027`` …).

        Returns
        -------
        network.scenario.Scenario
            See :func:`network.scenario.resolve_scenario`.
        """
        return self.cache.scenario(spec)

    def graph(
        self, scenario: ScenarioSpec = "baseline", *, modes: str | None = None
    ) -> nx.MultiDiGraph:
        """Return the scenario's NetworkX ``MultiDiGraph`` (OSMnx attributes; shared).

        Parameters
        ----------
        scenario : str or Scenario, default "baseline"
        modes : str, optional
            Default: the study's.

        Returns
        -------
        networkx.MultiDiGraph
            Built once per scenario and mode set and shared: copy before changing it.
        """
        return self.cache.graph(scenario, modes or self.modes)

    def summary(self) -> dict[str, Any]:
        """Return the dataset summary of ``corridor info`` (plain data)."""
        return summarize(self.dataset)

    # ------------------------------------------------------------ travel times

    def route(
        self,
        origin: str,
        destination: str,
        *,
        scenario: ScenarioSpec = "baseline",
        modes: str | None = None,
        basis: str | None = None,
    ) -> Route:
        """Return the fastest itinerary between two places.

        Parameters
        ----------
        origin, destination : str
            Places by id or name (English or Chinese, any case).
        scenario : str or Scenario, default "baseline"
        modes, basis : str, optional
            Default: the study's.

        Returns
        -------
        network.routing.Route
            Minutes (None if unreachable), legs, projects used.

        Raises
        ------
        geo.errors.UnknownPlaceError
            For an unknown place; an ``InputError`` for a place the scenario lacks.
        """
        modes, basis = self._mb(modes, basis)
        ids = [self.place(origin), self.place(destination)]
        router = self.cache.router(scenario, modes)
        for place in ids:
            if place not in router:
                raise InputError(
                    f"'{place}' is not in scenario '{router.scenario}' "
                    "(a project adds it): choose a scenario with that project"
                )
        return router.route(ids[0], ids[1], basis)

    def matrix(
        self,
        scenario: ScenarioSpec = "baseline",
        *,
        modes: str | None = None,
        basis: str | None = None,
        places: Sequence[str] | None = None,
        by: str = "zone",
    ) -> pd.DataFrame:
        """Return minutes between places (:func:`network.matrix.od_matrix`).

        Parameters
        ----------
        scenario : str or Scenario, default "baseline"
        modes, basis : str, optional
        places : sequence of str, optional
            Places by id or name (default: the zones and the places outside them).
        by : {"zone", "prefecture", "province"}, default "zone"
            Roll up to population-weighted mean minutes between prefectures or
            provinces (:func:`network.rollup.roll_up_matrix`).

        Returns
        -------
        pandas.DataFrame
            Origins × destinations, minutes; NaN = unreachable.
        """
        from corridor.analyses import _level
        from network.rollup import roll_up_matrix

        modes, basis = self._mb(modes, basis)
        chosen = list(places) if places is not None else None
        frame = od_matrix(
            self.cache, scenario, modes=modes, basis=basis, origins=chosen, destinations=chosen
        )
        return roll_up_matrix(frame, self.dataset, _level(by))

    def matrices(
        self, scenario: ScenarioSpec = "baseline", *, basis: str | None = None
    ) -> dict[str, pd.DataFrame]:
        """Return one matrix per mode set (rail, road, water, any), minutes.

        Parameters
        ----------
        scenario : str or Scenario, default "baseline"
        basis : {"door_to_door", "line_haul"}, optional
            Default: the study's.

        Returns
        -------
        dict of str to pandas.DataFrame
            Keyed by mode set: places × places, minutes; NaN = unreachable.
        """
        return od_matrices(self.cache, scenario, basis=self._mb(None, basis)[1])

    # ------------------------------------------------------------------- files

    def sweep(
        self,
        spec: str | Path | Mapping[str, Any],
        *,
        workers: int = 1,
        dask: str | Any | None = None,
        journal: str | Path | None = None,
        batch_size: int | None = None,
        modes: str | None = None,
        basis: str | None = None,
    ) -> pd.DataFrame:
        """Evaluate many portfolios and parameter sets (:mod:`corridor.sweep`).

        Parameters
        ----------
        spec : str, Path or mapping
            A sweep TOML file or its content: portfolios, parameter grid, random draws.
        workers : int, default 1
            Local processes (1: in this process).
        dask : str or distributed.Client, optional
            A Dask scheduler address, or a client: run on that cluster instead.
        journal : str or Path, optional
            JSON-lines file of finished rows: read first (resume), appended to.
        batch_size : int, optional
            Tasks per batch (default: about four batches per worker).
        modes, basis : str, optional
            Override the specification's ``modes`` and ``basis``.

        Returns
        -------
        pandas.DataFrame
            One row per task, in task order: ``benefit_pmin`` (person-minutes saved
            against the baseline), ``mean_min``, the pairs' minutes, and ``key``.
        """
        from corridor.executors import open_executor, run_sweep
        from corridor.sweep import read_sweep
        from corridor.worker import World

        plan = read_sweep(spec, self.dataset, self.params, modes=modes, basis=basis)
        with open_executor(workers, dask) as executor:
            return run_sweep(
                World(self.cache.compiled),
                plan,
                executor,
                journal=Path(journal) if journal is not None else None,
                batch_size=batch_size,
                progress=self.progress,
            )

    def export(
        self,
        path: str | Path,
        fmt: str | None = None,
        *,
        scenario: ScenarioSpec = "full",
        before: str | None = None,
        after: str | None = None,
        modes: str | None = None,
        basis: str | None = None,
    ) -> list[Path]:
        """Write a scenario (gpkg, geojson, graphml, csv, omx) and its manifest.

        Parameters
        ----------
        path : str or Path
            Output file; its folder must exist.
        fmt : {"gpkg", "geojson", "graphml", "csv", "omx"}, optional
            Default: from the file's suffix.
        scenario : str or Scenario, default "full"
        before, after : str, optional
            Both or neither: for csv and omx, the two scenarios to export.
        modes, basis : str, optional
            Default: the study's.

        Returns
        -------
        list of Path
            The file and its ``.manifest.json``.
        """
        if (before is None) != (after is None):
            raise InputError("give both before and after, or neither")
        modes, basis = self._mb(modes, basis)
        return exports.export(
            self.cache,
            path,
            fmt,
            scenario=scenario,
            before=before,
            after=after,
            modes=modes,
            basis=basis,
        )

    def manifest(self, scenarios: Sequence[str] = (), **extra: Any) -> dict[str, Any]:
        """Return the run manifest: version, data hash, parameters, scenarios.

        Parameters
        ----------
        scenarios : sequence of str, optional
            Scenario specifications to record (resolved to their project ids and year).
        **extra
            More top-level entries (JSON-ready after :func:`geo.plain.to_jsonable`).

        Returns
        -------
        dict
            See :func:`network.export.manifest`.
        """
        return exports.manifest(
            self.dataset, params=self.params, scenarios=list(scenarios), **extra
        )

    def verify(self, manifest_file: str | Path) -> list[str]:
        """Return how this study's data differs from a manifest (empty: it matches)."""
        return exports.check_manifest(manifest_file, self.dataset)


def _params(params: Params, metadata: dict[str, Any]) -> TravelTimeParams:
    """Return the dataset's parameters, updated from a file or mapping, or replaced."""
    if isinstance(params, TravelTimeParams):
        return params
    if params is None or isinstance(params, str | Path):
        return load_params(params, metadata=metadata)
    return load_params(metadata=metadata, **dict(params))


__all__ = ["Study"]
