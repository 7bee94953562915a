"""Freight targets: tonnes and tonne-km on a layer worked out by hand, parsing, the command."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from corridor import Study
from corridor.cli import main
from corridor.cli.validate import check
from geo.errors import TargetsError
from network.freighttargets import FreightTarget
from tests.test_freight import river_fixture

#: A parallel expressway a–e, 285 km: a container by truck costs 285 × 0.49 CNY + 285 / 69
#: h × 1 CNY/t-h = 143.78 CNY/t; by the river 144.58 (test_freight's worked example), or
#: 142.98 once p_up raises w2 to 1,000 t. Bulk (0.5 CNY/t-h) goes by river either way.
EXPRESSWAY = {"id": "x1", "mode": "expressway", "stops": "a;e", "length_km": 285,
              "speed_kmh": 100}  # fmt: skip
TARGETS = """
[[freight_targets]]
id = "water_up"
layer = "water"
measure = "tonnes"
change_pct = 100
source = "test"

[[freight_targets]]
id = "truck_tkm_down"
layer = "truck"
measure = "tonne_km"
change_pct = -60
source = "test"

[[freight_targets]]
id = "intermodal"
layer = "rail_water"
change_pct = 10
cargo = ["container"]
source = "test"
"""


def targets_fixture(folder: Path) -> Path:
    river_fixture(folder, links=(EXPRESSWAY,))
    (folder / "freight_od.csv").write_text(
        "origin,destination,cargo,tonnes,source\na,e,container,1000,test\ne,a,bulk,500,test\n",
        encoding="utf-8",
    )
    with open(folder / "dataset.toml", "a", encoding="utf-8") as handle:
        handle.write(TARGETS)
    return folder


def test_tonnes_and_tonne_km_on_a_layer_by_hand(tmp_path: Path) -> None:
    study = Study(targets_fixture(tmp_path / "t"))
    chain = study.freight("a", "e", cargo="container")
    assert chain["chain"] == ["truck"] and chain["cost_cny_t"] == pytest.approx(
        285 * (0.49 + 1 / 69)
    )
    assert study.freight("a", "e", cargo="container", scenario="p_up")["tkm"]["water"] == 200.0
    frame = study.freight_targets(["p_up"]).set_index("target")
    # Water: the 500 t of bulk before; with p_up the 1,000 t of containers join them.
    water = frame.loc["water_up"]
    assert (water["before"], water["after"]) == (500.0, 1500.0)
    assert water["change_pct"] == pytest.approx(200.0) and water["status"] == "met"
    # Truck tonne-km: containers 1,000 × 285 km + bulk 500 × (100 + 10) km before;
    # after, containers run 110 km by truck too: 165,000, a 51.5 % fall, short of 60 %.
    truck = frame.loc["truck_tkm_down"]
    assert (truck["before"], truck["after"]) == (340_000.0, 165_000.0)
    assert truck["change_pct"] == pytest.approx(-51.470588, rel=1e-6)
    assert truck["status"] == "not met" and truck["gap_pct"] == pytest.approx(8.529412, rel=1e-6)
    # No rail in the fixture: nothing carried by rail and water in the base.
    assert frame.loc["intermodal", "status"] == "no base"
    assert np.isnan(frame.loc["intermodal", "gap_pct"])  # no base: no gap to state


def test_a_negative_target_is_a_fall() -> None:
    target = FreightTarget("t", "t", "truck", "tonnes", -5.0)
    assert target.met(-5.0) and target.met(-7.0) and not target.met(-4.9) and not target.met(3.0)
    assert FreightTarget("u", "u", "rail", "tonnes", 10.0).met(10.0)


def test_bad_freight_targets_name_the_record_and_field(tmp_path: Path) -> None:
    folder = targets_fixture(tmp_path / "t")
    text = (folder / "dataset.toml").read_text(encoding="utf-8")
    broken = text.replace('layer = "water"', 'layer = "air"').replace(
        "change_pct = 10\n", 'change_pct = 10\nbase = "2020+nothing"\n'
    )
    (folder / "dataset.toml").write_text(broken, encoding="utf-8")
    _, problems = check(folder)
    found = {(p.file, p.record, p.field) for p in problems}
    assert ("dataset.toml", "freight target 'water_up'", "layer") in found
    assert ("dataset.toml", "freight target 'intermodal'", "base") in found
    with pytest.raises(TargetsError, match=r"water_up.*layer"):
        Study(folder)
    assert main(["targets", "--data", str(folder), "--purpose", "freight"]) == 2


def test_the_command_prints_table_json_and_refuses_close(tmp_path: Path, capsys) -> None:
    folder = targets_fixture(tmp_path / "t")
    assert main(["targets", "--data", str(folder), "--purpose", "freight",
                 "--scenarios", "p_up", "--format", "json"]) == 0  # fmt: skip
    body = json.loads(capsys.readouterr().out)
    assert [r["status"] for r in body["rows"]] == ["met", "not met", "no base"]
    assert "base year" in body["note"]
    assert main(["targets", "--data", str(folder), "--purpose", "freight", "--close"]) == 2
    assert "--close does nothing with --purpose freight" in capsys.readouterr().err
