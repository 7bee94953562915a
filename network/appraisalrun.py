"""The appraisal of a dataset's projects and programme: demand, effects, streams, results.

:class:`AppraisalModel` computes once what every draw of an uncertainty sweep shares:
the zone-to-zone minutes of the baseline, of each project added alone and of the full
programme (one incremental skim each, :mod:`network.incremental`). :meth:`run` then
builds the trips, the effects, the streams and the results under one set of
multipliers; the central run has them all at 1.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from geo.errors import ParametersError, Problem
from geo.schema import PLACE_KINDS
from network.accessibility import resident_weights
from network.aircapacity import read_air_markets
from network.appraisal import BENEFIT_COLUMNS, effect, results, streams, trips_before
from network.appraisalparams import APPRAISED, AppraisalParams
from network.cache import ScenarioCache
from network.demand import PURPOSES, calibrate_rates, zones_of
from network.scenario import Scenario

#: The programme's row in the streams and results.
PROGRAMME = "programme"
#: Subtypes whose benefits the model cannot measure, and why.
NOT_MEASURED: dict[str, str] = {
    "airport": (
        "not appraised: the model has no flights; give the airport's market in "
        "[[air_markets]] of dataset.toml to value its capacity"
    ),
}


@dataclass(frozen=True)
class Draw:
    """Multipliers of one run (all 1 in the central run).

    Attributes
    ----------
    vot, costs, decay : float
        Of the values of time, the investments and O&M, the gravity decay.
    elasticity, air_elasticity : float
        The demand elasticity and the air fare elasticity themselves (not multipliers).
    speed : dict of str to float
        Per project (and ``programme``): the time saved relative to the central speeds.
    """

    vot: float = 1.0
    costs: float = 1.0
    decay: float = 1.0
    elasticity: float | None = None
    air_elasticity: float | None = None
    speed: dict[str, float] = field(default_factory=dict)


class AppraisalModel:
    """Everything an appraisal run needs, computed once.

    Parameters
    ----------
    cache : ScenarioCache
    params : AppraisalParams
    freight : dict of str to float
        Freight CNY saved a year by project (added alone) and ``programme``.
    """

    def __init__(
        self, cache: ScenarioCache, params: AppraisalParams, freight: dict[str, float]
    ) -> None:
        dataset = cache.dataset
        self.cache, self.params, self.freight = cache, params, freight
        residents = list(resident_weights(dataset).index)
        nodes = dataset.nodes
        outside = nodes.index[
            nodes["kind"].isin(PLACE_KINDS) & ~nodes["circle"].astype(bool) & (nodes["weight"] > 0)
        ]
        self.zones = zones_of(residents, nodes, dataset.zones, [str(p) for p in outside])
        self.ids = self.zones.ids
        #: Air markets by the project that adds their capacity.
        self.air = read_air_markets(dataset)
        self.projects = _appraised(dataset, freight, set(self.air))
        pos = cache.compiled.place_positions(self.ids)
        skims = cache.skims("any", "door_to_door")
        base = cache.skim("baseline", "any", "door_to_door")
        cut = np.ix_(pos, pos)
        self.before = base.seconds[cut] / 60.0
        self.after: dict[str, np.ndarray] = {}
        for project in self.projects.index:
            if bool(self.projects.at[project, "has_network_effect"]):
                scenario = Scenario(f"baseline+{project}", (project,))
                self.after[project] = skims.add(base, scenario).seconds[cut] / 60.0
            else:
                self.after[project] = self.before
        #: The programme appraised: the dated projects with an investment figure, so that
        #: its benefits and its costs cover the same projects.
        p = self.projects
        costed = p["opening_year"].notna() & (p["investment_cny_bn"].fillna(0) > 0)
        self.programme_projects: list[str] = sorted(p.index[costed])
        routed = tuple(x for x in self.programme_projects if bool(p.at[x, "has_network_effect"]))
        joint = Scenario("programme", routed)
        self.after[PROGRAMME] = skims.add(base, joint).seconds[cut] / 60.0
        #: Each change's value-of-time factor by pair: the mean of its mode's before and after.
        self._factor_base = self._mode_factor(None)
        self.factors = {
            key: 0.5 * (self._factor_base + self._mode_factor(self._scenario(key, routed)))
            for key in self.after
        }
        #: Projects appraised together (:meth:`add_bundle`), by key.
        self.bundles: dict[str, list[str]] = {}
        self.groups = _groups(dataset, self.ids, params.calibration_groups)
        #: Whether the rates are calibrated on this dataset (else ``trip_rates``).
        self.calibrated = all(self.groups)

    def _scenario(self, key: str, programme: tuple[str, ...]) -> Scenario | None:
        """Return the scenario a key of :attr:`after` stands for (None: no network effect)."""
        if key == PROGRAMME:
            return Scenario("programme", programme)
        if bool(self.projects.at[key, "has_network_effect"]):
            return Scenario(f"baseline+{key}", (key,))
        return None

    def _mode_factor(self, scenario: Scenario | None) -> np.ndarray:
        """Return, for every pair, the value-of-time factor of its fastest mode set."""
        pos = self.cache.compiled.place_positions(self.ids)
        cut = np.ix_(pos, pos)
        sets = list(self.params.vot_mode_factor)
        seconds = []
        for modes in sets:
            base = self.cache.skim("baseline", modes, "door_to_door")
            skim = base if scenario is None else self.cache.skims(modes).add(base, scenario)
            seconds.append(skim.seconds[cut])
        stack = np.stack(seconds)
        values = np.array([self.params.vot_mode_factor[m] for m in sets])
        return np.where(np.isfinite(stack).any(axis=0), values[np.argmin(stack, axis=0)], 1.0)

    def rates(self, decay: dict[str, float]) -> dict[str, float]:
        """Return the trip rates calibrated on the observed count under ``decay``.

        Parameters
        ----------
        decay : dict of str to float

        Returns
        -------
        dict of str to float
        """
        p = self.params
        if not self.calibrated:
            return dict(p.trip_rates)
        rates = calibrate_rates(self.zones, self.before, p.purpose_shares, decay, self.groups,
                                p.observed_trips, choke_minutes=p.choke_minutes)  # fmt: skip
        if not all(v > 0 for v in rates.values()):
            raise ParametersError(
                f"appraisal: no route joins the calibration groups {list(p.calibration_groups)}, "
                "so no trip rate reproduces observed_trips: choose two joined places"
            )
        return rates

    def run(self, draw: Draw | None = None) -> dict[str, Any]:
        """Return the trips, effects, streams and results of one draw.

        Parameters
        ----------
        draw : Draw, optional
            Default: the central values.

        Returns
        -------
        dict
            ``rates``, ``trips`` (by purpose), ``effects`` (by project), ``streams``
            (every project and the programme) and ``results`` (one row each).
        """
        draw = draw or Draw()
        p = self.params
        decay = {k: v * draw.decay for k, v in p.decay_per_min.items()}
        vot = {k: v * draw.vot for k, v in p.value_of_time.items()}
        elasticity = p.demand_elasticity if draw.elasticity is None else draw.elasticity
        params = _with(p, decay_per_min=decay, value_of_time=vot, demand_elasticity=elasticity)
        rates = self.rates(decay)
        trips = trips_before(self.zones, self.before, rates, params)
        effects = {
            k: effect(self.zones, self.before, a, trips, params, self.factors.get(k))
            for k, a in self.after.items()
        }
        frames = []
        for key in self.projects.index:
            row = self.projects.loc[key]
            if pd.isna(row["opening_year"]):
                continue  # not dated: its yearly effect is reported, not its streams
            row = row.copy()
            row["investment_cny_bn"] = float(row["investment_cny_bn"]) * draw.costs
            hours = {k: v * draw.speed.get(key, 1.0) for k, v in effects[key].valued.items()}
            air = draw.air_elasticity
            scale = 1.0 if air is None else air / p.air_price_elasticity
            frames.append(streams(row, hours, self.freight.get(key, 0.0), params,
                                  air=self.air.get(key), air_scale=scale))  # fmt: skip
        singles = list(frames)
        for key, names in [(PROGRAMME, self.programme_projects), *self.bundles.items()]:
            members = [f for f in singles if f["project_id"].iloc[0] in names]
            if members:
                frames.append(self._combined(key, members, effects, draw))
        every = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        groups = every.groupby("project_id", sort=False) if frames else []
        rows = [{"project_id": key, **results(group, p.discount_rate)} for key, group in groups]
        return {"rates": rates, "trips": trips, "effects": effects, "streams": every,
                "results": pd.DataFrame(rows)}  # fmt: skip

    def add_bundle(self, members: list[str]) -> str:
        """Appraise ``members`` together as one more row (projects that need each other).

        Parameters
        ----------
        members : list of str
            Appraised project ids.

        Returns
        -------
        str
            The bundle's key, ``a+b``; set its freight value in :attr:`freight`.
        """
        key = "+".join(members)
        p = self.projects
        routed = tuple(m for m in members if bool(p.at[m, "has_network_effect"]))
        base = self.cache.skim("baseline", "any", "door_to_door")
        skim = self.cache.skims("any", "door_to_door").add(base, Scenario(key, routed))
        pos = self.cache.compiled.place_positions(self.ids)
        self.after[key] = skim.seconds[np.ix_(pos, pos)] / 60.0
        after = self._mode_factor(Scenario(key, routed))
        self.factors[key] = 0.5 * (self._factor_base + after)
        self.bundles[key] = list(members)
        return key

    def _combined(
        self, key: str, frames: list[pd.DataFrame], effects: dict[str, Any], draw: Draw
    ) -> pd.DataFrame:
        """Return the streams of projects together: theirs summed by year, benefits joint.

        Costs are the projects' own. Benefits accrue as projects open, each at its
        add-one-in value scaled so that, once all are open, they equal the joint effect
        of the same projects (they complement or overlap); projects worth nothing alone
        (complements) bring the joint effect from the year the last of them opens.
        """
        every = pd.concat(frames, ignore_index=True)
        summed = every.groupby("year", as_index=False).sum(numeric_only=True)
        dated = [f["project_id"].iloc[0] for f in frames]
        years = summed["year"].to_numpy(dtype=float)
        growth = np.array([self.params.vot_growth(y) for y in years])
        last = max(float(self.projects.at[k, "opening_year"]) for k in dated)
        together = years >= last
        for purpose in PURPOSES:
            alone = sum(effects[k].valued[purpose] * draw.speed.get(k, 1.0) for k in dated)
            joint = effects[key].valued[purpose] * draw.speed.get(key, 1.0)
            column = f"time_{purpose}"
            if alone > 0:
                summed[column] *= joint / alone
            else:
                vot = self.params.value_of_time[purpose] * draw.vot
                summed[column] = np.where(together, joint * vot * growth, 0.0)
        alone = sum(self.freight.get(k, 0.0) for k in dated)
        joint = self.freight.get(key, 0.0)
        if alone > 0:
            summed["freight"] *= joint / alone
        else:
            summed["freight"] = np.where(together, joint, 0.0)
        summed["benefits"] = summed[list(BENEFIT_COLUMNS)].sum(axis=1)
        summed["net"] = summed["benefits"] - summed["costs"]
        rate = self.params.discount_rate
        summed["discount_factor"] = (1 + rate) ** -(summed["year"] - self.params.price_year)
        summed.insert(0, "project_id", key)
        return summed[frames[0].columns]


def _with(params: AppraisalParams, **values: Any) -> AppraisalParams:
    from dataclasses import replace

    return replace(params, **values)


def _appraised(dataset: Any, freight: dict[str, float], air: set[str]) -> pd.DataFrame:
    """Return the projects an appraisal covers, with an opening year where one is known."""
    projects = dataset.projects
    acts = projects["has_network_effect"].astype(bool) | projects.index.isin(
        [k for k, v in freight.items() if v > 0]
    )
    measurable = ~projects["subtype"].fillna("").astype(str).isin(list(NOT_MEASURED))
    measurable |= projects.index.isin(list(air))
    acts |= projects.index.isin(list(air))
    chosen = projects[projects["category"].isin(APPRAISED) & acts & measurable].copy()
    chosen["opening_year"] = pd.to_numeric(chosen["opening_year"], errors="coerce")
    # a project the catalogue does not date opens with its first link (an estimate there)
    links = dataset.links[dataset.links["project_id"] != ""]
    first = pd.to_numeric(links["opened"], errors="coerce").groupby(links["project_id"]).min()
    chosen["dated_by_links"] = chosen["opening_year"].isna() & chosen.index.isin(
        first.dropna().index
    )
    chosen["opening_year"] = chosen["opening_year"].fillna(first.reindex(chosen.index))
    chosen["investment_cny_bn"] = pd.to_numeric(chosen["investment_cny_bn"], errors="coerce")
    return chosen


def _groups(dataset: Any, ids: list[str], names: tuple[str, ...]) -> tuple[list[int], list[int]]:
    """Return the positions of the ends that belong to each calibration group."""
    parent = dataset.nodes["part_of"].to_dict() if "part_of" in dataset.nodes else {}
    if dataset.zones is not None and "part_of" in dataset.zones:
        parent.update({k: v for k, v in dataset.zones["part_of"].items() if v})
    part = pd.Series([parent.get(end, "") or "" for end in ids], index=ids)
    found = []
    for name in names[:2]:
        found.append([k for k, end in enumerate(ids) if end == name or part.iloc[k] == name])
    return found[0], found[1]


def calibration_warning(dataset: Any, params: AppraisalParams) -> Problem | None:
    """Return the warning of a dataset whose places hold no calibration groups (else None).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    params : AppraisalParams

    Returns
    -------
    geo.errors.Problem or None
    """
    ids = list(dataset.nodes.index)
    found = _groups(dataset, ids, params.calibration_groups)
    if all(found):
        return None
    return Problem(
        "dataset.toml",
        "appraisal",
        "calibration_groups",
        f"no places of this dataset make up {' and '.join(params.calibration_groups)}, so "
        "corridor appraise uses the trip rates of the embedded calibration",
        "set [appraisal] calibration_groups (two places, or prefectures zones are part_of) "
        "and observed_trips between them",
    )


__all__ = [
    "APPRAISED",
    "NOT_MEASURED",
    "PROGRAMME",
    "AppraisalModel",
    "Draw",
    "calibration_warning",
]
