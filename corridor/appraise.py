"""The appraisal methods of :class:`corridor.Study` (a mixin, like freight and maps).

``Study.appraise()`` runs the whole appraisal in one reproducible call: demand by
purpose calibrated on a published count, the benefits of every transport and logistics
project and of the programme (time by purpose, freight), costs, NPV, BCR, EIRR and
switching values, wider economic impacts apart, who gains, and with ``sweep=N`` the
ranges and probabilities of N parameter draws (:mod:`corridor.appraisesweep`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from corridor.appraisal import Appraisal
from geo.errors import UnknownProjectError
from network.aircapacity import capacity_benefit
from network.appraisalparams import APPRAISAL_DOCS, AppraisalParams
from network.appraisalrun import APPRAISED, NOT_MEASURED, PROGRAMME, AppraisalModel
from network.demand import PURPOSES
from network.rollup import group_of
from network.wider import (
    effective_density,
    gini,
    gravity_access,
    income_groups,
    losers,
    palma,
    productivity_gain,
    self_minutes,
)

#: Columns of the results every row has (missing values NaN).
RESULT_COLUMNS: tuple[str, ...] = ("pv_benefits", "pv_costs", "npv", "bcr", "eirr",
                                   "benefits_switch", "costs_switch", "verdict")  # fmt: skip


class StudyAppraisal:
    """Appraisal: NPV, BCR, EIRR, wider impacts and who gains (:mod:`network.appraisal`)."""

    @property
    def appraisal_params(self) -> AppraisalParams:
        """The dataset's appraisal parameters (``[appraisal]`` of its ``dataset.toml``)."""
        study: Any = self
        return AppraisalParams.from_mapping(study.dataset.metadata.get("appraisal"))

    def appraisal_model(self, params: AppraisalParams | None = None) -> AppraisalModel:
        """Return the appraisal model (skims of every project and freight values, once).

        Parameters
        ----------
        params : AppraisalParams, optional
            Default: :attr:`appraisal_params`.

        Returns
        -------
        AppraisalModel
        """
        study: Any = self
        params = params or self.appraisal_params
        key = repr(params)
        cached = getattr(self, "_appraisal_models", {})
        if key not in cached:
            rank = study.freight_rank().set_index("project_id")
            freight = rank["add_one_in_cny"].to_dict()
            model = AppraisalModel(study.cache, params, freight)
            members = [p for p in model.programme_projects if p in study.dataset.projects.index]
            spec = "+".join(["baseline", *members])
            freight[PROGRAMME] = study.freight_compare("baseline", spec)[1]["cny_saved"]
            cached[key] = model
            cached[key].freight_leave_one_out = rank["leave_one_out_cny"].to_dict()
            self._appraisal_models = cached
        return cached[key]

    def appraise(
        self,
        project: str | None = None,
        *,
        sweep: int = 0,
        seed: int = 0,
        workers: int = 1,
        dask: str | Any | None = None,
        params: AppraisalParams | None = None,
    ) -> Appraisal:
        """Appraise the projects and the programme (or one project).

        Parameters
        ----------
        project : str, optional
            A project id: only its rows and the programme's; ``a+b``: projects together.
        sweep : int, default 0
            Parameter draws for ranges and probabilities (0: central values only).
        seed : int, default 0
            Seed of the draws (draw k uses ``(seed, k)``).
        workers, dask : int, str or distributed.Client
            Local processes, or a Dask cluster, for the speed part of the sweep.
        params : AppraisalParams, optional
            Default: :attr:`appraisal_params`.

        Returns
        -------
        Appraisal

        Raises
        ------
        geo.errors.UnknownProjectError
            For a project id that is not appraised (with the ids that are).
        """
        study: Any = self
        model = self.appraisal_model(params)
        if project is not None:
            _prepare(study, model, project)
        central = model.run()
        ranges = None
        if sweep > 0:
            from corridor.appraisesweep import run_draws

            ranges = run_draws(study, model, sweep, seed=seed, workers=workers, dask=dask)
        table = _results(model, central)
        if ranges is not None:
            table = table.merge(pd.DataFrame(ranges["ranges"]), on="project_id", how="left")
        out = Appraisal(
            dataset=study.name,
            currency=study.dataset.currency,
            params=model.params,
            assumptions=assumptions(model),
            results=table,
            streams=central["streams"],
            demand=_demand(model, central),
            wider=_wider(study, model),
            equity=_equity(study, model, central),
            sweep=ranges,
        )
        return out.only(project) if project is not None else out


def _prepare(study: Any, model: AppraisalModel, project: str) -> None:
    """Check the project ids of ``project``; set up ``a+b`` as a bundle (once)."""
    members = project.split("+")
    for member in members:
        if member not in model.projects.index:
            raise UnknownProjectError(member, sorted(model.projects.index)[:8])
    if len(members) > 1 and project not in model.bundles:
        key = model.add_bundle(members)
        spec = "+".join(["baseline", *members])
        model.freight[key] = study.freight_compare("baseline", spec)[1]["cny_saved"]


def assumptions(model: AppraisalModel) -> pd.DataFrame:
    """Return every parameter with its value and source (the assumptions sheet).

    Parameters
    ----------
    model : AppraisalModel

    Returns
    -------
    pandas.DataFrame
        ``parameter``, ``key``, ``value``, ``source``.
    """
    from corridor.appraisesweep import RANGES
    from network.freightparams import FREIGHT_DOCS, FreightParams

    freight = FreightParams.from_mapping(model.cache.dataset.metadata.get("freight"))
    used = {k: v for k, v in vars(freight).items() if k != "logit_scale"}  # flows only
    tables = [("", vars(model.params), APPRAISAL_DOCS), ("freight.", used, FREIGHT_DOCS)]
    rows = []
    for prefix, values, docs in tables:
        for name, value in values.items():
            items = value.items() if hasattr(value, "items") else [("", value)]
            for key, item in items:
                rows.append({"parameter": prefix + name, "key": key, "value": str(item),
                             "source": docs.get(name, "")})  # fmt: skip
    for market in model.air.values():
        for name in ("year", "passengers_m", "capacity_before_m", "capacity_added_m",
                     "fare_cny"):  # fmt: skip
            rows.append({"parameter": f"air_markets.{market.id}", "key": name,
                         "value": str(getattr(market, name)), "source": market.source})  # fmt: skip
    for name, (low, high) in RANGES.items():
        what = "value" if "elasticity" in name else "multiplier"
        source = "drawn uniformly in --sweep (docs/model.md, Appraisal)"
        rows.append({"parameter": f"sweep.{name}", "key": what,
                     "value": f"{low:g} to {high:g}", "source": source})  # fmt: skip
    return pd.DataFrame(rows)


def _results(model: AppraisalModel, central: dict[str, Any]) -> pd.DataFrame:
    """Return one row per appraised project and the programme, catalogue beside results."""
    projects = model.projects
    found = central["results"].set_index("project_id") if len(central["results"]) else None
    rows = []
    groups = {PROGRAMME: model.programme_projects, **model.bundles}
    for key in [*projects.index, *groups]:
        e = central["effects"][key]
        single = key not in groups
        row = {"project_id": key,
               "name": projects.at[key, "name"] if single else (
                   "the programme" if key == PROGRAMME else "together: " + ", ".join(groups[key])),
               "subtype": projects.at[key, "subtype"] if single else "",
               "opening_year": projects.at[key, "opening_year"] if single else np.nan,
               "investment_cny_bn": projects.at[key, "investment_cny_bn"] if single
               else projects.loc[groups[key], "investment_cny_bn"].sum(),
               **{f"hours_{p}": e.hours[p] for p in PURPOSES},
               **{f"valued_hours_{p}": e.valued[p] for p in PURPOSES},
               "induced_trips": e.trips_after - e.trips_before,
               "freight_cny": model.freight.get(key, 0.0),
               "air_cny": sum(_air_year(model, k) for k in groups.get(key, [key])),
               "freight_cny_leave_one_out": getattr(model, "freight_leave_one_out", {}).get(
                   key, np.nan)}  # fmt: skip
        if found is not None and key in found.index:
            row.update(found.loc[key].to_dict())
        elif key == PROGRAMME:
            row["verdict"] = "no project has both an opening year and an investment figure"
        else:
            row["verdict"] = "not dated: no opening year, so no streams"
        rows.append(row)
    rows = [row | {c: np.nan for c in RESULT_COLUMNS if c not in row} for row in rows]
    catalogue = model.cache.dataset.projects
    for key in catalogue.index[catalogue["subtype"].isin(list(NOT_MEASURED))]:
        if catalogue.at[key, "category"] in APPRAISED and key not in projects.index:
            rows.append({"project_id": key, "name": catalogue.at[key, "name"],
                         "subtype": catalogue.at[key, "subtype"],
                         "opening_year": catalogue.at[key, "opening_year"],
                         "investment_cny_bn": catalogue.at[key, "investment_cny_bn"],
                         "verdict": NOT_MEASURED[catalogue.at[key, "subtype"]]})  # fmt: skip
    return pd.DataFrame(rows)


def _air_year(model: AppraisalModel, project: str) -> float:
    """Return the airport-capacity benefit of a project in its market's counted year."""
    market = model.air.get(project)
    if market is None:
        return 0.0
    got = capacity_benefit(market, model.params, np.array([market.year]))
    return float(got["benefit"][0])


def _demand(model: AppraisalModel, central: dict[str, Any]) -> dict[str, Any]:
    """Return the calibration: rates, trips a year, and the calibration count met."""
    trips = central["trips"]
    a, b = model.groups
    between = sum(t[np.ix_(a, b)].sum() + t[np.ix_(b, a)].sum() for t in trips.values())
    return {
        "rates": {k: float(v) for k, v in central["rates"].items()},
        "trips_a_year": {k: float(v.sum()) for k, v in trips.items()},
        "calibration": {
            "calibrated": model.calibrated,
            "groups": list(model.params.calibration_groups),
            "observed": model.params.observed_trips,
            "modelled": float(between),
        },
    }


def _wider(study: Any, model: AppraisalModel) -> pd.DataFrame:
    """Return the productivity gain a year of each project and the programme, by decay α."""
    p, zones = model.params, model.zones
    area = _areas(study, model.ids)
    own = self_minutes(area, p.self_kmh)
    mine = zones.producing  # the region's zones gain; the places outside count as mass
    rows = []
    for alpha in p.density_decay:
        base = effective_density(zones.gdp, model.before, own, alpha, p.choke_minutes)[mine]
        for key, after in model.after.items():
            ed = effective_density(zones.gdp, after, own, alpha, p.choke_minutes)[mine]
            gain = productivity_gain(zones.gdp[mine], base, ed, p.agglomeration_elasticity)
            change = float(np.average(ed / base - 1, weights=zones.residents[mine]))
            rows.append({"project_id": key, "decay_alpha": alpha,
                         "productivity_gain_cny": float(gain.sum()),
                         "mean_density_change": change})  # fmt: skip
    return pd.DataFrame(rows)


def _areas(study: Any, ids: list[str]) -> np.ndarray:
    zones = study.dataset.zones
    if zones is None or "geometry" not in zones:
        return np.full(len(ids), np.nan)
    from geo.zones import area_km2

    area = {z: area_km2(g) for z, g in zones.geometry.items()}
    return np.array([area.get(i, np.nan) for i in ids], dtype=float)


def _equity(study: Any, model: AppraisalModel, central: dict[str, Any]) -> dict[str, Any]:
    """Return who gains from the programme: by zone, group and income, inequality, losers."""
    p, zones = model.params, model.zones
    mine = zones.producing  # who gains: the region's residents
    ids = [z for z, keep in zip(model.ids, mine, strict=True) if keep]
    e = central["effects"][PROGRAMME]
    beta = p.decay_per_min["other"]
    cut = np.ix_(mine, mine)
    people = zones.residents[mine]
    before = gravity_access(people, model.before[cut], beta, p.choke_minutes)
    after = gravity_access(people, model.after[PROGRAMME][cut], beta, p.choke_minutes)
    names = study.dataset.nodes["name"]
    frame = pd.DataFrame({
        "zone": ids, "name": names.reindex(ids).to_numpy(), "residents": people,
        "gdp_per_head": zones.gdp[mine] / np.maximum(people, 1),
        "income_group": income_groups(zones.gdp[mine], people),
        "prefecture": group_of(study.dataset, ids, "prefecture").to_numpy(),
        "province": group_of(study.dataset, ids, "province").to_numpy(),
        "hours_saved": e.by_origin[mine], "benefit_cny": e.value_by_origin[mine],
        "access_before": before, "access_after": after,
    })  # fmt: skip
    frame["benefit_per_head"] = frame["benefit_cny"] / np.maximum(frame["residents"], 1)
    frame["access_change_pct"] = 100 * (after / np.where(before > 0, before, np.nan) - 1)
    sums = ["residents", "hours_saved", "benefit_cny"]
    grouped = {
        level: _grouped(frame, level, sums) for level in ("prefecture", "province", "income_group")
    }
    w = people
    return {
        "zones": frame,
        **grouped,
        "inequality": {"gini_before": gini(before, w), "gini_after": gini(after, w),
                       "palma_before": palma(before, w), "palma_after": palma(after, w)},
        "losers": _every_loser(
            frame, losers(ids, names, model.before[cut], model.after[PROGRAMME][cut], w)
        ),
    }  # fmt: skip


def _every_loser(frame: pd.DataFrame, slower: pd.DataFrame) -> pd.DataFrame:
    """Add the zones whose accessibility or benefit falls, to those whose times rise."""
    rows = [slower]
    worse = frame[((frame["access_change_pct"] < -0.01) | (frame["benefit_cny"] < 0))
                  & ~frame["zone"].isin(slower["zone"])]  # fmt: skip
    if len(worse):
        reason = [
            f"accessibility {r.access_change_pct:+.2f} %, benefit {r.benefit_cny:,.0f} a year"
            for r in worse.itertuples()
        ]
        rows.append(worse[["zone", "name"]].assign(reason=reason))
    return pd.concat(rows, ignore_index=True) if len(worse) else slower


def _grouped(frame: pd.DataFrame, level: str, sums: list[str]) -> pd.DataFrame:
    out = frame.groupby(level, sort=True)[sums].sum()
    out["benefit_per_head"] = out["benefit_cny"] / out["residents"]
    return out.reset_index()


__all__ = ["StudyAppraisal", "assumptions"]
