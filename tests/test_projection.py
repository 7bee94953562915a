from __future__ import annotations

import pytest

from geo import load_dataset, project, utm_crs_for
from tests.conftest import TINY


@pytest.mark.parametrize(
    ("bounds", "epsg"),
    [
        ((102.9, 28.0, 110.2, 32.5), 32648),  # Sichuan–Chongqing: zone 48 N
        ((150.0, -34.5, 151.5, -33.0), 32756),  # Sydney: zone 56 S
        ((-0.5, 51.2, 0.3, 51.7), 32630),  # London straddles zones 30/31: centre in 30
        ((179.0, 10.0, 180.0, 11.0), 32660),  # clamp at the antimeridian
    ],
)
def test_utm_zone(bounds, epsg) -> None:
    assert utm_crs_for(bounds).to_epsg() == epsg


def test_bad_bounds() -> None:
    with pytest.raises(ValueError, match="not WGS84"):
        utm_crs_for((300000.0, 3000000.0, 400000.0, 3100000.0))


def test_project_round_trip_and_distance() -> None:
    ds = load_dataset(TINY)
    assert ds.metric_crs.to_epsg() == 32648
    metric = project(ds.nodes)
    assert metric.crs.to_epsg() == 32648
    back = metric.to_crs(4326)
    assert back.geometry.x.tolist() == pytest.approx(ds.nodes.geometry.x.tolist(), abs=1e-9)
    # Planar distance in UTM agrees with the geodesic one within 0.1 % inside the zone.
    a, b = metric.geometry.loc["a"], metric.geometry.loc["b"]
    geodesic = ds.segments().query("link_id == 'r1' and seq == 0")["geodesic_km"].item()
    assert a.distance(b) / 1000 == pytest.approx(geodesic, rel=1e-3)
