"""Place names: ids, English and Chinese names, folding, short forms and suggestions."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo import load_dataset
from geo.errors import InputError, UnknownPlaceError
from geo.places import PlaceIndex, fold
from tests.conftest import TINY

INDEX = PlaceIndex(
    [
        ("chongqing", "Chongqing", "重庆（主城区）"),
        ("guangan", "Guang'an", "广安"),
        ("chengdu", "Chengdu", "成都"),
        ("wanzhou", "Wanzhou (district)", "万州区"),
        ("a", "Alpha", ""),
        ("b", "a", ""),  # a name that is another place's id: the id wins
    ]
)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("chongqing", "chongqing"),
        ("CHONGQING", "chongqing"),
        ("重庆（主城区）", "chongqing"),
        ("重庆", "chongqing"),  # the short form of a bracketed name
        ("Guang'an", "guangan"),
        ("guang an", "guangan"),
        ("Guang-An", "guangan"),
        ("广安", "guangan"),
        ("Wanzhou", "wanzhou"),
        ("a", "a"),
        ("ALPHA", "a"),
    ],
)
def test_resolves(query: str, expected: str) -> None:
    assert INDEX.resolve(query) == expected
    assert query in INDEX


def test_unknown_suggests_and_is_an_input_and_key_error() -> None:
    with pytest.raises(UnknownPlaceError) as info:
        INDEX.resolve("Chengduu")
    assert info.value.suggestions[0] == "chengdu"
    assert isinstance(info.value, InputError) and isinstance(info.value, KeyError)
    assert str(info.value).startswith("unknown place 'Chengduu'. Did you mean: chengdu")
    with pytest.raises(UnknownPlaceError) as info:
        INDEX.resolve("")
    assert info.value.suggestions == []


def test_an_ambiguous_short_form_is_not_taken() -> None:
    index = PlaceIndex([("x1", "X (north)", ""), ("x2", "X (south)", "")])
    with pytest.raises(UnknownPlaceError):
        index.resolve("X")
    assert index.resolve("x (north)") == "x1"


def test_resolve_many_keeps_order_and_drops_repeats() -> None:
    assert INDEX.resolve_many(["成都", "chengdu", "Chongqing"]) == ["chengdu", "chongqing"]


def test_dataset_places_tiny() -> None:
    ds = load_dataset(TINY)
    assert [ds.place(q) for q in ("Alpha", "乙", "gamma", "d")] == ["a", "b", "c", "d"]
    with pytest.raises(UnknownPlaceError) as info:
        ds.place("alpah")
    assert "a" in info.value.suggestions


@given(st.text(min_size=1, max_size=12))
def test_fold_is_idempotent_and_case_free(text: str) -> None:
    assert fold(fold(text)) == fold(text)
    assert fold(text.upper()) == fold(text.lower()) or not text.isascii()


def test_every_embedded_id_and_name_resolves_to_itself() -> None:
    ds = load_dataset()
    index = ds.place_index
    for node_id, name in zip(ds.nodes.index, ds.nodes["name"], strict=True):
        assert index.resolve(node_id) == node_id
        # a name shared by a place and its facility (a city and its port) goes to the first
        assert ds.nodes.at[index.resolve(name), "name"] == name


def test_suffixes_and_aliases_resolve_as_a_planner_types_them() -> None:
    from geo import load_dataset

    ds = load_dataset()
    typed = {"成都市": "chengdu", "Chengdu City": "chengdu", "蓉": "chengdu",
             "蓉城": "chengdu", "渝": "chongqing", "山城": "chongqing",
             "重庆": "chongqing", "万州区": "wanzhou_district",
             "Yuzhong": "yuzhong_district", "渝中": "yuzhong_district"}  # fmt: skip
    assert {query: ds.place(query) for query in typed} == typed


def test_a_short_form_shared_by_two_places_is_not_guessed() -> None:
    index = PlaceIndex([("a", "Shizhong District", "市中区"), ("b", "Shizhong District", "市中区"),
                        ("c", "Gamma", "丙丁县")])  # fmt: skip
    assert index.resolve("丙丁") == "c" and index.resolve("Gamma County") == "c"
    with pytest.raises(UnknownPlaceError):
        index.resolve("Shizhong")
    with pytest.raises(UnknownPlaceError):
        index.resolve("市")  # one character is never a short form
