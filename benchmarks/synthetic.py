"""Synthetic regions for performance benchmarks: a complete, valid dataset folder of N places.

The region imitates the structure of the embedded Chengdu–Chongqing data at any size:

- **places**: ``n_places`` populated points around lon 106, lat 30. The extent grows with
  sqrt(N) so that the density stays that of townships in Sichuan (5000 places fill lon
  102–110, lat 27–33; 1000 places a box 3.6° × 2.7°; 20000 places lon 98–114, lat 24–36).
  A few large prefecture-level ``city`` nodes, about half of the other places clustered
  around them; places near a city are its ``district`` nodes (``part_of`` the city, whose
  population includes theirs), the others ``county`` nodes. Populations are log-normal.
  A handful of ``external`` cities (``circle`` false) lie outside the region, and river
  ``port`` nodes (no population) sit along the rivers.
- **expressway mesh**: each place joined to its 2–4 nearest neighbours of a Delaunay
  triangulation (plus its minimum spanning tree, so the mesh is connected), 2-stop links
  at 100–120 km/h; the other short Delaunay edges are ordinary ``road`` links (60–80 km/h).
- **conventional rail**: about sqrt(N)/3 lines of 10–40 stops, each a greedy walk to the
  nearest unvisited place ahead in a slowly turning heading, 120–160 km/h.
- **HSR**: about sqrt(N)/6 lines of 5–12 far-apart stops among the cities and the largest
  places, 250–350 km/h, some with ``express_stops`` and a published ``length_km``.
- **rivers**: 2–3 ``waterway`` lines of 10–30 stops (places and ports) listed downstream,
  15–25 km/h downstream and slower upstream (``reverse_speed_kmh``).
- **projects**: 30 with a network effect (new HSR, rail lines and expressways, speed
  upgrades of existing and project links, a new waterway link, three projects that add a
  node), opening 2021–2035, plus two without one (5G, a power line).

Every record's ``source`` names the generator and the seed; the same seed gives the same
files. Usage::

    python benchmarks/synthetic.py --places 5000 --seed 1 -o OUTDIR [--check]

``--check`` loads the folder with :func:`geo.load_dataset` (full validation) and prints
the time it took.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree
from scipy.spatial import Delaunay, cKDTree

from geo.schema import LIST_SEPARATOR, METADATA_FILE, TABLES

#: Centre of the region (lon, lat), WGS84 degrees.
CENTRE: tuple[float, float] = (106.0, 30.0)
#: Number of places that fill the reference box of half-extents :data:`REFERENCE_HALF`.
REFERENCE_PLACES = 5000
#: Half-extents (lon, lat) in degrees of the reference box: lon 102–110, lat 27–33.
REFERENCE_HALF: tuple[float, float] = (4.0, 3.0)
BASE_YEAR = 2020
#: Projects with a network effect, as the benchmarks expect.
N_NETWORK_PROJECTS = 30

_KM_PER_DEG_LAT = 110.57
_EARTH_RADIUS_KM = 6371.0088

#: Pinyin syllables and their characters, for place names.
_SYLLABLES: tuple[tuple[str, str], ...] = (
    ("an", "安"), ("bai", "白"), ("bao", "宝"), ("bei", "北"), ("cang", "苍"),
    ("chang", "长"), ("cheng", "城"), ("chong", "崇"), ("da", "大"), ("dan", "丹"),
    ("de", "德"), ("dong", "东"), ("feng", "丰"), ("fu", "富"), ("gao", "高"),
    ("guang", "广"), ("gui", "桂"), ("hai", "海"), ("he", "和"), ("hong", "洪"),
    ("hua", "华"), ("huai", "怀"), ("jia", "嘉"), ("jian", "建"), ("jiang", "江"),
    ("jin", "金"), ("jing", "景"), ("kai", "开"), ("lan", "兰"), ("le", "乐"),
    ("li", "利"), ("lin", "林"), ("long", "龙"), ("lu", "鹿"), ("mei", "梅"),
    ("ming", "明"), ("nan", "南"), ("ning", "宁"), ("ping", "平"), ("qing", "青"),
    ("rong", "荣"), ("shan", "山"), ("shi", "石"), ("shui", "水"), ("song", "松"),
    ("tai", "泰"), ("tian", "天"), ("tong", "通"), ("wan", "万"), ("wen", "文"),
    ("xi", "西"), ("xin", "新"), ("xing", "兴"), ("yang", "阳"), ("yi", "宜"),
    ("yong", "永"), ("yu", "玉"), ("yun", "云"), ("ze", "泽"), ("zhong", "中"),
)  # fmt: skip


# --------------------------------------------------------------------------- geometry


@dataclass(frozen=True)
class Extent:
    """The region's box and a local equirectangular projection to kilometres.

    Attributes
    ----------
    lon0, lat0 : float
        Centre, WGS84 degrees.
    half_lon, half_lat : float
        Half-extents of the box, degrees.
    """

    lon0: float
    lat0: float
    half_lon: float
    half_lat: float

    @classmethod
    def for_places(cls, n_places: int) -> Extent:
        """Return the box for ``n_places`` places: the reference box scaled by sqrt(N/5000).

        The box is clipped so that it stays within valid WGS84 coordinates (with room
        for the external places outside it).
        """
        scale = math.sqrt(n_places / REFERENCE_PLACES)
        lon0, lat0 = CENTRE
        half_lon = min(REFERENCE_HALF[0] * scale, (180.0 - abs(lon0)) / 1.5)
        half_lat = min(REFERENCE_HALF[1] * scale, (85.0 - abs(lat0)) / 1.5)
        return cls(lon0, lat0, half_lon, half_lat)

    @property
    def kx(self) -> float:
        """Kilometres per degree of longitude at the centre."""
        return 111.32 * math.cos(math.radians(self.lat0))

    @property
    def width_km(self) -> float:
        """East–west extent of the box, km."""
        return 2.0 * self.half_lon * self.kx

    @property
    def height_km(self) -> float:
        """North–south extent of the box, km."""
        return 2.0 * self.half_lat * _KM_PER_DEG_LAT

    def to_lonlat(self, xy: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return lon, lat (degrees, 5 decimals) of local coordinates ``xy`` (km)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        lon = np.round(self.lon0 + xy[:, 0] / self.kx, 5)
        lat = np.round(self.lat0 + xy[:, 1] / _KM_PER_DEG_LAT, 5)
        return lon, lat

    def to_xy(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Return local coordinates (km) of ``lon``, ``lat``."""
        x = (np.asarray(lon, dtype=float) - self.lon0) * self.kx
        y = (np.asarray(lat, dtype=float) - self.lat0) * _KM_PER_DEG_LAT
        return np.column_stack([x, y])

    def utm_epsg(self) -> int:
        """EPSG code of the WGS84 / UTM zone of the centre (the metric CRS)."""
        zone = min(math.floor((self.lon0 + 180.0) / 6.0) + 1, 60)
        return (32600 if self.lat0 >= 0 else 32700) + zone


def haversine_km(lon: np.ndarray, lat: np.ndarray) -> float:
    """Return the great-circle length (km) of the polyline through ``lon``, ``lat``."""
    lon, lat = np.radians(np.asarray(lon, float)), np.radians(np.asarray(lat, float))
    dlon, dlat = np.diff(lon), np.diff(lat)
    a = np.sin(dlat / 2) ** 2 + np.cos(lat[:-1]) * np.cos(lat[1:]) * np.sin(dlon / 2) ** 2
    return float(np.sum(2 * _EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))))


# --------------------------------------------------------------------------- builder


class _Region:
    """Mutable state of one generation run: nodes, links and projects as records."""

    def __init__(self, n_places: int, seed: int) -> None:
        if n_places < 50:
            raise ValueError(f"n_places must be at least 50, not {n_places}")
        self.n = n_places
        self.seed = seed
        self.rng = np.random.default_rng(seed)
        self.source = f"synthetic: benchmarks/synthetic.py seed {seed}"
        self.extent = Extent.for_places(n_places)
        ext = self.extent
        #: Typical distance between neighbouring places, km.
        self.spacing = math.sqrt(ext.width_km * ext.height_km / n_places)
        # Nodes: parallel columns; xy in km.
        self.node_cols: dict[str, list[Any]] = {f.name: [] for f in TABLES["nodes"].fields}
        self.xy = np.empty((0, 2))
        self.links: list[dict[str, Any]] = []
        self.projects: list[dict[str, Any]] = []
        self.project_links: list[dict[str, Any]] = []
        self.project_upgrades: list[dict[str, Any]] = []
        self.project_nodes: list[dict[str, Any]] = []
        self.years: dict[str, int] = {}
        # Base lines by mode, for the projects: (link id, node indices, speed).
        self.lines: dict[str, list[tuple[str, list[int], float]]] = {}
        #: Node id -> id of the project that adds it.
        self.project_node_of: dict[str, str] = {}

    # ------------------------------------------------------------------ helpers

    def names(self, count: int, suffix: str = "", suffix_zh: str = "") -> tuple[list, list]:
        """Return ``count`` English and Chinese two-syllable place names."""
        k = len(_SYLLABLES)
        first = self.rng.integers(0, k, count)
        second = (first + self.rng.integers(1, k, count)) % k  # never the same syllable
        english = [
            f"{_SYLLABLES[a][0].capitalize()}{_SYLLABLES[b][0]}{suffix}"
            for a, b in zip(first, second, strict=True)
        ]
        chinese = [
            f"{_SYLLABLES[a][1]}{_SYLLABLES[b][1]}{suffix_zh}"
            for a, b in zip(first, second, strict=True)
        ]
        return english, chinese

    def province(self, xy: np.ndarray) -> list[str]:
        """Province of each point: the quadrant of the region it lies in."""
        north = np.where(xy[:, 1] >= 0, "North", "South")
        east = np.where(xy[:, 0] >= 0, "east", "west")
        return [f"{a}{b} Province" for a, b in zip(north, east, strict=True)]

    def add_nodes(self, xy: np.ndarray, **columns: Sequence[Any]) -> np.ndarray:
        """Append nodes at ``xy`` (km) with the given columns; return their indices."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        count = len(xy)
        lon, lat = self.extent.to_lonlat(xy)
        start = len(self.node_cols["id"])
        defaults: dict[str, Any] = {
            "name_zh": [""] * count,
            "aliases": [""] * count,
            "province": self.province(xy),
            "population": [pd.NA] * count,
            "geonames_id": [pd.NA] * count,
            "part_of": [""] * count,
            "circle": [True] * count,
            "source": [self.source] * count,
        }
        values = {**defaults, **columns, "lon": list(lon), "lat": list(lat)}
        for name in self.node_cols:
            column = list(values[name])
            if len(column) != count:
                raise ValueError(f"column {name}: {len(column)} values for {count} nodes")
            self.node_cols[name] += column
        # Store the rounded position, so that distances match the written file.
        self.xy = np.vstack([self.xy, self.extent.to_xy(lon, lat)])
        return np.arange(start, start + count)

    def ids(self, indices: Sequence[int]) -> list[str]:
        """Node ids of node indices."""
        node_ids = self.node_cols["id"]
        return [node_ids[int(i)] for i in indices]

    def node(self, index: int, column: str) -> Any:
        """One cell of a node."""
        return self.node_cols[column][int(index)]

    def lonlat(self, indices: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
        """Coordinates of node indices."""
        idx = [int(i) for i in indices]
        lon = np.array([self.node_cols["lon"][i] for i in idx])
        lat = np.array([self.node_cols["lat"][i] for i in idx])
        return lon, lat

    def length_km(self, indices: Sequence[int]) -> float:
        """Geodesic length of the polyline through node indices, km."""
        return haversine_km(*self.lonlat(indices))

    def line_name(self, indices: Sequence[int], what: str) -> str:
        """Name of a line from its end places, e.g. ``Anxi–Baiyang railway``."""
        return f"{self.node(indices[0], 'name')}–{self.node(indices[-1], 'name')} {what}"

    def link(self, **record: Any) -> dict[str, Any]:
        """A link record: ``stops`` as node indices become ``;``-joined ids."""
        record = dict(record)
        for key in ("stops", "express_stops"):
            if key in record and not isinstance(record[key], str):
                record[key] = LIST_SEPARATOR.join(self.ids(record[key]))
        record.setdefault("source", self.source)
        return record

    def walk(
        self,
        pool: np.ndarray,
        tree: cKDTree,
        start: int,
        angle: float,
        n_stops: int,
        step: tuple[float, float],
        avoid: set[int] | None = None,
    ) -> list[int]:
        """Greedy walk through ``pool`` (local indices) ahead in a slowly turning heading.

        From each stop the next is the nearest not yet visited pool point between
        ``step[0]`` and ``step[1]`` km away within 53° of the heading; the heading then
        turns part of the way towards it (plus a little noise).
        """
        xy = self.xy[pool]
        path = [start]
        seen = {start} | (avoid or set())
        heading = np.array([math.cos(angle), math.sin(angle)])
        k = min(len(pool), 160)
        while len(path) < n_stops:
            here = xy[path[-1]]
            dist, idx = tree.query(here, k=k, distance_upper_bound=step[1])
            dist, idx = np.atleast_1d(dist), np.atleast_1d(idx)
            ok = np.isfinite(dist) & (dist >= step[0])
            dist, idx = dist[ok], idx[ok]
            if len(idx) == 0:
                break
            direction = (xy[idx] - here) / dist[:, None]
            ahead = (direction @ heading >= 0.6) & np.array([i not in seen for i in idx])
            if not ahead.any():
                break
            j = int(np.flatnonzero(ahead)[0])  # query results are sorted: the nearest
            path.append(int(idx[j]))
            seen.add(int(idx[j]))
            heading = 0.7 * heading + 0.3 * direction[j]
            turn = self.rng.normal(0.0, 0.08)
            c, s = math.cos(turn), math.sin(turn)
            heading = np.array([c * heading[0] - s * heading[1], s * heading[0] + c * heading[1]])
            heading /= np.linalg.norm(heading)
        return path

    def line(
        self,
        pool: np.ndarray,
        choose_start: Callable[[], int],
        n_stops: int,
        min_stops: int,
        step: tuple[float, float],
        angle: float | None = None,
        tries: int = 30,
    ) -> list[int]:
        """A line of ``min_stops``–``n_stops`` stops through ``pool``; node indices.

        Walks forward from a start, then backward from it if the line is still short;
        retries from other starts (and headings) until it has ``min_stops`` stops.
        """
        tree = cKDTree(self.xy[pool])
        local = {int(node): i for i, node in enumerate(pool)}
        best: list[int] = []
        for attempt in range(tries):
            start = local[int(choose_start())]
            heading = (
                angle
                if angle is not None and attempt == 0
                else float(self.rng.uniform(0, 2 * math.pi))
            )
            path = self.walk(pool, tree, start, heading, n_stops, step)
            if len(path) < n_stops:
                back = self.walk(
                    pool, tree, start, heading + math.pi, n_stops - len(path) + 1, step, set(path)
                )
                path = back[::-1] + path[1:]
            if len(path) > len(best):
                best = path
            if len(best) >= min_stops:
                break
        if len(best) < 2:  # a tiny region: at least join the start to its nearest neighbour
            _, (_, nearest) = tree.query(self.xy[pool[best[0]]], k=2)
            best = [best[0], int(nearest)]
        return [int(pool[i]) for i in best]

    # ------------------------------------------------------------------ places

    def make_places(self) -> None:
        """Cities, districts and counties inside the box."""
        rng, ext, n = self.rng, self.extent, self.n
        w, h = ext.width_km, ext.height_km
        n_city = max(3, round(math.sqrt(n) / 4))
        city_area = math.sqrt(w * h / n_city)
        cities = _spread(rng, n_city, 0.45 * w, 0.45 * h, 0.45 * city_area)
        core_pop = rng.lognormal(math.log(1.0e6), 0.5, n_city)
        n_core = int(rng.integers(2, 4))
        core_pop[:n_core] = rng.lognormal(math.log(6e6), 0.25, n_core)
        # Others: half clustered around cities (weighted by size), half uniform.
        n_other = n - n_city
        n_cluster = n_other // 2
        weight = np.sqrt(core_pop) / np.sqrt(core_pop).sum()
        parent = rng.choice(n_city, n_cluster, p=weight)
        clustered = cities[parent] + rng.normal(0.0, 0.3 * city_area, (n_cluster, 2))
        uniform = rng.uniform((-w / 2, -h / 2), (w / 2, h / 2), (n_other - n_cluster, 2))
        other = np.vstack([clustered, uniform])
        outside = (np.abs(other[:, 0]) > w / 2) | (np.abs(other[:, 1]) > h / 2)
        other[outside] = rng.uniform((-w / 2, -h / 2), (w / 2, h / 2), (int(outside.sum()), 2))
        # No two places closer than a quarter of the typical spacing: move the later one.
        for _ in range(50):
            pairs = cKDTree(np.vstack([cities, other])).query_pairs(
                0.25 * self.spacing, output_type="ndarray"
            )
            redo = np.unique(pairs.max(axis=1)) - n_city if len(pairs) else []
            if len(redo) == 0:
                break
            other[redo] = rng.uniform((-w / 2, -h / 2), (w / 2, h / 2), (len(redo), 2))
        other = other[rng.permutation(n_other)]
        other_pop = rng.lognormal(math.log(12_000), 0.7, n_other)
        dist, nearest = cKDTree(cities).query(other)
        district = dist < 0.22 * city_area
        other_pop[district] *= 1.8
        other_pop = np.maximum(np.round(other_pop), 500).astype(np.int64)
        inside = np.bincount(nearest[district], weights=other_pop[district], minlength=n_city)
        city_pop = np.round(core_pop + inside).astype(np.int64)

        width = len(str(n_city))
        city_ids = [f"city_{i + 1:0{width}d}" for i in range(n_city)]
        names, names_zh = self.names(n_city)
        self.add_nodes(
            cities,
            id=city_ids,
            name=names,
            name_zh=[f"{z}市" for z in names_zh],
            kind=["city"] * n_city,
            population=list(city_pop),
        )
        width = len(str(n_other))
        kinds = np.where(district, "district", "county")
        base, base_zh = self.names(n_other)
        self.add_nodes(
            other,
            id=[f"pl_{i + 1:0{width}d}" for i in range(n_other)],
            name=[f"{b} {k.capitalize()}" for b, k in zip(base, kinds, strict=True)],
            name_zh=[
                f"{z}{'区' if k == 'district' else '县'}"
                for z, k in zip(base_zh, kinds, strict=True)
            ],
            kind=list(kinds),
            population=list(other_pop),
            part_of=[city_ids[c] if d else "" for c, d in zip(nearest, district, strict=True)],
        )
        _separate(self)
        self.places = np.arange(n)
        self.cities = np.arange(n_city)
        self.core = list(np.argsort(-city_pop)[:n_core])
        pop = np.array(self.node_cols["population"][:n], dtype=float)
        self.population = pop
        big = np.flatnonzero(pop[n_city:] >= np.quantile(pop[n_city:], 0.88)) + n_city
        #: Cities and the largest places: where HSR stops.
        self.big = np.concatenate([self.cities, big])

    def make_external(self) -> None:
        """A handful of external cities just outside the box (``circle`` false)."""
        rng, ext = self.rng, self.extent
        count = 6
        angle = np.linspace(0, 2 * math.pi, count, endpoint=False) + rng.uniform(0, 1)
        angle += rng.normal(0, 0.15, count)
        d = np.column_stack([np.cos(angle), np.sin(angle)])
        d /= np.abs(d).max(axis=1, keepdims=True)  # onto the box's outline
        xy = d * rng.uniform(1.12, 1.3, (count, 1)) * [ext.width_km / 2, ext.height_km / 2]
        names, names_zh = self.names(count)
        self.external = self.add_nodes(
            xy,
            id=[f"ext_{i + 1:02d}" for i in range(count)],
            name=names,
            name_zh=[f"{z}市" for z in names_zh],
            province=["Outside"] * count,
            kind=["city"] * count,
            population=list(np.round(rng.lognormal(math.log(5e6), 0.4, count)).astype(np.int64)),
            circle=[False] * count,
        )

    # ------------------------------------------------------------------ network

    def opened(self, count: int, first: int, late_share: float = 0.02) -> np.ndarray:
        """Opening years up to the base year; a small share opened after it (to 2024)."""
        years = self.rng.integers(first, BASE_YEAR + 1, count)
        late = self.rng.random(count) < late_share
        years[late] = self.rng.integers(BASE_YEAR + 1, 2025, int(late.sum()))
        return years

    def make_roads(self) -> None:
        """The expressway mesh and the ordinary road layer from a Delaunay triangulation."""
        rng, n = self.rng, self.n
        xy = self.xy[: self.n]
        simplices = Delaunay(xy).simplices
        edges = np.vstack([simplices[:, [0, 1]], simplices[:, [1, 2]], simplices[:, [0, 2]]])
        edges = np.unique(np.sort(edges, axis=1), axis=0)
        length = np.linalg.norm(xy[edges[:, 0]] - xy[edges[:, 1]], axis=1)
        m = len(edges)
        # Rank of each edge among the edges of either end, shortest first.
        ends = np.concatenate([edges[:, 0], edges[:, 1]])
        both = np.concatenate([length, length])
        order = np.lexsort((both, ends))
        first = np.searchsorted(ends[order], ends[order], side="left")
        rank = np.empty(2 * m, dtype=np.int64)
        rank[order] = np.arange(2 * m) - first
        wanted = rng.integers(2, 5, n)
        short = both <= 3.0 * np.median(length)
        chosen = (rank < wanted[ends]) & short
        express = np.zeros(m, dtype=bool)
        express[np.concatenate([np.arange(m), np.arange(m)])[chosen]] = True
        tree = minimum_spanning_tree(coo_matrix((length, (edges[:, 0], edges[:, 1])), shape=(n, n)))
        tree = tree.tocoo()
        mst = set(zip(np.minimum(tree.row, tree.col), np.maximum(tree.row, tree.col), strict=True))
        express |= np.array([(a, b) in mst for a, b in edges])
        road = ~express & (length <= 2.5 * np.median(length))

        names = self.node_cols["name"]
        ids = self.node_cols["id"]
        xw = edges[express]
        speed = rng.choice([100, 110, 120], len(xw), p=[0.3, 0.3, 0.4])
        years = self.opened(len(xw), 1995)
        width = len(str(len(xw)))
        self.expressways: list[tuple[str, int, int, float]] = []
        for i, ((a, b), v, y) in enumerate(zip(xw, speed, years, strict=True)):
            link_id = f"xw_{i + 1:0{width}d}"
            self.links.append(
                {
                    "id": link_id,
                    "mode": "expressway",
                    "name": f"{names[a]}–{names[b]} expressway",
                    "stops": f"{ids[a]};{ids[b]}",
                    "speed_kmh": int(v),
                    "opened": int(y),
                    "source": self.source,
                }
            )
            self.expressways.append((link_id, int(a), int(b), float(v)))
        rd = edges[road]
        speed = rng.choice([60, 70, 80], len(rd))
        years = self.opened(len(rd), 1985, 0.0)
        width = len(str(len(rd) + 100))
        self.roads: list[tuple[str, int, int, float]] = []
        for i, ((a, b), v, y) in enumerate(zip(rd, speed, years, strict=True)):
            link_id = f"rd_{i + 1:0{width}d}"
            self.links.append(
                {
                    "id": link_id,
                    "mode": "road",
                    "name": f"{names[a]}–{names[b]} road",
                    "stops": f"{ids[a]};{ids[b]}",
                    "speed_kmh": int(v),
                    "opened": int(y),
                    "source": self.source,
                }
            )
            self.roads.append((link_id, int(a), int(b), float(v)))
        self.road_width = width

    def weighted_start(self, pool: np.ndarray, power: float = 1.0) -> Callable[[], int]:
        """A chooser of start nodes in ``pool``, weighted by population to ``power``."""
        weight = self.population[pool] ** power
        weight = weight / weight.sum()
        return lambda: int(self.rng.choice(pool, p=weight))

    def make_rail(self) -> None:
        """Conventional rail lines of 10–40 stops."""
        rng, s = self.rng, self.spacing
        count = max(3, round(math.sqrt(self.n) / 3))
        start = self.weighted_start(self.places, 0.5)
        lines = self.lines.setdefault("rail", [])
        for i in range(count):
            stops = self.line(self.places, start, int(rng.integers(10, 41)), 10, (1.5 * s, 4 * s))
            speed = int(rng.choice([120, 140, 160]))
            link_id = f"rail_{i + 1:03d}"
            self.links.append(
                self.link(
                    id=link_id,
                    mode="rail",
                    name=self.line_name(stops, "railway"),
                    stops=stops,
                    speed_kmh=speed,
                    opened=int(rng.integers(1960, 2016)),
                )
            )
            lines.append((link_id, stops, float(speed)))

    def express_stops(self, stops: list[int]) -> list[int]:
        """First, last and the one or two most populous stops in between, in line order."""
        inner = stops[1:-1]
        keep = int(self.rng.integers(1, 3))
        best = sorted(inner, key=lambda i: -self.population[i] if i < self.n else 0)[:keep]
        return [stops[0], *[i for i in inner if i in best], stops[-1]]

    def make_hsr(self) -> None:
        """HSR lines of 5–12 far-apart stops among cities and the largest places."""
        rng, s = self.rng, self.spacing
        count = max(2, round(math.sqrt(self.n) / 6))
        start = self.weighted_start(self.cities)
        lines = self.lines.setdefault("hsr", [])
        for i in range(count):
            stops = self.line(self.big, start, int(rng.integers(5, 13)), 5, (4 * s, 9 * s))
            speed = int(rng.choice([250, 300, 350], p=[0.3, 0.4, 0.3]))
            # The last line opened after the base year without being a project.
            year = int(rng.integers(2008, BASE_YEAR + 1)) if i < count - 1 else 2023
            express = self.express_stops(stops) if len(stops) >= 6 and rng.random() < 0.5 else ""
            length = round(self.length_km(stops) * 1.1, 1) if rng.random() < 0.5 else ""
            link_id = f"hsr_{i + 1:03d}"
            self.links.append(
                self.link(
                    id=link_id,
                    mode="hsr",
                    name=self.line_name(stops, "high-speed railway"),
                    stops=stops,
                    express_stops=express,
                    length_km=length,
                    speed_kmh=speed,
                    opened=year,
                )
            )
            if year <= BASE_YEAR:
                lines.append((link_id, stops, float(speed)))

    def make_rivers(self) -> None:
        """2–3 rivers flowing roughly eastwards, through places and new ports."""
        rng, ext, s = self.rng, self.extent, self.spacing
        w, h = ext.width_km, ext.height_km
        tree = cKDTree(self.xy[: self.n])
        count = 2 if self.n < 5000 else 3
        lines = self.lines.setdefault("waterway", [])
        ports = 0
        for r in range(count):
            y0, y1 = rng.uniform(-0.35 * h, 0.35 * h, 2)
            amplitude = rng.uniform(0.05, 0.12) * h
            waves, phase = rng.uniform(1.0, 2.5), rng.uniform(0, 2 * math.pi)
            n_stops = int(rng.integers(10, 31))
            t = np.linspace(0.03, 0.97, n_stops)
            curve = np.column_stack(
                [
                    -w / 2 + t * w,
                    y0 + t * (y1 - y0) + amplitude * np.sin(2 * math.pi * waves * t + phase),
                ]
            )
            stops: list[int] = []
            for point in curve:
                _, nearest = tree.query(point)
                if nearest in stops or rng.random() < 0.35:
                    ports += 1
                    place = int(nearest)
                    name = self.node(place, "name").split(" ")[0]
                    zh = self.node(place, "name_zh")[:2]
                    jitter = rng.normal(0, 0.05 * s, 2)
                    (port,) = self.add_nodes(
                        point + jitter,
                        id=[f"port_{ports:03d}"],
                        name=[f"{name} Port"],
                        name_zh=[f"{zh}港"],
                        kind=["port"],
                    )
                    stops.append(int(port))
                    self.access_road(int(port), place)
                else:
                    stops.append(int(nearest))
            speed = round(float(rng.uniform(15, 25)), 1)
            reverse = round(speed * float(rng.uniform(0.55, 0.8)), 1)
            link_id = f"ww_{r + 1:02d}"
            river = f"{self.node(stops[0], 'name').split(' ')[0]} River"
            self.links.append(
                self.link(
                    id=link_id,
                    mode="waterway",
                    name=f"{river} waterway",
                    stops=stops,
                    speed_kmh=speed,
                    reverse_speed_kmh=reverse,
                )
            )
            lines.append((link_id, stops, speed))
        self.rivers = count

    def access_road(self, facility: int, place: int, project_id: str = "") -> None:
        """A 2-stop road from a facility (port, hub) to a place."""
        names = self.node_cols["name"]
        record = self.link(
            id=f"rd_{self.node(facility, 'id')}",
            mode="road",
            name=f"{names[facility]} access road",
            stops=[facility, place],
            speed_kmh=int(self.rng.choice([40, 50, 60])),
            opened=int(self.rng.integers(1990, BASE_YEAR + 1)) if not project_id else "",
        )
        if project_id:
            record["id"] = f"p_{record['id']}"
            record["opened"] = self.years[project_id]
            self.project_links.append({"project_id": project_id, **record})
        else:
            self.links.append(record)

    def connect_external(self) -> None:
        """Each external city: an expressway to the nearest place, a railway to a station."""
        stations = np.array(sorted({i for _, stops, _ in self.lines["rail"] for i in stops}))
        place_tree = cKDTree(self.xy[: self.n])
        station_tree = cKDTree(self.xy[stations])
        for k, node in enumerate(self.external):
            _, place = place_tree.query(self.xy[node])
            _, station = station_tree.query(self.xy[node])
            for mode, other, speed, what in (
                ("expressway", int(place), 120, "expressway"),
                ("rail", int(stations[station]), 160, "railway"),
            ):
                link_id = f"{'xw' if mode == 'expressway' else 'rail'}_ext_{k + 1:02d}"
                self.links.append(
                    self.link(
                        id=link_id,
                        mode=mode,
                        name=self.line_name([node, other], what),
                        stops=[node, other],
                        speed_kmh=speed,
                        opened=int(self.rng.integers(1990, BASE_YEAR + 1)),
                    )
                )

    # ------------------------------------------------------------------ projects

    def project(
        self,
        project_id: str,
        name: str,
        subtype: str,
        investment: float,
        year: int,
        category: str = "transport",
        name_zh: str = "",
        named: bool = True,
    ) -> str:
        """Add a project to the catalogue; return its id."""
        if year <= 2025:
            status = "open"
        elif year <= 2028:
            status = "under-construction"
        else:
            status = "planned"
        self.projects.append(
            {
                "id": project_id,
                "name": name,
                "name_zh": name_zh,
                "category": category,
                "subtype": subtype,
                "investment_cny_bn": round(float(investment), 1),
                "status": status,
                "opening_year": int(year),
                "named": named,
                "seed": f"synthetic seed {self.seed}",
                "source": self.source,
            }
        )
        self.years[project_id] = int(year)
        return project_id

    def project_line(
        self, project_id: str, link_id: str, mode: str, stops: list[int], **record: Any
    ) -> None:
        """Add a project link through node indices ``stops``."""
        what = {
            "hsr": "high-speed railway",
            "rail": "railway",
            "expressway": "expressway",
            "road": "road",
            "waterway": "waterway",
        }[mode]
        record.setdefault("name", self.line_name(stops, what))
        self.project_links.append(
            {
                "project_id": project_id,
                **self.link(
                    id=link_id,
                    mode=mode,
                    stops=stops,
                    opened=self.years[project_id],
                    **record,
                ),
            }
        )

    def upgrade(self, project_id: str, link_id: str, **values: Any) -> None:
        """Add a row of project_upgrades."""
        self.project_upgrades.append(
            {"project_id": project_id, "link_id": link_id, "source": self.source, **values}
        )

    def year(self, low: int = 2021, high: int = 2035) -> int:
        """A random opening year in [low, high]."""
        return int(self.rng.integers(low, high + 1))

    def make_projects(self) -> None:
        """30 projects with a network effect, and two without."""
        rng, s = self.rng, self.spacing
        hsr_start = self.weighted_start(self.cities)
        # New HSR lines: 6, two of them from an external city into the region.
        first_hsr = ""
        for i in range(6):
            stops: list[int]
            if i < 2:
                ext = int(self.external[i])
                _, nearest = cKDTree(self.xy[self.big]).query(self.xy[ext])
                entry = int(self.big[nearest])
                inward = math.atan2(-self.xy[entry, 1], -self.xy[entry, 0])
                inner = self.line(
                    self.big, lambda e=entry: e, int(rng.integers(4, 9)), 3, (5 * s, 10 * s), inward
                )
                stops = [ext, *_starting_at(inner, entry)]
            else:
                stops = self.line(self.big, hsr_start, int(rng.integers(5, 11)), 5, (5 * s, 10 * s))
            length = self.length_km(stops) * 1.1
            year = self.year(2022, 2031)
            pid = self.project(
                f"hsr_new_{i + 1:02d}",
                self.line_name(stops, "high-speed railway"),
                "railway",
                length * rng.uniform(0.28, 0.38),
                year,
                name_zh=f"{self.node(stops[0], 'name_zh')[:2]}"
                f"{self.node(stops[-1], 'name_zh')[:2]}高铁",
            )
            self.project_line(
                pid,
                f"p_hsr_{i + 1:02d}",
                "hsr",
                stops,
                express_stops=self.express_stops(stops) if len(stops) >= 6 and i % 2 else "",
                length_km=round(length, 1) if i % 3 == 0 else "",
                speed_kmh=int(rng.choice([300, 350], p=[0.3, 0.7])),
            )
            first_hsr = first_hsr or f"p_hsr_{i + 1:02d}"
        # New conventional railways: 3.
        start = self.weighted_start(self.places, 0.5)
        for i in range(3):
            stops = self.line(self.places, start, int(rng.integers(8, 16)), 8, (1.5 * s, 4 * s))
            length = self.length_km(stops) * 1.3
            pid = self.project(
                f"rail_new_{i + 1:02d}",
                self.line_name(stops, "railway"),
                "railway",
                length * rng.uniform(0.1, 0.16),
                self.year(),
            )
            self.project_line(
                pid, f"p_rail_{i + 1:02d}", "rail", stops, speed_kmh=int(rng.choice([160, 200]))
            )
        # New expressways: 8, straight across the mesh.
        for i in range(8):
            stops = self.line(self.places, start, int(rng.integers(3, 7)), 3, (3 * s, 6 * s))
            length = self.length_km(stops) * 1.2
            pid = self.project(
                f"xw_new_{i + 1:02d}",
                self.line_name(stops, "expressway"),
                "road",
                length * rng.uniform(0.08, 0.15),
                self.year(),
            )
            self.project_line(pid, f"p_xw_{i + 1:02d}", "expressway", stops, speed_kmh=120)
        self.make_upgrade_projects(first_hsr)
        self.make_waterway_projects()
        self.make_node_projects()
        # Two projects without a network effect.
        self.project(
            "ni_5g_coverage",
            "5G coverage of the region's counties",
            "5g",
            rng.uniform(20, 60),
            self.year(2021, 2025),
            category="new-infrastructure",
            name_zh="5G网络覆盖",
        )
        self.project(
            "en_power_line",
            "UHV power line",
            "power-line",
            rng.uniform(10, 30),
            self.year(),
            category="energy",
            name_zh="特高压输电线路",
            named=False,
        )

    def make_upgrade_projects(self, project_hsr: str) -> None:
        """Nine speed upgrades: rail lines, HSR (existing and new), expressways, roads, a river."""
        rng, s = self.rng, self.spacing
        rail = sorted(self.lines["rail"], key=lambda line: (line[2], line[0]))[:3]
        for i, (link_id, stops, speed) in enumerate(rail):
            pid = self.project(
                f"upg_rail_{i + 1:02d}",
                f"{self.line_name(stops, 'railway')} upgrade to 200 km/h",
                "railway",
                self.length_km(stops) * rng.uniform(0.02, 0.05),
                self.year(),
            )
            self.upgrade(pid, link_id, speed_kmh=max(200, int(speed) + 40))
        hsr = min(self.lines["hsr"], key=lambda line: (line[2], line[0]))
        link_id, stops, speed = hsr
        pid = self.project(
            "upg_hsr_01",
            f"{self.line_name(stops, 'high-speed railway')} speed raise",
            "railway",
            self.length_km(stops) * rng.uniform(0.01, 0.03),
            self.year(2021, 2026),
        )
        self.upgrade(pid, link_id, speed_kmh=350 if speed < 350 else 400)
        # A later raise of a new line (the project adds the link, this one speeds it up).
        parent = project_hsr.replace("p_hsr_", "hsr_new_")
        parent_name = next(p["name"] for p in self.projects if p["id"] == parent)
        pid = self.project(
            "upg_hsr_02",
            f"{parent_name} speed raise to 400 km/h",
            "railway",
            rng.uniform(2, 8),
            self.year(min(self.years[parent] + 2, 2035), 2035),
        )
        self.upgrade(pid, project_hsr, speed_kmh=400)
        # Expressway and road corridors around two and one cities.
        xw = np.array([(a, b) for _, a, b, _ in self.expressways])
        xw_speed = np.array([v for *_, v in self.expressways])
        rd = np.array([(a, b) for _, a, b, _ in self.roads])
        rd_speed = np.array([v for *_, v in self.roads])
        cities = rng.choice(self.cities, 3, replace=False)
        for i, city in enumerate(cities):
            is_road = i == 2
            pairs, speeds, records = (
                (rd, rd_speed, self.roads) if is_road else (xw, xw_speed, self.expressways)
            )
            near = np.linalg.norm(self.xy[pairs[:, 0]] - self.xy[city], axis=1) < 3 * s
            slow = np.flatnonzero(near & (speeds < (100 if is_road else 120)))[:15]
            if len(slow) == 0:  # nothing slow around this city: the slowest links anywhere
                slow = np.argsort(speeds, kind="stable")[:5]
            kind = "road" if is_road else "expressway"
            pid = self.project(
                f"upg_road_{i - 1:02d}" if is_road else f"upg_xw_{i + 1:02d}",
                f"{self.node(city, 'name')} {kind} widening",
                "road",
                len(slow) * rng.uniform(0.3, 0.8),
                self.year(),
            )
            for j in slow:
                new = min(int(speeds[j]) + 20, 100) if is_road else 120
                if new <= speeds[j]:
                    new = int(speeds[j]) + 10
                self.upgrade(pid, records[j][0], speed_kmh=new)
        link_id, stops, speed = self.lines["waterway"][0]
        pid = self.project(
            "upg_ww_01",
            f"{self.node_cols['name'][stops[0]].split(' ')[0]} River channel upgrade",
            "waterway",
            rng.uniform(5, 15),
            self.year(),
        )
        reverse = float(next(r["reverse_speed_kmh"] for r in self.links if r["id"] == link_id))
        self.upgrade(
            pid, link_id, speed_kmh=round(speed + 3, 1), reverse_speed_kmh=round(reverse + 4, 1)
        )

    def make_waterway_projects(self) -> None:
        """A new waterway link: the upper reach of the first river, listed downstream."""
        rng, s = self.rng, self.spacing
        _, stops, _ = self.lines["waterway"][0]
        head = stops[0]
        pool = self.places if head < self.n else np.append(self.places, head)
        upper = self.line(pool, lambda: head, int(rng.integers(4, 8)), 3, (1.5 * s, 3 * s), math.pi)
        reach = _starting_at(upper, head)[::-1]  # listed downstream, ending at the river
        pid = self.project(
            "ww_new_01",
            f"{self.node(reach[0], 'name').split(' ')[0]} upper reach navigation",
            "waterway",
            self.length_km(reach) * rng.uniform(0.05, 0.1),
            self.year(),
        )
        low = round(float(rng.uniform(12, 18)), 1)
        self.project_line(
            pid,
            "p_ww_01",
            "waterway",
            reach,
            speed_kmh=low,
            reverse_speed_kmh=round(low * 0.65, 1),
        )

    def make_node_projects(self) -> None:
        """Three projects that add a node: a port, a logistics hub, an industrial park."""
        rng, s = self.rng, self.spacing

        def add_node(pid: str, xy: np.ndarray, kind: str, name: str, name_zh: str) -> int:
            node_id = pid.replace("node_", "pn_")
            (node,) = self.add_nodes(xy, id=[node_id], name=[name], name_zh=[name_zh], kind=[kind])
            self.project_node_of[node_id] = pid
            return int(node)

        # A port between two stops of the last river, served by a new river service.
        link_id, stops, speed = self.lines["waterway"][-1]
        k = len(stops) // 2
        a, b = stops[k - 1], stops[k]
        pid = self.project(
            "node_port_01",
            f"{self.node(a, 'name')} new port",
            "port",
            rng.uniform(1, 4),
            self.year(),
        )
        port = add_node(
            pid,
            (self.xy[a] + self.xy[b]) / 2 + rng.normal(0, 0.05 * s, 2),
            "port",
            f"{self.node(a, 'name').split(' ')[0]} New Port",
            f"{self.node(a, 'name_zh')[:2]}新港",
        )
        reverse = float(next(r["reverse_speed_kmh"] for r in self.links if r["id"] == link_id))
        self.project_line(
            pid,
            "p_ww_port_01",
            "waterway",
            [a, port, b],
            name=f"{self.node(a, 'name')} new port river service",
            speed_kmh=speed,
            reverse_speed_kmh=reverse,
        )
        _, place = cKDTree(self.xy[: self.n]).query(self.xy[port])
        self.access_road(port, int(place), pid)
        # A logistics hub by a big city, with a rail spur to the nearest station.
        city = int(self.core[-1])
        pid = self.project(
            "node_hub_01",
            f"{self.node(city, 'name')} logistics hub",
            "logistics-hub",
            rng.uniform(3, 10),
            self.year(),
            category="logistics",
        )
        hub = add_node(
            pid,
            self.xy[city] + rng.normal(0, 0.6 * s, 2),
            "hub",
            f"{self.node(city, 'name')} Logistics Hub",
            f"{self.node(city, 'name_zh')[:2]}物流园",
        )
        stations = np.array(sorted({i for _, st, _ in self.lines["rail"] for i in st}))
        _, nearest = cKDTree(self.xy[stations]).query(self.xy[hub])
        station = int(stations[nearest])
        self.project_line(pid, "p_rail_hub_01", "rail", [hub, station], speed_kmh=120)
        self.access_road(hub, city, pid)
        # An industrial park on a new expressway between two places.
        place = int(rng.choice(self.places))
        pid = self.project(
            "node_park_01",
            f"{self.node(place, 'name')} industrial park",
            "industrial-park",
            rng.uniform(2, 8),
            self.year(),
            category="industrial",
        )
        park = add_node(
            pid,
            self.xy[place] + rng.normal(0, 0.4 * s, 2),
            "industrial_park",
            f"{self.node(place, 'name').split(' ')[0]} Industrial Park",
            f"{self.node(place, 'name_zh')[:2]}工业园",
        )
        _, (p1, p2, p3) = cKDTree(self.xy[: self.n]).query(self.xy[park], k=3)
        ends = [int(p1), int(p3)] if int(p1) != place else [int(p2), int(p3)]
        self.project_line(
            pid, "p_xw_park_01", "expressway", [ends[0], park, ends[1]], speed_kmh=120
        )

    # ------------------------------------------------------------------ output

    def metadata(self) -> dict[str, Any]:
        """The content of dataset.toml."""
        ids = self.node_cols["id"]
        core = [ids[i] for i in self.core]
        by_size = [ids[i] for i in np.argsort(-self.population[self.cities])]
        others = [c for c in by_size if c not in core][:3]
        pairs = [[a, b] for i, a in enumerate(core) for b in core[i + 1 :]]
        pairs += [[core[k % len(core)], c] for k, c in enumerate(others)]
        pairs += [[core[0], ids[int(self.external[0])]], [core[-1], ids[int(self.external[3])]]]
        xy = self.xy[: self.n]
        west, east = int(np.argmin(xy[:, 0])), int(np.argmax(xy[:, 0]))
        pairs.append([ids[west], ids[east]])
        return {
            "name": f"Synthetic region ({self.n} places, seed {self.seed})",
            "name_zh": f"合成区域（{self.n}个地点）",
            "base_year": BASE_YEAR,
            "core": core,
            "key_pairs": pairs,
            "metric_crs": f"EPSG:{self.extent.utm_epsg()}",
            "targets": [
                {
                    "id": "cores_1h",
                    "name": "The core cities within one hour of each other",
                    "from": "core",
                    "to": "core",
                    "minutes": 60,
                    "basis": "line-haul",
                    "mode_set": "rail",
                    "source": self.source,
                },
                {
                    "id": "circle_3h",
                    "name": "The core cities within three hours of every place",
                    "from": "core",
                    "to": "circle",
                    "minutes": 180,
                    "basis": "door-to-door",
                    "mode_set": "any",
                    "source": self.source,
                },
            ],
        }

    def tables(self) -> dict[str, pd.DataFrame | dict]:
        """All tables as DataFrames in the schema's column order, plus the metadata."""
        nodes = pd.DataFrame(self.node_cols)
        is_project = nodes["id"].isin(self.project_node_of)
        project_nodes = nodes[is_project].copy()
        project_nodes.insert(0, "project_id", project_nodes["id"].map(self.project_node_of))
        out: dict[str, pd.DataFrame | dict] = {
            "nodes": nodes[~is_project].reset_index(drop=True),
            "links": self.links,
            "projects": self.projects,
            "project_links": self.project_links,
            "project_upgrades": self.project_upgrades,
            "project_nodes": project_nodes.reset_index(drop=True),
        }
        for key, value in out.items():
            columns = list(TABLES[key].field_names)
            frame = value if isinstance(value, pd.DataFrame) else pd.DataFrame(value)
            frame = frame.reindex(columns=columns)
            out[key] = frame
        out["nodes"]["population"] = out["nodes"]["population"].astype("Int64")
        out["project_nodes"]["population"] = out["project_nodes"]["population"].astype("Int64")
        out["metadata"] = self.metadata()
        return out


def _starting_at(path: list[int], node: int) -> list[int]:
    """The longer part of ``path`` that starts at ``node`` (forward or backward)."""
    at = path.index(node)
    forward, backward = path[at:], path[: at + 1][::-1]
    return forward if len(forward) >= len(backward) else backward


def _spread(
    rng: np.random.Generator, count: int, half_w: float, half_h: float, min_dist: float
) -> np.ndarray:
    """``count`` random points in a box, at least ``min_dist`` apart (relaxed if needed)."""
    points: list[np.ndarray] = []
    tries = 0
    while len(points) < count:
        candidate = rng.uniform((-half_w, -half_h), (half_w, half_h))
        if all(np.linalg.norm(candidate - p) >= min_dist for p in points):
            points.append(candidate)
        tries += 1
        if tries > 200:
            min_dist *= 0.9
            tries = 0
    return np.array(points)


def _separate(region: _Region) -> None:
    """Move places that share rounded coordinates apart (zero-length segments are errors)."""
    for _ in range(10):
        lon = np.array(region.node_cols["lon"])
        lat = np.array(region.node_cols["lat"])
        key = np.round(lon * 1e5).astype(np.int64) * 10**9 + np.round(lat * 1e5).astype(np.int64)
        _, first = np.unique(key, return_index=True)
        repeated = np.setdiff1d(np.arange(len(key)), first)
        if len(repeated) == 0:
            return
        for i in repeated:
            region.node_cols["lon"][i] = round(float(lon[i]) + 0.0002, 5)
            region.node_cols["lat"][i] = round(float(lat[i]) + 0.0001, 5)
        region.xy = region.extent.to_xy(region.node_cols["lon"], region.node_cols["lat"])


# --------------------------------------------------------------------------- public API


def make_region(n_places: int, seed: int = 1) -> dict[str, pd.DataFrame | dict]:
    """Generate a synthetic region of ``n_places`` populated places.

    Parameters
    ----------
    n_places : int
        Populated places inside the region (cities, districts and counties), at least
        50. Six external cities, river ports and three project nodes come on top.
    seed : int, default 1
        Seed of the random generator: the same seed gives the same region.

    Returns
    -------
    dict
        ``nodes``, ``links``, ``projects``, ``project_links``, ``project_upgrades`` and
        ``project_nodes`` as DataFrames with the columns of :data:`geo.schema.TABLES`
        in their documented order (list cells already ``;``-joined, empty cells NA or
        ''), and ``metadata``, the content of ``dataset.toml`` as a dict.
    """
    region = _Region(n_places, seed)
    region.make_places()
    region.make_roads()
    region.make_rail()
    region.make_hsr()
    region.make_rivers()
    region.make_external()
    region.connect_external()
    region.make_projects()
    _separate(region)
    tables = region.tables()
    with_effect = (
        set(tables["project_links"]["project_id"])
        | set(tables["project_upgrades"]["project_id"])
        | set(tables["project_nodes"]["project_id"])
    )
    if len(with_effect) != N_NETWORK_PROJECTS:
        raise RuntimeError(f"{len(with_effect)} projects with a network effect, not 30")
    return tables


def write_region(folder: str | Path, n_places: int, seed: int = 1) -> Path:
    """Generate a region (:func:`make_region`) and write it as a dataset folder.

    Parameters
    ----------
    folder : str or pathlib.Path
        Created if needed; existing dataset files in it are overwritten.
    n_places : int
        Populated places inside the region.
    seed : int, default 1
        Seed of the random generator.

    Returns
    -------
    pathlib.Path
        The folder, ready for :func:`geo.load_dataset`.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    tables = make_region(n_places, seed)
    for key, spec in TABLES.items():
        if key not in tables and not spec.required:
            continue  # an optional file the synthetic region does not have (services, locks)
        frame = tables[key]
        assert isinstance(frame, pd.DataFrame)
        write_csv(folder / f"{spec.stem}.csv", frame)
    metadata = tables["metadata"]
    assert isinstance(metadata, dict)
    (folder / METADATA_FILE).write_text(to_toml(metadata), encoding="utf-8")
    return folder


def write_csv(path: Path, frame: pd.DataFrame) -> None:
    """Write ``frame`` as UTF-8 CSV: NA as empty, booleans as true/false, whole floats as ints."""
    columns = [[_cell(v) for v in frame[c].tolist()] for c in frame.columns]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(frame.columns)
        writer.writerows(zip(*columns, strict=True))


def _cell(value: Any) -> str:
    if value is None or value is pd.NA:
        return ""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float | np.floating):
        if math.isnan(value):
            return ""
        if float(value).is_integer():
            return str(int(value))
        return repr(round(float(value), 6))
    return str(value)


def to_toml(data: dict[str, Any]) -> str:
    """Render a flat metadata dict as TOML: scalars and lists first, then arrays of tables."""
    lines = ["# Synthetic region made by benchmarks/synthetic.py (not real data)."]
    tables = {k: v for k, v in data.items() if isinstance(v, list) and v and isinstance(v[0], dict)}
    for key, value in data.items():
        if key not in tables:
            lines.append(f"{key} = {_toml_value(value)}")
    for key, records in tables.items():
        for record in records:
            lines += ["", f"[[{key}]]"]
            lines += [f"{k} = {_toml_value(v)}" for k, v in record.items()]
    return "\n".join(lines) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a valid TOML basic string
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: write a synthetic dataset folder and optionally load it."""
    parser = argparse.ArgumentParser(
        description="Write a synthetic Corridor dataset folder of N places."
    )
    parser.add_argument("--places", type=int, default=5000, help="populated places (default 5000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("-o", "--output", required=True, help="dataset folder to write")
    parser.add_argument(
        "--check", action="store_true", help="load the folder with geo.load_dataset and time it"
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    folder = write_region(args.output, args.places, args.seed)
    elapsed = time.perf_counter() - start
    counts = {
        spec.stem: len((folder / f"{spec.stem}.csv").read_text(encoding="utf-8").splitlines()) - 1
        for spec in TABLES.values()
        if (folder / f"{spec.stem}.csv").is_file()
    }
    print(f"wrote {folder} in {elapsed:.2f} s: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if args.check:
        from geo import load_dataset

        start = time.perf_counter()
        dataset = load_dataset(folder)
        print(
            f"load_dataset: {time.perf_counter() - start:.2f} s, {len(dataset.nodes)} nodes, "
            f"{len(dataset.links)} links, "
            f"{int(dataset.projects['has_network_effect'].sum())} projects with a network effect"
        )


if __name__ == "__main__":
    main()
