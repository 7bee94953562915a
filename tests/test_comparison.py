"""``Comparison``: the text and the JSON of ``corridor compare``, from one object."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import corridor
from corridor.cli import main
from network.compare import change_summary, compare_matrices
from network.params import dataset_params
from tests.conftest import TINY


@pytest.fixture(scope="module")
def comparison() -> corridor.Comparison:
    return corridor.Study(TINY).compare()


def test_pairs_by_hand(comparison) -> None:
    rail, door = comparison.pairs.to_dict("records")
    # rail a→c: 164 min before, 84 after p_up; door to door adds 2 × 20 min access/egress.
    assert (rail["before_min"], rail["after_min"]) == pytest.approx((164.0, 84.0))
    assert (door["before_min"], door["after_min"]) == pytest.approx((204.0, 124.0))
    assert rail["projects"] == "p_up"


def test_to_dict_shape(comparison) -> None:
    d = comparison.to_dict()
    assert list(d) == ["before", "after", "rows", "today", "later_lines", "circles", "targets",
                       "top_projects"]  # fmt: skip
    # h1 (2022) is the one line opened after the base year that no project brings
    assert d["later_lines"] == [
        {"id": "h1", "name": "Alpha–Beta fast line", "mode": "hsr", "opened": 2022}
    ]
    assert d["circles"]["cores"]["a"]["joins"] == ["b"]
    assert d["circles"]["cores"]["c"] == {
        "before": [],
        "after": ["b"],
        "joins": ["b"],
        "leaves": [],
    }
    assert d["targets"] == []  # the tiny dataset has none
    top = d["top_projects"]["rows"]
    assert [r["project_id"] for r in top] == ["p_up", "p_new", "p_port"]
    assert top[0]["add_one_in_pmin"] == pytest.approx(51.4e6, rel=1e-3)


def test_text_is_what_the_cli_prints(comparison, capsys) -> None:
    assert main(["compare", "--data", str(TINY), "--no-progress"]) == 0
    assert capsys.readouterr().out == comparison.to_text() + "\n"
    assert str(comparison) == comparison.to_text()
    text = comparison.to_text()
    assert re.search(
        r"Alpha  Gamma  rail   line-haul        164\.0 +\d+\.\d   84\.0       -80\.0", text
    )
    assert "Outside the programme: 1 lines" in text and "Alpha–Beta fast line (2022)" in text
    assert "Full ranking: corridor rank" in text


def test_today_is_the_network_open_this_year(comparison) -> None:
    """The today column equals a route on the year scenario of the current year."""
    study = corridor.Study(TINY)
    rows = comparison.pairs.set_index(["modes", "basis"])
    for modes, basis in [("rail", "line_haul"), ("any", "door_to_door")]:
        route = study.route("a", "c", scenario=comparison.today, modes=modes, basis=basis)
        assert rows.loc[(modes, basis), "today_min"] == pytest.approx(route.minutes)


def test_brief_has_pairs_only() -> None:
    brief = corridor.Study(TINY).compare(brief=True)
    assert brief.brief and brief.circles is None and brief.top_projects is None
    assert list(brief.to_dict()) == ["before", "after", "rows"]
    assert "circles" not in brief.to_text()


def test_targets_before_and_after_on_the_embedded_data() -> None:
    c = corridor.Study().compare()
    records = {t["target"]: t for t in c.to_dict()["targets"]}
    fifty = records["chengdu_chongqing_50"]
    # Before: the existing HSR non-stop at 300 km/h; after: the middle line at 400 km/h.
    # Each: km / running speed + one start/stop loss (v / a), with the data's parameters.
    ds = c.study.dataset if hasattr(c, "study") else corridor.Study().dataset
    params = dataset_params(ds.metadata)

    def nonstop(link: str, kmh: float) -> float:
        km = float(ds.segments(ds.links.loc[[link]])["length_km"].sum())
        running = kmh * params.speed_factor["hsr"]
        return km / running * 60 + running / 3.6 / params.acceleration["hsr"] / 60

    assert fifty["before"]["gap_min"] == pytest.approx(nonstop("hsr_chengyu", 300) - 50)
    assert fifty["after"]["gap_min"] == pytest.approx(nonstop("chengyu_middle_hsr", 400) - 50)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 6).flatmap(
        lambda n: st.tuples(
            st.lists(st.one_of(st.none(), st.floats(0, 300)), min_size=n * n, max_size=n * n),
            st.lists(st.one_of(st.none(), st.floats(0, 300)), min_size=n * n, max_size=n * n),
            st.just(n),
        )
    ),
    st.integers(1, 4),
)
def test_change_summary_equals_the_long_table(data, block) -> None:
    """Blockwise counts on the matrices equal a groupby of every pair (compare_matrices)."""
    before_values, after_values, n = data
    places = [f"p{k}" for k in range(n)]

    def frame(values):
        array = np.array([np.nan if v is None else v for v in values]).reshape(n, n)
        return pd.DataFrame(array, index=places, columns=places)

    before, after = frame(before_values), frame(after_values)
    summary = change_summary(before, after, block=block)
    table = compare_matrices(before, after)
    counts = table["status"].value_counts()
    for status in summary.index:
        assert summary.at[status, "pairs"] == counts.get(status, 0)
    faster = table.loc[table["status"] == "faster", "change_min"]
    if len(faster):
        assert summary.at["faster", "mean_change_min"] == pytest.approx(faster.mean())
    assert summary["pairs"].sum() == n * n - n
