"""The Dataset: a validated folder of nodes, links and projects as GeoDataFrames.

:func:`load_dataset` is the one way in: it validates the folder and refuses it
with a :class:`~geo.errors.DataValidationError` that lists every problem, or
returns a :class:`Dataset` whose tables are typed and geo-referenced (WGS84).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
from pyproj import CRS
from shapely.geometry import LineString

from geo.errors import DataValidationError, UnknownProjectError
from geo.measure import geometry_length_km, link_segments
from geo.places import PlaceIndex
from geo.progress import LARGE_BYTES, Stages
from geo.projection import utm_crs_for
from geo.roads import ordinary_roads
from geo.schema import (
    FACILITY_FIELDS,
    LINK_FIELDS,
    LOCK_FIELDS,
    NODE_FIELDS,
    PROJECT_UPGRADE_FIELDS,
    TABLES,
    WGS84,
)
from geo.services import service_links
from geo.validation import ValidatedTables, validate_folder
from geo.zones import covered_nodes, zone_nodes


def default_data_dir() -> Path:
    """Return the folder of the embedded Chengdu–Chongqing dataset.

    Inside an installed wheel the data sits in ``geo/data``; in a source checkout
    it is the repository's ``data/`` folder.
    """
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class Dataset:
    """A validated dataset.

    Attributes
    ----------
    folder : pathlib.Path
        Where it was loaded from.
    metadata : dict
        ``dataset.toml``: ``name``, ``base_year``, ``core``, ``key_pairs`` …
    nodes : geopandas.GeoDataFrame
        Indexed by ``id``; base nodes and project-added nodes (``project_id`` set).
        ``residents`` is the place's own population: ``population`` less that of the
        nodes ``part_of`` it (0 for facilities); it sizes the urban drive. ``weight``
        is the population the analyses count at the point: ``residents``, or 0 where a
        zone covers the place (``covered``) and counts them itself.
    links : geopandas.GeoDataFrame
        Indexed by ``id``; base links (``project_id`` empty) and project links, with
        a LineString through the stops and ``geodesic_km``.
    projects : pandas.DataFrame
        The project catalogue indexed by ``id``, with ``has_network_effect``.
    upgrades : pandas.DataFrame
        Speed or time upgrades of existing links, one row per (project, link).
    files : dict of str to str
        The files read, by table.
    digest : str
        SHA-256 of the files, taken when loaded (:meth:`content_hash`).
    locks : pandas.DataFrame
        Locks on the waterways (``locks.csv``; :mod:`geo.services`).
    freight_od : pandas.DataFrame
        A freight OD table the dataset supplies (``freight_od.csv``): origin,
        destination, cargo, tonnes a year; empty = the gravity model's.
    facilities : pandas.DataFrame
        Freight facilities (``freight_facilities.csv``): ports, yards and hubs where
        goods change mode (:mod:`network.freight`).
    zones : geopandas.GeoDataFrame or None
        The zones (``zones.geojson``/``.gpkg``; :mod:`geo.zones`), indexed by id, with
        their polygons; each is also a node of kind ``zone`` at its seat.

    Links also carry ``service`` (a train service of ``services.csv``, not track),
    ``segment_speeds`` and ``segment_modes`` (a service's per-segment track speed and
    mode; empty for track). Generated ordinary roads (:mod:`geo.roads`) are links too.
    """

    folder: Path
    metadata: dict[str, Any]
    nodes: gpd.GeoDataFrame
    links: gpd.GeoDataFrame
    projects: pd.DataFrame
    upgrades: pd.DataFrame
    files: dict[str, str] = field(default_factory=dict)
    digest: str = ""
    locks: pd.DataFrame = field(default_factory=pd.DataFrame)
    zones: gpd.GeoDataFrame | None = None
    facilities: pd.DataFrame = field(default_factory=pd.DataFrame)
    freight_od: pd.DataFrame = field(default_factory=pd.DataFrame)

    @property
    def name(self) -> str:
        """Human name of the dataset (``dataset.toml`` ``name``, else the folder name)."""
        return str(self.metadata.get("name") or self.folder.name)

    @property
    def currency(self) -> str:
        """ISO 4217 code of the dataset's amounts (``dataset.toml`` ``currency``, else CNY)."""
        return str(self.metadata.get("currency") or "CNY")

    @property
    def base_year(self) -> int | None:
        """Year of the baseline network: links opened later are not in the baseline."""
        year = self.metadata.get("base_year")
        return int(year) if year is not None else None

    @property
    def core(self) -> tuple[str, ...]:
        """Ids of the core cities (``dataset.toml`` ``core``)."""
        return tuple(self.metadata.get("core", ()))

    @cached_property
    def trip_ends(self) -> list[str]:
        """Ids of the places trips start and end at, in node order.

        The zones, then the places outside every zone (external cities), when the
        dataset has zones; else every city, district, county and town.
        """
        nodes = self.nodes
        from geo.schema import PLACE_KINDS

        keep = nodes["kind"].isin(PLACE_KINDS)
        if self.zones is None:
            return [str(i) for i in nodes.index[keep.to_numpy()]]
        zone = (nodes["kind"] == "zone").to_numpy()
        outside = (keep & ~nodes["covered"]).to_numpy() & ~zone
        return [str(i) for i in nodes.index[zone]] + [str(i) for i in nodes.index[outside]]

    @cached_property
    def _trip_end_set(self) -> frozenset[str]:
        return frozenset(self.trip_ends)

    def trip_end(self, place: str) -> str | None:
        """Return the trip end a node stands for: itself, or the zone it lies in.

        Parameters
        ----------
        place : str
            A node id.

        Returns
        -------
        str or None
            None when the node is neither a trip end nor inside a zone.
        """
        if place in self._trip_end_set:
            return place
        if self.zones is None or place not in self.nodes.index:
            return None
        import shapely

        point = shapely.Point(self.nodes.at[place, "lon"], self.nodes.at[place, "lat"])
        inside = self.zones.index[self.zones.geometry.contains(point)]
        return str(inside[0]) if len(inside) else None

    @property
    def base_links(self) -> gpd.GeoDataFrame:
        """Links of the existing network (every link that no project adds)."""
        return self.links[self.links["project_id"] == ""]

    @property
    def baseline_links(self) -> gpd.GeoDataFrame:
        """Existing links open in the base year (all existing links if no base year)."""
        base = self.base_links
        if self.base_year is None:
            return base
        opened = base["opened"]
        return base[opened.isna() | (opened <= self.base_year)]

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        """``(min_lon, min_lat, max_lon, max_lat)`` of all nodes."""
        return tuple(float(v) for v in self.nodes.total_bounds)  # type: ignore[return-value]

    @property
    def metric_crs(self) -> CRS:
        """Projected CRS for metric work.

        ``dataset.toml`` ``metric_crs``, else the UTM zone of the study region (nodes
        with ``circle`` true): the outside ends of long lines would pull the centre away.
        """
        if "metric_crs" in self.metadata:
            return CRS.from_user_input(self.metadata["metric_crs"])
        region = self.nodes[self.nodes["circle"]]
        region = region if len(region) else self.nodes
        min_lon, min_lat, max_lon, max_lat = (float(v) for v in region.total_bounds)
        return utm_crs_for((min_lon, min_lat, max_lon, max_lat))

    @cached_property
    def place_index(self) -> PlaceIndex:
        """Look-up of every node by id, English or Chinese name (built once)."""
        nodes = self.nodes
        aliases = nodes.get("aliases", pd.Series("", index=nodes.index)).fillna("")
        return PlaceIndex(
            (place, name, name_zh, *[a.strip() for a in str(more).split(";") if a.strip()])
            for place, name, name_zh, more in zip(
                nodes.index, nodes["name"], nodes["name_zh"], aliases, strict=True
            )
        )

    def place(self, query: str) -> str:
        """Return the id of the node ``query`` names (id, English or Chinese name).

        Raises
        ------
        geo.errors.UnknownPlaceError
            With the closest matches.
        """
        return self.place_index.resolve(query)

    def project(self, query: str) -> str:
        """Return the id of the project ``query`` names (its id, any case).

        Raises
        ------
        geo.errors.UnknownProjectError
            With the closest ids.
        """
        ids = list(self.projects.index)
        by_fold = {str(i).lower(): i for i in ids}
        key = str(query).strip().lower()
        if key in by_fold:
            return str(by_fold[key])
        import difflib

        close = difflib.get_close_matches(key, list(by_fold), n=3, cutoff=0.5)
        if not close:
            close = [k for k in by_fold if key and key in k][:3]
        raise UnknownProjectError(str(query), [str(by_fold[c]) for c in close])

    def segments(self, links: pd.DataFrame | None = None) -> pd.DataFrame:
        """Stop-to-stop segments of ``links`` (default: all) with their measures.

        Returns
        -------
        pandas.DataFrame
            See :func:`geo.measure.link_segments`: km and minutes, NaN where none is
            published.
        """
        return link_segments(self.links if links is None else links, self.nodes)

    def content_hash(self) -> str:
        """SHA-256 over the dataset's files as they were loaded.

        Taken when the dataset is loaded (:func:`load_dataset`), so it describes the
        data in memory even if the files change or the folder is gone later (a copy
        sent to another machine keeps it).

        Returns
        -------
        str
            Hexadecimal digest of the names and bytes of the files present.
        """
        if not self.digest:
            object.__setattr__(self, "digest", _digest(self.folder, self.files))
        return self.digest


def _digest(folder: Path, files: dict[str, str]) -> str:
    """Return the SHA-256 over the names and bytes of a dataset's files."""
    digest = hashlib.sha256()
    for name in [*sorted(files.values()), "dataset.toml"]:
        path = folder / name
        if path.is_file():
            digest.update(name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def load_dataset(folder: str | Path | None = None, *, progress: bool = False) -> Dataset:
    """Load and validate a dataset folder (default: the embedded Chengdu–Chongqing data).

    Parameters
    ----------
    folder : str or pathlib.Path, optional
        A dataset folder; see the data README for its files and columns.
    progress : bool, default False
        A progress bar on stderr while a large dataset loads (on a terminal only).

    Returns
    -------
    Dataset

    Raises
    ------
    geo.errors.DataValidationError
        With every problem found (file, record, field, what is wrong, how to fix).
    """
    path = Path(folder) if folder is not None else default_data_dir()
    files = [p for p in path.glob("*") if p.is_file()] if path.is_dir() else []
    large = sum(p.stat().st_size for p in files) > LARGE_BYTES
    with Stages(f"loading {path.name}", len(TABLES) + 3, enabled=progress and large) as step:
        checked = validate_folder(path, step)
        if checked.problems:
            raise DataValidationError(checked.problems, folder=str(path))
        dataset = dataset_from(checked)
        step("built")
    return dataset


def dataset_from(checked: ValidatedTables) -> Dataset:
    """Build the dataset of a folder that passed validation (:func:`load_dataset`'s 2nd half).

    Parameters
    ----------
    checked : geo.validation.ValidatedTables
        Without problems.

    Returns
    -------
    Dataset
    """
    path = checked.folder
    t = checked.tables
    node_columns = [f.name for f in NODE_FIELDS]
    nodes = _concat(t["nodes"], t.get("project_nodes"), node_columns)
    zones = t.get("zones")
    if zones is not None:
        nodes = pd.concat([nodes, zone_nodes(zones).assign(project_id="")], ignore_index=True)
    nodes = gpd.GeoDataFrame(
        nodes, geometry=gpd.points_from_xy(nodes["lon"], nodes["lat"]), crs=WGS84
    ).set_index("id", drop=False)
    nodes.index.name = None
    # residents: the place's own population (its built-up area, for the urban drive);
    # weight: the residents the analyses count at the point, 0 where a zone counts them.
    nodes["residents"] = _own_population(nodes)
    nodes["weight"] = nodes["residents"]
    nodes["covered"] = covered_nodes(zones, nodes) if zones is not None else False
    nodes.loc[nodes["covered"], "weight"] = 0.0  # a zone counts these residents
    links = _concat(t["links"], t.get("project_links"), [f.name for f in LINK_FIELDS])
    links = _generated_roads(links, nodes, checked.metadata)
    links = links.assign(service=False, segment_speeds=[()] * len(links))
    links["segment_modes"] = [()] * len(links)
    upgrades = t.get("project_upgrades")
    if upgrades is None:
        upgrades = pd.DataFrame(columns=[f.name for f in PROJECT_UPGRADE_FIELDS])
    upgrades = upgrades.assign(segment_speeds=[()] * len(upgrades))
    projects = t.get("projects")
    if projects is None:
        projects = pd.DataFrame({c: pd.Series([], dtype=object) for c in ("id", "name")})
    if "services" in t and len(t["services"]):
        column = projects.get("opening_year", pd.Series(float("nan"), index=projects.index))
        years = pd.to_numeric(column, errors="coerce").astype(float)
        project_years = dict(zip(projects["id"], years, strict=True))
        indexed = links.set_index("id", drop=False)
        extra, derived = service_links(
            t["services"], indexed, link_segments(indexed, nodes), upgrades, project_years
        )
        links = pd.concat([links, extra], ignore_index=True)
        if len(derived):
            upgrades = pd.concat([upgrades, derived], ignore_index=True)
    coords = dict(zip(nodes["id"], zip(nodes["lon"], nodes["lat"], strict=True), strict=True))
    geometry = [LineString([coords[s] for s in stops]) for stops in links["stops"]]
    links = gpd.GeoDataFrame(links, geometry=geometry, crs=WGS84).set_index("id", drop=False)
    links.index.name = None
    links["geodesic_km"] = [geometry_length_km(g) for g in links.geometry]
    projects = projects.set_index("id", drop=False)
    projects.index.name = None
    facilities = t.get("facilities", pd.DataFrame(columns=["project_id"]))
    effect = set(links["project_id"]) | set(nodes["project_id"]) | set(upgrades["project_id"])
    effect |= set(facilities["project_id"])
    projects["has_network_effect"] = projects["id"].isin(effect - {""})
    return Dataset(
        folder=path,
        metadata=checked.metadata,
        nodes=nodes,
        links=links,
        projects=projects,
        upgrades=upgrades.reset_index(drop=True),
        files=dict(checked.files),
        digest=_digest(path, dict(checked.files)),
        locks=t.get("locks", pd.DataFrame(columns=[f.name for f in LOCK_FIELDS])),
        zones=None if zones is None else zones.set_index("id", drop=False).rename_axis(None),
        facilities=t.get(
            "facilities", pd.DataFrame(columns=[f.name for f in FACILITY_FIELDS])
        ).reset_index(drop=True),
        freight_od=t.get("freight_od", pd.DataFrame()).reset_index(drop=True),
    )


def _generated_roads(
    links: pd.DataFrame, nodes: pd.DataFrame, metadata: dict[str, Any]
) -> pd.DataFrame:
    """Add the ordinary-road layer (``[roads] ordinary``), which joins zones too."""
    roads = metadata.get("roads", {})
    if not (isinstance(roads, dict) and roads.get("ordinary")):
        return links
    crs = _metric_crs(metadata, nodes)
    generated = ordinary_roads(nodes, crs, float(roads.get("max_km", 120.0)))
    return pd.concat([links, generated], ignore_index=True) if len(generated) else links


def _metric_crs(metadata: dict[str, Any], nodes: pd.DataFrame) -> CRS:
    """Return the metric CRS of :attr:`Dataset.metric_crs` before the dataset exists."""
    if "metric_crs" in metadata:
        return CRS.from_user_input(metadata["metric_crs"])
    region = nodes[nodes["circle"]] if nodes["circle"].any() else nodes
    return utm_crs_for(tuple(float(v) for v in region.total_bounds))  # type: ignore[arg-type]


def _own_population(nodes: pd.DataFrame) -> pd.Series:
    """Return each node's weighting population: its own less that of the nodes in it.

    A prefecture's census population includes its counties; where a county is a node of
    its own (``part_of`` the prefecture), the prefecture keeps only the rest, so no
    resident is counted twice. Facilities (no population) weigh 0.
    """
    population = nodes["population"].astype("Float64").fillna(0).astype(float)
    inside = population.groupby(nodes["part_of"]).sum()
    inside = inside.drop("", errors="ignore")
    return population - nodes["id"].map(inside).fillna(0.0)


def _concat(base: pd.DataFrame, added: pd.DataFrame | None, columns: list[str]) -> pd.DataFrame:
    """Stack base records and project-added records; ``project_id`` is '' for base ones."""
    base = base.copy()
    base["project_id"] = ""
    frames = [base] if added is None or added.empty else [base, added]
    order = [*columns, "project_id"]
    out = pd.concat(frames, ignore_index=True)
    extra = [c for c in out.columns if c not in order]
    return out[order + extra]


__all__ = [
    "Dataset",
    "dataset_from",
    "default_data_dir",
    "load_dataset",
]
