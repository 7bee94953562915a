"""Freight: the cheapest chain of modes for a tonne of cargo, in CNY, hours and tonne-km.

The freight network of a scenario has three layers: trucks on every road, trains on
conventional rail (not on passenger-dedicated HSR, not as passenger services) and
ships on the waterways. Each link's segments are edges of their layer, both ways:

- cost per tonne = km × the layer's rate (ships: the rate of the channel's vessel
  class, ``vessel_t``, which a project can raise) + hours × the cargo's value of time;
- hours: trucks at their class speed, trains at the freight commercial speed, ships at
  the link's speed up or down river times the waterway speed factor, plus the locks'
  passage and waiting; with ``hours_per_day`` below 24, the nights laid up.

Goods change layer only at a **facility** (``freight_facilities.csv``) open in the
scenario: a port joins ships to trucks and trains, a yard trains to trucks, a hub both
(a facility for one cargo serves that cargo only). A change costs the facility's
handling (CNY per tonne and hours, else the parameters' by kind). Every trip starts and
ends by truck: a zone's trucks reach the places inside it and the nearest of each
layer (:func:`network.zoneaccess.access_pairs`), timed on ordinary roads, and a place
of a dataset without zones is left by its own roads; a place outside the zones of a
dataset that has them (a gateway such as Shanghai) is reached by any layer.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dataset import Dataset
from geo.measure import link_segments
from geo.services import lock_minutes
from network.freightparams import FREIGHT_MODES, FreightParams
from network.params import TravelTimeParams
from network.scenario import Scenario, active_network

LAYER_OF = {mode: layer for layer, modes in FREIGHT_MODES.items() for mode in modes}
#: Which facility kinds join two layers.
JOINS: dict[frozenset[str], tuple[str, ...]] = {
    frozenset({"truck", "rail"}): ("yard", "hub"),
    frozenset({"truck", "water"}): ("port", "hub"),
    frozenset({"rail", "water"}): ("port",),
}
EDGE_COLUMNS = ("u", "v", "cny", "hours", "km", "layer", "link", "kind")


@dataclass
class FreightGraph:
    """The freight edges of one scenario and cargo, and the node numbering.

    Attributes
    ----------
    edges : pandas.DataFrame
        :data:`EDGE_COLUMNS`: operating and handling ``cny`` per tonne (without the
        value of time), ``hours``, ``km`` (0 for transfers), ``layer``, ``link`` id,
        ``kind`` (ride, transfer, access, egress).
    nodes : list of str
        Node labels: ``place|layer`` stations, then ``end>`` origins and ``>end`` sinks.
    ends : list of str
        The trip ends (zones and the places outside them).
    cargo : str
    value_of_time : float
        CNY per tonne-hour of the cargo.
    """

    edges: pd.DataFrame
    nodes: list[str]
    ends: list[str]
    cargo: str
    value_of_time: float

    @property
    def generalised(self) -> np.ndarray:
        """Generalised cost of each edge, CNY per tonne (money + time)."""
        return self.edges["cny"].to_numpy() + self.value_of_time * self.edges["hours"].to_numpy()


def freight_graph(
    dataset: Dataset,
    scenario: Scenario,
    cargo: str,
    params: FreightParams,
    travel: TravelTimeParams,
    access: list[tuple[str, str, str, float]] | None = None,
) -> FreightGraph:
    """Return the freight network of ``scenario`` for one cargo type.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    scenario : Scenario
    cargo : str
        One of :data:`geo.schema.CARGO_TYPES`.
    params : FreightParams
    travel : TravelTimeParams
        Road circuity, the waterway speed factor and the zones' access.
    access : list of tuple, optional
        The zones' access pairs (:func:`network.zoneaccess.access_pairs`), when
        already computed.

    Returns
    -------
    FreightGraph
    """
    links, nodes = active_network(dataset, scenario)
    links = links[~links["service"].astype(bool) & carries_freight(links)]
    rides = _rides(dataset, links, nodes, params, travel)
    stations = sorted({(p, layer) for p, layer in zip(rides["a"], rides["layer"], strict=True)})
    label = {f"{p}|{layer}": k for k, (p, layer) in enumerate(stations)}
    ends = [e for e in dataset.trip_ends if e in nodes.index]
    n = len(stations)
    label.update({f"{e}>": n + k for k, e in enumerate(ends)})
    label.update({f">{e}": n + len(ends) + k for k, e in enumerate(ends)})
    parts = [
        rides.assign(
            u=[label[f"{a}|{g}"] for a, g in zip(rides["a"], rides["layer"], strict=True)],
            v=[label[f"{b}|{g}"] for b, g in zip(rides["b"], rides["layer"], strict=True)],
            kind="ride",
        ),
        _transfers(dataset, scenario, stations, label, cargo, params),
        _ends(dataset, ends, stations, label, params, travel, access),
    ]
    edges = pd.concat(parts, ignore_index=True)[list(EDGE_COLUMNS)]
    numbers = {"u": "int64", "v": "int64", "cny": float, "hours": float, "km": float}
    edges = edges.astype(numbers)  # an empty part (no facility) leaves object columns
    return FreightGraph(edges, list(label), ends, cargo, params.value_of_time[cargo])


def _rides(
    dataset: Dataset,
    links: pd.DataFrame,
    nodes: pd.DataFrame,
    params: FreightParams,
    travel: TravelTimeParams,
) -> pd.DataFrame:
    """Return both directions of every segment of every freight link, with cost and hours."""
    segments = link_segments(links, nodes)
    km = segments["length_km"].fillna(
        segments["geodesic_km"] * segments["link_id"].map(links["mode"]).map(travel.circuity)
    )
    locks = lock_minutes(dataset.locks, links) if len(dataset.locks) else {}
    rows = []
    starts = np.r_[0, np.cumsum(segments.groupby("link_id", sort=False).size().to_numpy())]
    km_all = km.to_numpy(float)
    for n, link_id in enumerate(segments["link_id"].drop_duplicates()):
        link = links.loc[link_id]
        length = km_all[starts[n] : starts[n + 1]]
        stops, layer = list(link["stops"]), LAYER_OF.get(str(link["mode"]), "rail")
        delay = np.zeros(len(length))
        for segment, through, waiting in locks.get(str(link_id), []):
            delay[segment] += (through + waiting) / 60.0
        forward, backward = _hours(link, length, params, travel)
        day = float(link.get("hours_per_day", np.nan))
        stretch = 24.0 / day if day == day and day < 24 else 1.0
        rate = _rate(link, layer, params)
        for k, d in enumerate(length):
            a, b = stops[k], stops[k + 1]
            for x, y, h in ((a, b, forward[k]), (b, a, backward[k])):
                rows.append((x, y, d * rate, (h + delay[k]) * stretch, d, layer, str(link_id)))
    return pd.DataFrame(rows, columns=["a", "b", "cny", "hours", "km", "layer", "link"])


def _hours(
    link: pd.Series, km: np.ndarray, params: FreightParams, travel: TravelTimeParams
) -> tuple[np.ndarray, np.ndarray]:
    """Return the hours under way along and against the stops' order."""
    mode = str(link["mode"])
    if mode in ("rail", "hsr"):  # freight trains run at their own speed on a mixed line
        hours = km / params.rail_kmh
        return hours, hours
    if mode in ("expressway", "road"):
        hours = km / params.truck_kmh[mode]
        return hours, hours
    speed = float(link["speed_kmh"]) * travel.speed_factor["waterway"]
    reverse = link["reverse_speed_kmh"]
    back = speed if reverse != reverse else float(reverse) * travel.speed_factor["waterway"]
    return km / speed, km / back


def carries_freight(links: pd.DataFrame) -> pd.Series:
    """Return which links goods move on: the freight modes, and mixed-traffic HSR lines.

    Parameters
    ----------
    links : pandas.DataFrame
        Rows of ``dataset.links``.

    Returns
    -------
    pandas.Series of bool
    """
    mixed = links["mixed_traffic"].astype(bool) if "mixed_traffic" in links else False
    return links["mode"].isin(LAYER_OF) | (links["mode"].eq("hsr") & mixed)


def _rate(link: pd.Series, layer: str, params: FreightParams) -> float:
    """Return the operating cost per tonne-km of a link."""
    if layer == "water":
        return params.water_rate(float(link.get("vessel_t", np.nan)))
    return params.truck_cny_tkm if layer == "truck" else params.rail_cny_tkm


def open_facilities(dataset: Dataset, scenario: Scenario) -> pd.DataFrame:
    """Return the freight facilities of a scenario (existing and its projects', by year).

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    scenario : Scenario

    Returns
    -------
    pandas.DataFrame
        Rows of ``freight_facilities.csv``: the existing ones open by the scenario's
        year (else the base year) and those of the scenario's projects (a year scenario
        holds a project once it has opened; a facility's own ``opened`` year counts
        too).
    """
    frame = dataset.facilities
    if frame.empty:
        return frame
    chosen = set(scenario.project_ids)
    keep = (frame["project_id"] == "") | frame["project_id"].isin(chosen)
    horizon = scenario.year if scenario.year is not None else dataset.base_year
    opened = pd.to_numeric(frame["opened"], errors="coerce")
    if horizon is not None:  # a facility's own opening year, when given
        keep &= opened.isna() | (opened <= horizon) | (frame["project_id"] != "")
    if scenario.year is not None:
        keep &= opened.isna() | (opened <= scenario.year)
    return frame[keep]


def _transfers(
    dataset: Dataset,
    scenario: Scenario,
    stations: list[tuple[str, str]],
    label: dict[str, int],
    cargo: str,
    params: FreightParams,
) -> pd.DataFrame:
    """Return the changes of layer at the scenario's facilities: handling cost and hours."""
    facilities = open_facilities(dataset, scenario)
    layers: dict[str, set[str]] = {}
    for place, layer in stations:
        layers.setdefault(place, set()).add(layer)
    rows = []
    for row in facilities.itertuples(index=False):
        if row.cargo and row.cargo != cargo:
            continue
        cny = (
            row.handling_cny_t
            if row.handling_cny_t == row.handling_cny_t
            else params.handling_cny_t[row.kind] * params.handling_factor[cargo]
        )
        hours = (
            row.handling_hours
            if row.handling_hours == row.handling_hours
            else params.handling_hours[row.kind]
        )
        here = layers.get(row.place, set())
        for a in here:
            for b in here - {a}:
                if row.kind in JOINS[frozenset({a, b})]:
                    u, v = label[f"{row.place}|{a}"], label[f"{row.place}|{b}"]
                    rows.append(
                        (u, v, float(cny), float(hours), 0.0, f"{a}>{b}", str(row.id), "transfer")
                    )
    return pd.DataFrame(rows, columns=list(EDGE_COLUMNS))


def _ends(
    dataset: Dataset,
    ends: list[str],
    stations: list[tuple[str, str]],
    label: dict[str, int],
    params: FreightParams,
    travel: TravelTimeParams,
    access: list[tuple[str, str, str, float]] | None,
) -> pd.DataFrame:
    """Return where goods enter and leave: by truck from a zone, any layer at a gateway."""
    from network.zoneaccess import access_pairs

    at = {(p, layer) for p, layer in stations}
    rows = []
    zones = set(dataset.zones.index) if dataset.zones is not None else set()
    for end in ends:
        # Goods leave a zone or a city by truck; a gateway outside the zones by any layer.
        gateway = dataset.zones is not None and end not in zones
        layers = [g for g in FREIGHT_MODES if (end, g) in at and (gateway or g == "truck")]
        if not layers:  # a place no road reaches: its own layers
            layers = [g for g in FREIGHT_MODES if (end, g) in at]
        for layer in layers:
            station = label[f"{end}|{layer}"]
            rows.append((label[f"{end}>"], station, 0.0, 0.0, 0.0, layer, "", "access"))
            rows.append((station, label[f">{end}"], 0.0, 0.0, 0.0, layer, "", "egress"))
    speed = params.truck_kmh["road"]
    for zone, place, mode, km in access if access is not None else access_pairs(dataset, travel):
        if mode not in FREIGHT_MODES["truck"] or (place, "truck") not in at or zone not in ends:
            continue
        road = km * travel.circuity["road"]
        station = label[f"{place}|truck"]
        cost, hours = road * params.truck_cny_tkm, road / speed
        rows.append((label[f"{zone}>"], station, cost, hours, road, "truck", "", "access"))
        rows.append((station, label[f">{zone}"], cost, hours, road, "truck", "", "egress"))
    frame = pd.DataFrame(rows, columns=list(EDGE_COLUMNS))
    return frame.drop_duplicates(subset=["u", "v"])


__all__ = [
    "EDGE_COLUMNS",
    "JOINS",
    "FreightGraph",
    "carries_freight",
    "freight_graph",
    "open_facilities",
]
