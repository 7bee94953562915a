"""The freight methods of :class:`corridor.Study` (a mixin, like the analyses and maps)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from geo.errors import InputError
from geo.schema import CARGO_TYPES

if TYPE_CHECKING:
    from network.freightstudy import FreightModel


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
        place = study.place(query)
        dataset = study.dataset
        if place in set(dataset.trip_ends):
            return str(place)
        zones = dataset.zones
        if zones is not None:
            import shapely

            point = shapely.Point(dataset.nodes.at[place, "lon"], dataset.nodes.at[place, "lat"])
            inside = zones.index[zones.geometry.contains(point)]
            if len(inside):
                return str(inside[0])
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

    def freight_rank(self) -> pd.DataFrame:
        """Rank the projects by freight cost saved a year (CNY, add-one-in, leave-one-out).

        Returns
        -------
        pandas.DataFrame
            :data:`network.freightstudy.RANK_COLUMNS`.
        """
        return self.freight_model.rank()


__all__ = ["StudyFreight"]
