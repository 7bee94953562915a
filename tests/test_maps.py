"""network.maps: the four map kinds of a dataset, and through the command line.

The drawing is tested module by module (tests/test_maps_*.py), the isochrone bands
in tests/test_isochrones.py.
"""

from __future__ import annotations

import inspect
import re

import pytest

from geo import load_dataset
from geo.errors import InputError, UnknownProjectError
from geo.maps import page_summary, render_html
from network import maps as netmaps
from network.cache import ScenarioCache
from tests.conftest import TINY


def test_map_kinds_and_signatures() -> None:
    assert netmaps.MAP_KINDS == ("network", "time", "before-after", "project")
    bands = inspect.signature(netmaps.travel_time_map).parameters["bands"]
    assert bands.default == (60.0, 120.0, 180.0) and bands.kind is bands.KEYWORD_ONLY


def test_a_scenario_cache_draws_the_same_maps_and_is_reused() -> None:
    ds = load_dataset(TINY)
    cache = ScenarioCache(ds)

    def page(m) -> str:  # element ids are random
        return re.sub(r"[0-9a-f]{32}", "ID", render_html(m, inline=False))

    assert page(netmaps.travel_time_map(cache, "a", "full")) == page(
        netmaps.travel_time_map(ScenarioCache(ds), "a", "full")
    )
    builds = cache.builds
    netmaps.travel_time_map(cache, "b", "full")
    netmaps.before_after_map(cache, "baseline", "full", origin="a")
    assert cache.builds == builds + 1  # only the baseline graph was new


def test_unknown_project_and_origin_are_input_errors() -> None:
    ds = load_dataset(TINY)
    with pytest.raises(UnknownProjectError, match="p_up"):
        netmaps.project_map(ScenarioCache(ds), "p_upp")
    with pytest.raises(InputError, match="not in scenario"):
        netmaps.travel_time_map(ScenarioCache(ds), "c_port", "baseline")


def test_cli_map_kinds_and_bad_output(tmp_path, capsys) -> None:
    from corridor.cli import main

    for argv in (
        [],
        ["--origin", "Alpha", "--scenario", "full"],
        ["--kind", "before-after", "--side-by-side"],
        ["--project", "p_up", "--tiles", "gaode"],
    ):
        out = tmp_path / "m.html"
        assert main(["map", "--data", str(TINY), *argv, "-o", str(out)]) == 0
        assert page_summary(out.read_text(encoding="utf-8"))["external_scripts"] == []
    assert main(["map", "--data", str(TINY), "-o", str(tmp_path / "no" / "m.html")]) == 2
    assert main(["map", "--data", str(TINY), "--kind", "time", "-o", str(out)]) == 2
    assert "needs --origin" in capsys.readouterr().err
