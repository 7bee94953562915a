"""Physical sanity of the embedded data: in every year, no trip beats the crow.

Every segment of every link (services included) is at least as long as the straight
line between its stops, and every trip of the line-haul matrix of every year scenario
takes at least the geodesic distance at the top running speed of its mode set.
"""

from __future__ import annotations

import numpy as np
import pytest

from geo import geodesic_km, load_dataset
from network.cache import ScenarioCache
from network.params import dataset_params


@pytest.fixture(scope="module")
def dataset():
    return load_dataset()


def test_no_segment_is_shorter_than_its_geodesic(dataset) -> None:
    segments = dataset.segments()
    published = segments["length_km"].notna()
    assert published.sum() > 100
    short = segments[published & (segments["length_km"] < segments["geodesic_km"] - 1e-9)]
    assert short.empty, short[["link_id", "from_id", "to_id", "length_km", "geodesic_km"]]


def _top_speed(dataset, params, modes: frozenset[str]) -> float:
    """The fastest running speed (km/h) any link of ``modes`` can reach in any state."""
    links = dataset.links[dataset.links["mode"].isin(modes)]
    speeds = [links["speed_kmh"].max(), links["reverse_speed_kmh"].max()]
    speeds += list(dataset.upgrades["speed_kmh"].dropna())
    for segment in links["segment_speeds"]:
        speeds += list(segment)
    if "expressway" in modes:
        speeds.append(max(params.expressway_kmh.values()))
    factor = max(params.speed_factor[m] if m != "expressway" else 1.0 for m in modes)
    return float(np.nanmax(speeds)) * factor


@pytest.mark.parametrize("modes", ["rail", "road", "water"])
def test_every_year_obeys_the_top_speed(dataset, modes) -> None:
    from geo.schema import MODE_SETS

    params = dataset_params(dataset.metadata)
    cache = ScenarioCache(dataset, params)
    top = _top_speed(dataset, params, MODE_SETS[modes])
    nodes = dataset.nodes
    lon, lat = nodes["lon"].to_numpy(float), nodes["lat"].to_numpy(float)
    crow = geodesic_km(lon[:, None], lat[:, None], lon[None, :], lat[None, :])
    floor = crow / top * 60.0
    years = sorted(
        {int(y) for y in dataset.links["opened"].dropna() if y >= 2000}
        | {int(y) for y in dataset.projects["opening_year"].dropna()}
    )
    for scenario in ["baseline", "full", *map(str, years)]:
        matrix = cache.router(scenario, modes).matrix("line_haul")
        position = [nodes.index.get_loc(p) for p in matrix.index]
        bound = floor[np.ix_(position, position)]
        values = matrix.to_numpy()
        ok = ~np.isfinite(values) | (values >= bound - 1e-6)
        assert ok.all(), (scenario, modes)
