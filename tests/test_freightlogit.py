"""The logit split between chain classes: costs by hand, shares, flows, an independent check."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from geo import load_dataset
from network.freightlogit import class_skims, logit_link_tonnes, logit_shares
from network.freightstudy import FreightModel
from network.params import dataset_params
from tests.conftest import REPO
from tests.test_freight import river_fixture
from tests.test_freight_targets import EXPRESSWAY

#: test_freight's worked river chain a → e: money and hours (containers: 1 CNY/t-h).
RIVER = (49.0 + 20.0 + 6.0 + 5.6 + 25.0 + 4.9) + (2.5 + 10.0 + 8.0 + (80 / 15 + 3.0) + 5.0 + 0.25)
#: The parallel 285 km expressway by truck.
ROAD = 285 * (0.49 + 1 / 69)


def test_class_costs_shares_and_flows_by_hand(tmp_path: Path) -> None:
    folder = river_fixture(tmp_path / "river", links=(EXPRESSWAY,))
    (folder / "freight_od.csv").write_text(
        "origin,destination,cargo,tonnes,source\na,e,container,1000,test\n", encoding="utf-8"
    )
    ds = load_dataset(folder)
    model = FreightModel(ds, dataset_params(ds.metadata))
    skim = model.skim("baseline", "container")
    classes = class_skims(skim.graph)
    i, j = skim.ends.index("a"), skim.ends.index("e")
    assert classes["truck"].cost[i, j] == pytest.approx(ROAD)
    assert classes["water"].cost[i, j] == pytest.approx(RIVER)
    assert math.isnan(classes["rail"].cost[i, j])  # no railway in the fixture
    assert math.isnan(classes["rail_water"].cost[i, j])
    shares = logit_shares(classes, 0.05)
    truck = 1 / (1 + math.exp(-0.05 * (RIVER - ROAD)))
    assert shares["truck"][i, j] == pytest.approx(truck)
    assert shares["water"][i, j] == pytest.approx(1 - truck)
    flows = logit_link_tonnes(classes, shares, model.demand("container"))["tonnes"]
    assert flows["x1"] == pytest.approx(1000 * truck)
    for link in ("r1", "w1", "w2", "r2"):  # the river chain, every leg
        assert flows[link] == pytest.approx(1000 * (1 - truck))
    # all-or-nothing puts all 1,000 t on the cheaper expressway
    aon = model.flows("baseline")["tonnes"]
    assert aon["x1"] == pytest.approx(1000.0) and aon.get("w1", 0.0) == 0.0
    logit = model.flows("baseline", split="logit")["tonnes"]
    assert logit["x1"] == pytest.approx(1000 * truck)


@pytest.mark.parametrize("cargo", ["container", "bulk"])
def test_the_cheapest_class_is_the_cheapest_chain_on_the_embedded_data(cargo: str) -> None:
    """Independent check: the layered graphs' best class equals the plain graph's chain."""
    ds = load_dataset(REPO / "data")
    model = FreightModel(ds, dataset_params(ds.metadata))
    skim = model.skim("baseline", cargo)
    classes = class_skims(skim.graph)
    costs = np.stack([c.cost for c in classes.values()])
    best = np.nanmin(np.where(np.isnan(costs), np.inf, costs), axis=0)
    reached = ~np.isnan(skim.cost)
    np.testing.assert_allclose(best[reached], skim.cost[reached], rtol=1e-9)
    # each class's chain uses exactly its layers
    for name, c in classes.items():
        ok = ~np.isnan(c.cost)
        uses_rail, uses_water = c.km["rail"][ok] > 0, c.km["water"][ok] > 0
        assert (uses_rail == ("rail" in name)).all() and (uses_water == ("water" in name)).all()
    shares = logit_shares(classes, 0.05)
    total = sum(shares.values())
    np.testing.assert_allclose(total[reached], 1.0)


def test_the_command_writes_logit_flows_and_refuses_a_split_without_them(
    tmp_path: Path, capsys
) -> None:
    from corridor.cli import main

    folder = river_fixture(tmp_path / "river", links=(EXPRESSWAY,))
    (folder / "freight_od.csv").write_text(
        "origin,destination,cargo,tonnes,source\na,e,container,1000,test\n", encoding="utf-8"
    )
    out = tmp_path / "flows.csv"
    argv = ["freight", "a", "e", "--data", str(folder), "--flows", str(out), "--split", "logit"]
    assert main(argv) == 0
    import pandas as pd

    flows = pd.read_csv(out).set_index("link_id")
    truck = 1 / (1 + math.exp(-0.05 * (RIVER - ROAD)))
    assert flows.at["x1", "tonnes_before"] == pytest.approx(1000 * truck)
    assert "logit" in (tmp_path / "flows.csv.manifest.json").read_text(encoding="utf-8")
    assert main(["freight", "a", "e", "--data", str(folder), "--split", "logit"]) == 2
    assert "--flows" in capsys.readouterr().err


def test_a_class_chain_out_and_back_is_no_alternative(tmp_path: Path) -> None:
    """A railway a–b with yards at both ends: trucks only, the river (via the road to b),
    rail then river (port b joins them) are real chains a → e; but a chain "with rail, no
    ship" would ride to b and come back to a for the expressway: it is no alternative."""
    rail = {"id": "k1", "mode": "rail", "stops": "a;b", "length_km": 100, "speed_kmh": 100}
    yards = "yard_a,Yard A,,a,yard,,,,,,,test\nyard_b,Yard B,,b,yard,,,,,,,test\n"
    folder = river_fixture(tmp_path / "river", extra=yards, links=(EXPRESSWAY, rail))
    ds = load_dataset(folder)
    skim = FreightModel(ds, dataset_params(ds.metadata)).skim("baseline", "container")
    classes = class_skims(skim.graph)
    i, j = skim.ends.index("a"), skim.ends.index("e")
    assert classes["truck"].cost[i, j] == pytest.approx(ROAD)
    assert classes["water"].cost[i, j] == pytest.approx(RIVER)
    assert math.isnan(classes["rail"].cost[i, j])
    # rail a → b (100 km × 0.1551), yard a (25), port b (rail to ship, 20 + 10 h), the river
    # as in the worked chain: a real chain, kept
    both = classes["rail_water"]
    assert both.km["rail"][i, j] == pytest.approx(100.0)
    assert both.km["water"][i, j] == pytest.approx(200.0)
    shares = logit_shares(classes, 0.05)
    assert shares["rail"][i, j] == 0.0
    assert sum(s[i, j] for s in shares.values()) == pytest.approx(1.0)
