"""geo.maps.escape: text from data reaches a page escaped, never as markup."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pandas as pd

from geo import load_dataset
from geo.maps import render_html
from geo.maps.escape import esc, facts
from network import maps as netmaps
from network.cache import ScenarioCache
from tests.conftest import TINY, edit

XSS_NAME = '<img src=x onerror="window.__pwned=1">'
XSS_ZH = "</script><script>window.__pwned=2</script>"
XSS_PROJECT = '<svg onload="window.__pwned=3">'


def xss_dataset(folder: Path) -> Path:
    """The tiny dataset with markup and script in names (a hostile user dataset)."""
    target = folder / "xss"
    shutil.copytree(TINY, target)
    edit(
        target / "nodes.csv",
        "a,Alpha,甲,",
        f'a,"{XSS_NAME.replace(chr(34), chr(34) * 2)}",{XSS_ZH},',
    )
    edit(target / "projects.csv", "p_up,Faster Alpha–Gamma railway,", f"p_up,{XSS_PROJECT},")
    return target


def test_esc_escapes_markup_and_blanks_missing() -> None:
    assert esc('<b class="x">A & B</b>') == "&lt;b class=&quot;x&quot;&gt;A &amp; B&lt;/b&gt;"
    assert esc("it's") == "it&#x27;s"
    assert esc(None) == "" and esc(math.nan) == "" and esc(pd.NA) == ""
    assert esc(12.5) == "12.5" and esc(0) == "0"


def test_facts_keeps_title_and_pairs_in_order() -> None:
    title, items = facts("<Alpha>", (("mode", "rail"), ("speed km/h", 100)))
    assert title == "<Alpha>"  # escaped when drawn, not here
    assert items == [("mode", "rail"), ("speed km/h", 100)]


def test_markup_in_data_is_escaped(tmp_path) -> None:
    ds = load_dataset(xss_dataset(tmp_path))
    for m in (
        netmaps.network_map(ScenarioCache(ds)),
        netmaps.travel_time_map(ScenarioCache(ds), "b", "full"),
        netmaps.project_map(ScenarioCache(ds), "p_up"),
    ):
        page = render_html(m)
        for raw in (XSS_NAME, XSS_ZH, XSS_PROJECT, "<img src=x", "window.__pwned=2</script>"):
            assert raw not in page
