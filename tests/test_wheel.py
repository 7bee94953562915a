"""The built wheel carries the embedded data: install it (not editable) and run it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.mark.slow
def test_wheel_installs_and_runs_info_with_embedded_data(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("corridor-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        packaged = {
            name.removeprefix("geo/data/")
            for name in archive.namelist()
            if name.startswith("geo/data/")
        }
    shipped = {
        p.relative_to(REPO / "data").as_posix() for p in (REPO / "data").rglob("*") if p.is_file()
    }
    assert shipped <= packaged, f"missing from the wheel: {sorted(shipped - packaged)}"

    env_dir = tmp_path / "env"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)],
        check=True,
        capture_output=True,
    )
    clean_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    run = subprocess.run(
        [str(bin_dir / "corridor"), "info", "--format", "json"],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        check=True,
    )
    summary = json.loads(run.stdout)
    assert Path(summary["folder"]).is_relative_to(env_dir), summary["folder"]
    assert summary["dataset"] == "Chengdu–Chongqing economic circle"
    ids = {record["id"] for record in summary["catalogue"]}
    expected = {
        line.split(",", 1)[0]
        for line in (REPO / "data" / "projects.csv").read_text(encoding="utf-8").splitlines()[1:]
    }
    assert ids == expected
    # The map assets ship too: a self-contained map from the installed wheel.
    out = tmp_path / "network.html"
    subprocess.run(
        [str(bin_dir / "corridor"), "map", "-o", str(out)],
        cwd=tmp_path,
        env=clean_env,
        capture_output=True,
        text=True,
        check=True,
    )
    page = out.read_text(encoding="utf-8")
    assert "<script src=" not in page and "Boundaries (provinces, prefectures)" in page
