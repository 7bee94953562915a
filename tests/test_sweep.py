"""Sweeps: specification, rows by independent computation, resume, processes and Dask."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import corridor
from corridor.cli import main
from corridor.executors import LocalExecutor, read_journal, run_sweep
from corridor.sweep import read_sweep
from corridor.worker import World
from geo import load_dataset
from geo.errors import ScenarioError, UnknownPlaceError
from network.accessibility import person_minutes_saved, resident_weights
from network.params import TravelTimeParams
from tests.conftest import TINY

RANDOM = {"portfolios": {"random": 200, "share": 0.5, "seed": 7}, "pairs": [["成都", "重庆"]]}


@pytest.fixture(scope="module")
def study() -> corridor.Study:
    return corridor.Study()


@pytest.fixture(scope="module")
def serial(study) -> pd.DataFrame:
    return study.sweep(RANDOM)


def test_rows_equal_the_study_computed_apart(study) -> None:
    spec = {
        "pairs": [["Chengdu", "Chongqing"]],
        "portfolios": {"scenarios": ["baseline", "full", "baseline+rail_chengyu_middle_hsr"]},
        "parameters": {"transfer_minutes": [10, 30]},
    }
    table = study.sweep(spec).set_index(["scenario", "transfer_minutes"])
    assert len(table) == 6
    weights = resident_weights(study.dataset)
    for minutes in (10, 30):
        other = corridor.Study(params={"transfer_minutes": minutes})
        for spec_name in ("baseline", "full", "baseline+rail_chengyu_middle_hsr"):
            row = table.loc[(spec_name, float(minutes))]
            after = other.cache.matrix(spec_name)
            want = person_minutes_saved(other.cache.matrix("baseline"), after, weights)
            assert row["benefit_pmin"] == pytest.approx(want.person_minutes, rel=1e-9)
            assert row["chengdu__chongqing_min"] == pytest.approx(
                after.at["chengdu", "chongqing"], abs=1e-9
            )
        assert table.loc[("baseline", float(minutes)), "benefit_pmin"] == 0.0


def test_draws_are_fixed_by_seed_and_index() -> None:
    dataset, params = load_dataset(), TravelTimeParams()
    few = read_sweep({"portfolios": {"random": 10, "seed": 3}}, dataset, params)
    many = read_sweep({"portfolios": {"random": 50, "seed": 3}}, dataset, params)
    other = read_sweep({"portfolios": {"random": 10, "seed": 4}}, dataset, params)
    assert [t.scenario.project_ids for t in few.tasks] == [
        t.scenario.project_ids for t in many.tasks[:10]
    ]
    assert [t.key for t in few.tasks] == [t.key for t in many.tasks[:10]]
    assert [t.scenario.project_ids for t in few.tasks] != [
        t.scenario.project_ids for t in other.tasks
    ]


def test_random_parameters_lie_in_their_ranges(study) -> None:
    spec = {
        "portfolios": {"random": 30, "seed": 1},
        "random_parameters": {"speed_factor.hsr": [0.8, 0.9]},
    }
    table = study.sweep(spec)
    assert table["speed_factor.hsr"].between(0.8, 0.9).all()
    assert table["speed_factor.hsr"].nunique() == 30


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"portfolio": {}}, "unknown key portfolio"),
        ({"portfolios": {"random": -1}}, "whole number"),
        ({"portfolios": {"share": 2, "random": 3}}, "between 0 and 1"),
        ({"parameters": {"transfer_minutes": []}}, "non-empty list"),
        ({"parameters": {"no_such": [1]}}, "unknown parameter"),
        ({"parameters": {"transfer_minutes": ["x"]}}, "not a number"),
        ({"random_parameters": {"transfer_minutes": [5, 1]}}, "low, high"),
        ({"portfolios": {"scenarios": ["full+nope"]}}, "nope"),
        ({"parameters": {"transfer_minutes.hsr": [1]}}, "write it as transfer_minutes"),
        ({"parameters": {"speed_factor": [1]}}, "write it as speed_factor.MODE"),
        ({"parameters": {"free_transfers": [1]}}, "only numbers"),
        ({"random_parameters": [1, 2]}, "random_parameters must be a table"),
        ({"modes": ["rail"]}, "single words"),
        ({"portfolios": {"random": 3, "share": True}}, "between 0 and 1"),
        ({"portfolios": {"add_one": "yes"}}, "true or false"),
    ],
)
def test_bad_specifications_name_the_key(spec, message) -> None:
    with pytest.raises(ScenarioError, match=message):
        read_sweep(spec, load_dataset(), TravelTimeParams())


def test_unknown_mode_set_and_folder_spec(tmp_path) -> None:
    from geo.errors import InputError

    with pytest.raises(InputError, match="bogus"):
        read_sweep({"modes": "bogus"}, load_dataset(), TravelTimeParams())
    with pytest.raises(ScenarioError, match="is a folder"):
        read_sweep(tmp_path, load_dataset(), TravelTimeParams())


def test_unknown_place_in_pairs() -> None:
    with pytest.raises(UnknownPlaceError):
        read_sweep({"pairs": [["Chengduu", "Chongqing"]]}, load_dataset(), TravelTimeParams())


class CrashError(Exception):
    pass


class CrashingExecutor(LocalExecutor):
    """Runs the first ``after`` batches, then fails as a killed worker would."""

    def __init__(self, after: int) -> None:
        super().__init__(1)
        self.after = after
        self.ran = 0

    def run(self, world, sweep, batches):
        for batch in batches:
            if self.ran == self.after:
                raise CrashError
            self.ran += 1
            yield from super().run(world, sweep, [batch])


def test_a_crashed_sweep_resumes_from_its_journal(study, serial, tmp_path) -> None:
    plan = read_sweep(RANDOM, study.dataset, study.params)
    world, journal = World(study.cache.compiled), tmp_path / "run.jsonl"
    with pytest.raises(CrashError):
        run_sweep(world, plan, CrashingExecutor(after=3), journal=journal, batch_size=10)
    assert len(read_journal(journal)) == 30
    with journal.open("a") as handle:
        handle.write('{"key": "torn')  # the line a crash cut short
    rest = CrashingExecutor(after=10**6)
    table = run_sweep(world, plan, rest, journal=journal, batch_size=10)
    assert rest.ran == 17  # 170 tasks left: only those ran
    pd.testing.assert_frame_equal(table, serial)
    assert len(read_journal(journal)) == 200  # no row was glued to the torn line


def test_process_pool_equals_serial(study, serial) -> None:
    pd.testing.assert_frame_equal(study.sweep(RANDOM, workers=2), serial)


def test_dask_local_cluster_equals_serial(study, serial) -> None:
    """200 scenarios on a real two-worker LocalCluster: the same table as in-process."""
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert len(client.scheduler_info()["workers"]) == 2
        table = study.sweep(RANDOM, dask=client, batch_size=16)
        executed = client.run(lambda dask_worker: dask_worker.state.executed_count)
        assert len(executed) == 2 and all(n > 0 for n in executed.values())  # both worked
    assert len(table) == 200
    pd.testing.assert_frame_equal(table, serial)


def test_cli_sweep_writes_csv_and_removes_the_journal(tmp_path, capsys) -> None:
    spec = tmp_path / "sweep.toml"
    spec.write_text(
        'pairs = [["a", "c"]]\n[portfolios]\nscenarios = ["baseline", "full"]\n'
        "[parameters]\ntransfer_minutes = [10, 20]\n",
        encoding="utf-8",
    )
    out = tmp_path / "result.csv"
    assert main(["sweep", str(spec), "--data", str(TINY), "-o", str(out)]) == 0
    table = pd.read_csv(out)
    assert list(table["scenario"]) == ["baseline", "baseline", "full", "full"]
    assert not (tmp_path / "result.csv.journal.jsonl").exists()
    assert main(["sweep", str(spec), "--data", str(TINY), "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert body["tasks"] == 4
    assert np.isfinite([r["benefit_pmin"] for r in body["rows"]]).all()


def test_cli_empty_sweep_prints_an_empty_table(tmp_path, capsys) -> None:
    spec = tmp_path / "empty.toml"
    spec.write_text("[portfolios]\nscenarios = []\n", encoding="utf-8")
    assert main(["sweep", str(spec), "--data", str(TINY)]) == 0
    assert "sweep of 0 tasks" in capsys.readouterr().out


def test_cli_bad_dask_address_is_an_input_error(tmp_path, capsys) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text("", encoding="utf-8")
    assert main(["sweep", str(spec), "--data", str(TINY), "--dask", "not a url"]) == 2
    assert "tcp://HOST:PORT" in capsys.readouterr().err


def test_cli_sweep_refuses_workers_with_dask(tmp_path, capsys) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text("", encoding="utf-8")
    code = main(["sweep", str(spec), "--workers", "2", "--dask", "tcp://127.0.0.1:1"])
    assert code == 2
    assert "not both" in capsys.readouterr().err


def test_cli_modes_and_basis_override_the_spec(tmp_path, capsys) -> None:
    spec = tmp_path / "s.toml"
    spec.write_text('pairs = [["a", "c"]]\nmodes = "any"\n', encoding="utf-8")

    def minutes(*extra: str) -> float:
        assert main(["sweep", str(spec), "--data", str(TINY), "--format", "json", *extra]) == 0
        return json.loads(capsys.readouterr().out)["rows"][0]["a__c_min"]

    # full programme, a → c: rail line-haul 84 min (p_up); door to door adds 2 × 20 min.
    assert minutes("--modes", "rail", "--basis", "line_haul") == pytest.approx(84.0)
    assert minutes("--modes", "rail") == pytest.approx(124.0)
