from __future__ import annotations

import pytest

from geo.errors import ParametersError
from network.params import PARAMETER_DOCS, TravelTimeParams, load_params


def test_every_parameter_documented() -> None:
    names = {f for f in TravelTimeParams().to_dict() if f != "free_transfers"}
    assert names <= set(PARAMETER_DOCS)


def test_toml_overrides_merge(tmp_path) -> None:
    path = tmp_path / "p.toml"
    path.write_text("transfer_minutes = 12.5\n[speed_factor]\nhsr = 0.9\n", encoding="utf-8")
    params = load_params(path)
    assert params.transfer_minutes == 12.5
    assert params.speed_factor["hsr"] == 0.9
    assert params.speed_factor["rail"] == TravelTimeParams().speed_factor["rail"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("speed = 1\n", "unknown parameter 'speed'"),
        ("[speed_factor]\nplane = 2\n", "unknown mode 'plane'"),
        ("[speed_factor]\nhsr = 0\n", "must be > 0"),
        ("[dwell_minutes]\nrail = 'long'\n", "is not a number"),
        ("transfer_minutes = -1\n", "must be >= 0"),
        ("transfer_minutes = \n", "not valid TOML"),
    ],
)
def test_bad_files_name_file_and_key(tmp_path, text, message) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParametersError, match=message) as info:
        load_params(path)
    assert "bad.toml" in str(info.value)


def test_missing_file(tmp_path) -> None:
    with pytest.raises(ParametersError, match="does not exist"):
        load_params(tmp_path / "nope.toml")


def test_transfer_cost() -> None:
    params = TravelTimeParams()
    assert params.transfer_cost("expressway", "road") == 0.0
    assert params.transfer_cost("hsr", "road") == params.transfer_minutes
    assert params.transfer_cost("hsr", "hsr") == params.line_change_minutes["hsr"]
