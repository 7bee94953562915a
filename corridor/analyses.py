"""The analyses of a :class:`~corridor.Study`: comparison, accessibility, ranking, targets.

Each method runs an engine function on the study's shared scenario cache with the
study's defaults, and returns its result (a DataFrame, a list or a
:class:`~corridor.comparison.Comparison`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from corridor.comparison import (
    CIRCLE_BASIS,
    CIRCLE_MODES,
    RANK_BASIS,
    RANK_MODES,
    Comparison,
)
from geo.errors import InputError
from network.accessibility import accessibility, facility_times, resident_weights
from network.circles import circle_members
from network.compare import compare_pairs
from network.matrix import pair_minutes
from network.phases import phase_specs, timeline
from network.ranking import interactions, rank_projects
from network.rollup import LEVELS, roll_up
from network.routing import check_basis
from network.scenario import Scenario, later_lines, resolve_scenario
from network.targets import ClosingSet, Target, read_targets, smallest_closing_set, target_table

if TYPE_CHECKING:
    from geo.dataset import Dataset
    from network.cache import ScenarioCache, ScenarioSpec
    from network.params import TravelTimeParams


class StudyAnalyses:
    """Analysis methods of :class:`~corridor.Study` (it provides the attributes below)."""

    dataset: Dataset
    params: TravelTimeParams
    cache: ScenarioCache
    modes: str
    basis: str
    progress: bool

    @property
    def name(self) -> str:
        """The dataset's name."""
        return self.dataset.name

    def place(self, query: str) -> str:
        """Return the id of the place ``query`` names (id, English or Chinese name).

        Raises
        ------
        geo.errors.UnknownPlaceError
            With the closest matches.
        """
        return self.dataset.place(query)

    def _mb(self, modes: str | None, basis: str | None) -> tuple[str, str]:
        return modes or self.modes, check_basis(basis or self.basis)

    def compare(
        self,
        before: ScenarioSpec = "baseline",
        after: ScenarioSpec = "full",
        *,
        pairs: Sequence[tuple[str, str]] | None = None,
        modes: str | None = None,
        basis: str | None = None,
        brief: bool = False,
        targets_file: str | Path | None = None,
    ) -> Comparison:
        """Compare two scenarios: key pairs, circles, targets and the top projects.

        Parameters
        ----------
        before, after : str or Scenario
            Default ``baseline`` → ``full``.
        pairs : sequence of (str, str), optional
            Places by id or name (default: ``key_pairs``, else the core cities' pairs).
        modes, basis : str, optional
            Neither: rail line-haul and any mode door-to-door; either: that one run.
        brief : bool, default False
            Only the pairs (no circles, targets or ranking).
        targets_file : str or Path, optional
            TOML file of more ``[[targets]]``.

        Returns
        -------
        Comparison
            Unless brief, with ``today_min`` and the later lines outside the programme.
        """
        runs = [(modes or "rail", check_basis(basis or "line_haul"))]
        if modes is None and basis is None:
            runs.append(("any", "door_to_door"))
        chosen = self._pairs(pairs)
        table = pd.concat(
            [
                compare_pairs(self.cache, chosen, before=before, after=after, modes=m, basis=b)
                for m, b in runs
            ],
            ignore_index=True,
        )
        names = {str(k): str(v) for k, v in self.dataset.nodes["name"].items()}
        spec_b, spec_a = _spec(before), _spec(after)
        shared = {"names": names, "currency": self.dataset.currency}
        if brief:
            return Comparison(self.name, spec_b, spec_a, table, **shared)  # type: ignore[arg-type]
        return Comparison(
            self.name,
            spec_b,
            spec_a,
            self._with_today(table),
            today=str(resolve_scenario(self.dataset, "today").year),
            later_lines=later_lines(self.dataset),
            circles=self.circles(before, after),
            circle_minutes=self.params.circle_minutes,
            targets=self.targets([spec_b, spec_a], file=targets_file),
            top_projects=self.rank(modes=RANK_MODES, basis=RANK_BASIS, top=5),
            **shared,  # type: ignore[arg-type]
        )

    def _with_today(self, table: pd.DataFrame) -> pd.DataFrame:
        """Add ``today_min``: each pair on the network open this year (``today``)."""
        today = pd.Series(np.nan, index=table.index)
        for (m, b), rows in table.groupby(["modes", "basis"], sort=False):
            pairs = list(zip(rows["origin"], rows["destination"], strict=True))
            today[rows.index] = pair_minutes(self.cache.matrix("today", modes=m, basis=b), pairs)
        at = list(table.columns).index("after_min")
        return table.assign(today_min=today)[
            [*table.columns[:at], "today_min", *table.columns[at:]]
        ]

    def _pairs(self, pairs: Sequence[tuple[str, str]] | None) -> list[tuple[str, str]]:
        if pairs:
            return [(self.place(a), self.place(b)) for a, b in pairs]
        found = [(str(a), str(b)) for a, b in self.dataset.metadata.get("key_pairs", [])]
        core = self.dataset.core
        if not found and len(core) < 2:
            # neither key pairs nor core places: the three most populous places of the region
            core = tuple(resident_weights(self.dataset).nlargest(3).index)
        found = found or [(a, b) for i, a in enumerate(core) for b in core[i + 1 :]]
        if not found:
            raise InputError("no pairs: give pairs (--pairs FROM:TO) or key_pairs in dataset.toml")
        return found

    def circles(
        self, before: ScenarioSpec = "baseline", after: ScenarioSpec = "full", *, by: str = "zone"
    ) -> pd.DataFrame:
        """Return circle membership around each core city before and after.

        Parameters
        ----------
        before, after : str or Scenario
            Default ``baseline`` → ``full``.
        by : {"zone", "prefecture", "province"}, default "zone"
            Roll up: per core and group, the places and residents in the circle
            (:func:`network.rollup.roll_up_circles`).

        Returns
        -------
        pandas.DataFrame
            See :func:`network.circles.circle_members` (line-haul, any mode, the
            parameters' ``circle_minutes``).
        """
        from network.rollup import roll_up_circles

        frame = circle_members(self.cache, before, after, modes=CIRCLE_MODES, basis=CIRCLE_BASIS)
        return roll_up_circles(frame, self.dataset, _level(by))

    def accessibility(
        self,
        scenario: ScenarioSpec = "baseline",
        *,
        modes: str | None = None,
        basis: str | None = None,
        by: str = "zone",
    ) -> pd.DataFrame:
        """Return the accessibility of every populated place (minutes, residents, gravity).

        Parameters
        ----------
        scenario : str or Scenario, default "baseline"
        modes, basis : str, optional
            Default: the study's.
        by : {"zone", "prefecture", "province"}, default "zone"
            Roll up to prefectures or provinces (:func:`network.rollup.roll_up`).

        Returns
        -------
        pandas.DataFrame
            See :func:`network.accessibility.accessibility`.
        """
        modes, basis = self._mb(modes, basis)
        frame = accessibility(self.cache, scenario, modes=modes, basis=basis)
        return roll_up(frame, self.dataset, _level(by))

    def facility_times(
        self,
        scenario: ScenarioSpec = "baseline",
        *,
        modes: str = "freight",
        basis: str | None = None,
    ) -> pd.DataFrame:
        """Return minutes from each place to each industrial park, hub and port.

        Parameters
        ----------
        scenario : str or Scenario, default "baseline"
        modes : str, default "freight"
        basis : {"door_to_door", "line_haul"}, optional
            Default: the study's.

        Returns
        -------
        pandas.DataFrame
            Places × facilities, minutes; NaN = unreachable (see
            :func:`network.accessibility.facility_times`).
        """
        return facility_times(self.cache, scenario, modes=modes, basis=self._mb(None, basis)[1])

    def rank(
        self,
        *,
        modes: str | None = None,
        basis: str | None = None,
        top: int | None = None,
        by: str = "zone",
    ) -> pd.DataFrame:
        """Rank the projects by person-minutes saved (add-one-in, leave-one-out).

        Parameters
        ----------
        modes, basis : str, optional
        top : int, optional
            Only the first ``top`` ranked projects (those with a network effect).
        by : {"zone", "prefecture", "province"}, default "zone"
            Whom ``top_places`` lists: zones, prefectures or provinces.

        Returns
        -------
        pandas.DataFrame
            :data:`network.ranking.RANK_COLUMNS`; person-minutes.
        """
        if top is not None and top < 1:
            raise InputError(f"top must be a positive number of projects, not {top}")
        modes, basis = self._mb(modes, basis)
        frame = rank_projects(
            self.cache, modes=modes, basis=basis, progress=self.progress, by=_level(by)
        )
        if top is not None:
            frame = frame[frame["network_effect"]].head(top).reset_index(drop=True)
        return frame

    def interactions(
        self,
        projects: Sequence[str] | None = None,
        *,
        top: int | None = None,
        modes: str | None = None,
        basis: str | None = None,
    ) -> pd.DataFrame:
        """Return the interaction of every pair of projects (joint − alone − alone).

        Parameters
        ----------
        projects : sequence of str, optional
            Project ids; or ``top``: the first ``top`` of the ranking.
        """
        modes, basis = self._mb(modes, basis)
        if projects is None:
            if not top or top < 2:
                raise InputError("give the projects, or top=K with K of at least 2")
            projects = list(self.rank(modes=modes, basis=basis, top=top)["project_id"])
        return interactions(
            self.cache, list(projects), modes=modes, basis=basis, progress=self.progress
        )

    def target_list(self, file: str | Path | None = None) -> list[Target]:
        """Return the dataset's targets plus those of a TOML ``file``."""
        return read_targets(self.dataset, file)

    def targets(
        self, scenarios: Sequence[str] | None = None, *, file: str | Path | None = None
    ) -> pd.DataFrame:
        """Return each target's status, worst trip and gap in each scenario.

        Parameters
        ----------
        scenarios : sequence of str, optional
            Default: the baseline, the phases by year, today and full.
        file : str or Path, optional
            TOML file of more ``[[targets]]``.

        Returns
        -------
        pandas.DataFrame
            One row per (target, scenario); minutes; ``basis`` and ``modes`` measured.
        """
        chosen = self.target_list(file)
        specs = list(scenarios) if scenarios else [*phase_specs(self.dataset), "full"]
        frame = target_table(self.cache, chosen, specs)
        how = {t.id: (t.basis, t.modes) for t in chosen}
        if len(frame):
            frame.insert(3, "basis", [how[t][0] for t in frame["target"]])
            frame.insert(4, "modes", [how[t][1] for t in frame["target"]])
        return frame

    def closing_sets(self, *, file: str | Path | None = None) -> list[ClosingSet]:
        """Return, per target, the fewest projects added to the baseline that meet it."""
        return [smallest_closing_set(self.cache, t) for t in self.target_list(file)]

    def timeline(
        self,
        origin: str,
        destination: str,
        *,
        years: Sequence[int] | None = None,
        modes: str | None = None,
        basis: str | None = None,
    ) -> pd.DataFrame:
        """Return a trip's minutes phase by phase, with the projects behind each change.

        Parameters
        ----------
        origin, destination : str
            Places by id or name (English or Chinese).
        years : sequence of int, optional
            Years of the phases (default: :data:`network.phases.DEFAULT_YEARS`).
        modes, basis : str, optional
            Default: the study's.

        Returns
        -------
        pandas.DataFrame
            See :func:`network.phases.timeline`; minutes, NaN = unreachable.
        """
        modes, basis = self._mb(modes, basis)
        phases = phase_specs(self.dataset, tuple(years)) if years else None
        return timeline(self.cache, origin, destination, phases=phases, modes=modes, basis=basis)


def _level(by: str) -> str:
    """Check a roll-up level (``--by``)."""
    if by not in LEVELS:
        raise InputError(f"--by {by!r} is not one of {', '.join(LEVELS)}")
    return by


def _spec(spec: ScenarioSpec) -> str:
    return spec.name if isinstance(spec, Scenario) else str(spec or "baseline")


__all__ = ["StudyAnalyses"]
