"""Geodesic measures against published constants and an independent formula."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import LineString

from geo import geodesic_km, geometry_length_km, load_dataset
from tests.conftest import TINY

# WGS84: a = 6378.137 km. One degree of longitude on the equator is 2*pi*a/360.
EQUATOR_DEGREE_KM = 2 * math.pi * 6378.137 / 360  # 111.3195 km
# The meridian arc from the equator to 1 degree north is 110.574 km on WGS84
# (standard table of meridian arc lengths).
MERIDIAN_FIRST_DEGREE_KM = 110.574


def haversine_km(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    r = 6371.0088  # mean Earth radius (IUGG)
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(h))


def test_equator_degree() -> None:
    assert geodesic_km(0, 0, 1, 0) == pytest.approx(EQUATOR_DEGREE_KM, abs=1e-3)


def test_meridian_degree() -> None:
    assert geodesic_km(0, 0, 0, 1) == pytest.approx(MERIDIAN_FIRST_DEGREE_KM, abs=1e-3)


def test_vectorised_shape() -> None:
    out = geodesic_km([0, 0], [0, 0], [1, 0], [0, 1])
    assert out.shape == (2,)
    assert out[0] > out[1]


@given(
    st.floats(90, 120),
    st.floats(20, 40),
    st.floats(90, 120),
    st.floats(20, 40),
)
def test_agrees_with_haversine_within_half_a_percent(lon1, lat1, lon2, lat2) -> None:
    ellipsoid = float(geodesic_km(lon1, lat1, lon2, lat2))
    sphere = haversine_km(lon1, lat1, lon2, lat2)
    assert ellipsoid == pytest.approx(sphere, rel=5e-3, abs=1e-6)


def test_line_length_is_sum_of_segments() -> None:
    line = LineString([(104, 30), (105, 30), (105, 31)])
    expected = float(geodesic_km(104, 30, 105, 30) + geodesic_km(105, 30, 105, 31))
    assert geometry_length_km(line) == pytest.approx(expected, rel=1e-9)


def test_segments_share_out_published_length() -> None:
    ds = load_dataset(TINY)
    seg = ds.segments().set_index(["link_id", "seq"])
    # r1 runs a(104,30) -> b(105,30) -> c(106,30): two equal geodesic segments,
    # so its published 200 km splits 100 + 100.
    assert seg.loc[("r1", 0), "length_km"] == pytest.approx(100.0)
    assert seg.loc[("r1", 1), "length_km"] == pytest.approx(100.0)
    assert seg.loc[("r1", 0), "geodesic_km"] == pytest.approx(float(geodesic_km(104, 30, 105, 30)))
    # e1 publishes no length: NaN, never a made-up number.
    assert np.isnan(seg.loc[("e1", 0), "length_km"])
    assert np.isnan(seg.loc[("r1", 0), "minutes"])


def test_vectorised_segments_equal_the_link_by_link_reference() -> None:
    """geo.measure.link_segments (arrays) against the per-link implementation it replaced."""
    import pandas as pd

    from benchmarks.legacy_graph import link_segments_reference
    from geo.measure import link_segments

    for dataset in (load_dataset(), load_dataset(TINY)):
        ours = link_segments(dataset.links, dataset.nodes)
        reference = link_segments_reference(dataset.links, dataset.nodes)
        pd.testing.assert_frame_equal(ours, reference, check_dtype=False, rtol=1e-12)
