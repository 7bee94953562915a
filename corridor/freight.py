"""The freight methods of :class:`corridor.Study` (a mixin, like the analyses and maps)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.errors import InputError
from geo.schema import CARGO_TYPES

if TYPE_CHECKING:
    from network.freightstudy import FreightModel
    from network.freighttargets import FreightTarget


class StudyFreight:
    """Freight chains, costs and the freight value of projects (:mod:`network.freightstudy`)."""

    @property
    def freight_model(self) -> FreightModel:
        """The study's freight model: networks, chains and demand, built once."""
        from network.freightstudy import FreightModel

        if getattr(self, "_freight", None) is None:
            study: Any = self
            self._freight = FreightModel(study.dataset, study.params)
        return self._freight

    def _end(self, query: str) -> str:
        """Return the trip end a place names: the zone it lies in, or the place itself."""
        study: Any = self
        end = study.dataset.trip_end(study.place(query))
        if end is not None:
            return end
        raise InputError(f"'{query}' is not a zone or a place outside the zones")

    def freight(
        self, origin: str, destination: str, *, cargo: str = "container", scenario: str = "baseline"
    ) -> dict[str, Any]:
        """Return the cheapest chain of a tonne of ``cargo`` (cost, hours, tonne-km, modes).

        Parameters
        ----------
        origin, destination : str
            Places by id or name; a place inside a zone stands for its zone.
        cargo : {"bulk", "container", "cold_chain", "cars"}, default "container"
        scenario : str, default "baseline"

        Returns
        -------
        dict
            See :meth:`network.freightstudy.FreightModel.chain`.

        Raises
        ------
        geo.errors.InputError
            For an unknown cargo type or place.
        """
        if cargo not in CARGO_TYPES:
            raise InputError(f"cargo '{cargo}' is not one of {', '.join(CARGO_TYPES)}")
        study: Any = self
        study.scenario(scenario)  # refuse a bad scenario with its own message
        return self.freight_model.chain(self._end(origin), self._end(destination), cargo, scenario)

    def freight_compare(
        self,
        before: str = "baseline",
        after: str = "full",
        *,
        pairs: list[tuple[str, str]] | None = None,
        cargo: tuple[str, ...] = ("container", "bulk"),
    ) -> tuple[pd.DataFrame, dict[str, float]]:
        """Return the key freight pairs before and after, and the region's totals.

        Parameters
        ----------
        before, after : str
            Scenarios.
        pairs : list of (str, str), optional
            Default: the dataset's ``freight_pairs``.
        cargo : tuple of str
            Cargo types to report for each pair.

        Returns
        -------
        pairs : pandas.DataFrame
            One row per pair and cargo: CNY per tonne (generalised and money), hours,
            the water and rail share of the tonne-km, and the chain, before and after.
        totals : dict
            CNY a year saved and tonne-km by layer before and after, every cargo
            (:meth:`network.freightstudy.FreightModel.benefit`).
        """
        study: Any = self
        chosen = pairs if pairs is not None else study.dataset.metadata.get("freight_pairs", [])
        rows = []
        for origin, destination in chosen:
            for kind in cargo:
                a = self.freight(origin, destination, cargo=kind, scenario=before)
                b = self.freight(origin, destination, cargo=kind, scenario=after)
                rows.append(
                    {"origin": a["origin"], "destination": a["destination"], "cargo": kind}
                    | {f"{k}_{label}": v for label, c in (("before", a), ("after", b))
                       for k, v in _summary(c).items()}
                )  # fmt: skip
        return pd.DataFrame(rows), self.freight_model.benefit(before, after)

    def freight_target_list(self, file: str | Path | None = None) -> list[FreightTarget]:
        """Return the dataset's freight targets plus those of a TOML ``file``."""
        from network.freighttargets import read_freight_targets

        study: Any = self
        return read_freight_targets(study.dataset, file)

    def freight_targets(
        self, scenarios: list[str] | None = None, *, file: str | Path | None = None
    ) -> pd.DataFrame:
        """Return each freight target's change from its base scenario, and its status.

        Parameters
        ----------
        scenarios : list of str, optional
            Default: the phases by year, today and full.
        file : str or Path, optional
            TOML file of more ``[[freight_targets]]``.

        Returns
        -------
        pandas.DataFrame
            See :func:`network.freighttargets.freight_target_table`: tonnes or tonne-km
            a year on the layer before and after, at the base year's demand.
        """
        from network.freighttargets import freight_target_table
        from network.phases import phase_specs

        study: Any = self
        chosen = self.freight_target_list(file)
        if scenarios is None:
            scenarios = [s for s in phase_specs(study.dataset) if s != "baseline"] + ["full"]
        for spec in scenarios:
            study.scenario(spec)  # refuse a bad scenario with its own message
        return freight_target_table(self.freight_model, chosen, list(scenarios))

    def freight_map(
        self, before: str = "baseline", after: str = "full", *, tiles: str = "none"
    ) -> Any:
        """Return the freight flow map: links as wide as their tonnes, before and after.

        Parameters
        ----------
        before, after : str
            Scenarios (the baseline demand assigned to each one's cheapest chains).
        tiles : {"none", "osm", "gaode"}, default "none"

        Returns
        -------
        folium.Map
            See :func:`geo.maps.flow_map`.
        """
        import geopandas as gpd

        from geo import maps as geomaps
        from network.maps import region_view

        study: Any = self
        dataset = study.dataset
        flows = self.freight_flows(before, after).set_index("link_id")
        links = dataset.links.loc[flows.index, ["name", "geometry"]].copy()
        for column in ("layer", "tonnes_before", "tonnes_after"):
            links[column] = flows[column].to_numpy()
        return geomaps.flow_map(
            gpd.GeoDataFrame(links, geometry="geometry", crs=dataset.links.crs),
            labels=(f"before: {before}", f"after: {after}"),
            tiles=tiles,
            boundaries=geomaps.load_boundaries(dataset.folder),
            view=region_view(dataset),
        )

    def freight_flows(
        self, before: str = "baseline", after: str = "full", *, split: str = "aon"
    ) -> pd.DataFrame:
        """Return the tonnes a year on every link before and after (the region's goods).

        Parameters
        ----------
        before, after : str
            Scenarios; the baseline demand on each one's chains.
        split : {"aon", "logit"}, default "aon"
            All-or-nothing, or the logit split between chain classes
            (:mod:`network.freightlogit`).

        Returns
        -------
        pandas.DataFrame
            One row per link carrying goods in either: ``link_id``, ``name``, ``layer``,
            ``tonnes_before``, ``tonnes_after`` (tonnes a year, the busiest segment).
        """
        study: Any = self
        model = self.freight_model
        a, b = model.flows(before, split=split), model.flows(after, split=split)
        ids = sorted(set(a.index) | set(b.index))
        return pd.DataFrame(
            {
                "link_id": ids,
                "name": study.dataset.links.loc[ids, "name"].to_numpy(),
                "layer": b["layer"].reindex(ids).fillna(a["layer"].reindex(ids)).to_numpy(),
                "tonnes_before": a["tonnes"].reindex(ids).fillna(0.0).to_numpy(),
                "tonnes_after": b["tonnes"].reindex(ids).fillna(0.0).to_numpy(),
            }
        )

    def export_freight_flows(
        self,
        path: str | Path,
        before: str = "baseline",
        after: str = "full",
        *,
        split: str = "aon",
    ) -> list[Path]:
        """Write :meth:`freight_flows` as CSV (atomically) with its manifest.

        Parameters
        ----------
        path : str or Path
        before, after : str
        split : {"aon", "logit"}, default "aon"

        Returns
        -------
        list of Path
            The CSV file and its ``.manifest.json``.
        """
        from corridor.render import csv_text
        from geo.atomic import atomic_path
        from network.export import manifest, write_manifest

        study: Any = self
        frame = self.freight_flows(before, after, split=split)
        text = csv_text(list(frame.columns), frame.to_numpy().tolist())
        with atomic_path(path) as tmp:
            tmp.write_text(text, encoding="utf-8")
        record = manifest(
            study.dataset,
            params=study.params,
            scenarios=[before, after],
            export="freight_flows" if split == "aon" else f"freight_flows ({split})",
        )
        return [Path(path), write_manifest(path, record)]

    def freight_rank(self) -> pd.DataFrame:
        """Rank the projects by freight cost saved a year (CNY, add-one-in, leave-one-out).

        Returns
        -------
        pandas.DataFrame
            :data:`network.freightstudy.RANK_COLUMNS`.
        """
        return self.freight_model.rank()


def _summary(chain: dict[str, Any]) -> dict[str, Any]:
    """Return a chain's cost, hours, water and rail share of its tonne-km, and modes."""
    tkm = chain["tkm"]
    total = sum(v for v in tkm.values() if v == v)
    share = (tkm["water"] + tkm["rail"]) / total if total else float("nan")
    return {
        "cny_t": chain["cost_cny_t"],
        "money_cny_t": chain["money_cny_t"],
        "hours": chain["hours"],
        "water_rail_share": share,
        "chain": " → ".join(chain["chain"]),
    }


__all__ = ["StudyFreight"]
