"""The maps of a :class:`~corridor.Study`: folium maps of its scenarios, and saving them.

Each method returns a ``folium.Map`` (a ``DualMap`` side by side) that shows inline in a
notebook; :meth:`StudyMaps.save_map` writes one self-contained HTML file atomically.
Folium loads only when a map is asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from network.cache import ScenarioCache, ScenarioSpec

MAP_KINDS: tuple[str, ...] = ("network", "time", "before-after", "project")


class StudyMaps:
    """Map methods of :class:`~corridor.Study` (needs ``cache``, ``modes``, ``basis``)."""

    cache: ScenarioCache
    modes: str
    basis: str

    def network_map(self, scenario: ScenarioSpec = "full", *, tiles: str = "none") -> Any:
        """Return the network of a scenario: links by mode, projects by category.

        Parameters
        ----------
        scenario : str or Scenario, default "full"
        tiles : {"none", "osm", "gaode"}
            ``none`` draws outlines only and works offline.

        Returns
        -------
        folium.Map
        """
        from network import maps

        return maps.network_map(self.cache, scenario, tiles=tiles)

    def time_map(
        self,
        origin: str,
        scenario: ScenarioSpec = "baseline",
        *,
        modes: str | None = None,
        basis: str | None = None,
        tiles: str = "none",
    ) -> Any:
        """Return places coloured by minutes from ``origin``, with isochrone bands.

        Parameters
        ----------
        origin : str
            Place by id or name.
        scenario : str or Scenario, default "baseline"
        modes, basis : str, optional
            Default: the study's.
        tiles : {"none", "osm", "gaode"}

        Returns
        -------
        folium.Map
        """
        from network import maps

        return maps.travel_time_map(
            self.cache,
            self.cache.place(origin),
            scenario,
            modes=modes or self.modes,
            basis=basis or self.basis,
            tiles=tiles,
        )

    def before_after_map(
        self,
        before: ScenarioSpec = "baseline",
        after: ScenarioSpec = "full",
        *,
        origin: str | None = None,
        modes: str | None = None,
        basis: str | None = None,
        side_by_side: bool = False,
        tiles: str = "none",
    ) -> Any:
        """Return minutes before and after and the minutes saved, per place.

        Parameters
        ----------
        before, after : str or Scenario
        origin : str, optional
            Minutes from this place; without it, each place's population-weighted mean
            minutes to the region's residents.
        modes, basis : str, optional
        side_by_side : bool, default False
            Two synchronised maps (``folium.plugins.DualMap``).
        tiles : {"none", "osm", "gaode"}

        Returns
        -------
        folium.Map or folium.plugins.DualMap
        """
        from network import maps

        return maps.before_after_map(
            self.cache,
            before,
            after,
            origin=self.cache.place(origin) if origin else None,
            modes=modes or self.modes,
            basis=basis or self.basis,
            side_by_side=side_by_side,
            tiles=tiles,
        )

    def project_map(
        self,
        project: str,
        *,
        modes: str | None = None,
        basis: str | None = None,
        tiles: str = "none",
    ) -> Any:
        """Return one project's footprint and the minutes per trip it saves each place.

        Parameters
        ----------
        project : str
            Id of the project in the catalogue (any case).
        modes, basis : str, optional
            Default: the study's.
        tiles : {"none", "osm", "gaode"}

        Returns
        -------
        folium.Map
            See :func:`network.maps.project_map`.

        Raises
        ------
        geo.errors.UnknownProjectError
            For an id not in the catalogue (with the closest ids).
        """
        from network import maps

        return maps.project_map(
            self.cache,
            self.cache.dataset.project(project),
            modes=modes or self.modes,
            basis=basis or self.basis,
            tiles=tiles,
        )

    @staticmethod
    def save_map(m: Any, path: str | Path, *, inline: bool = True) -> Path:
        """Write a map as one HTML file, atomically.

        Parameters
        ----------
        m : folium.Map or folium.plugins.DualMap
        path : str or Path
            Its folder must exist.
        inline : bool, default True
            Inline Leaflet and every plugin, so the file works offline.

        Returns
        -------
        Path
        """
        from geo.maps import save_map

        return save_map(m, path, inline=inline)


__all__ = ["MAP_KINDS", "StudyMaps"]
