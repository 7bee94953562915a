"""network.maps: the four map kinds of a dataset, through the command line.

The drawing is tested module by module (tests/test_maps_*.py), the isochrone bands
in tests/test_isochrones.py.
"""

from __future__ import annotations

import inspect

from geo.maps import page_summary
from network import maps as netmaps
from tests.conftest import TINY


def test_map_kinds_and_signatures() -> None:
    assert netmaps.MAP_KINDS == ("network", "time", "before-after", "project")
    bands = inspect.signature(netmaps.travel_time_map).parameters["bands"]
    assert bands.default == (60.0, 120.0, 180.0) and bands.kind is bands.KEYWORD_ONLY


def test_cli_map_kinds_and_bad_output(tmp_path, capsys) -> None:
    from network.cli import main

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
