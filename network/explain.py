"""Why a project saves nothing: the reason a ranking gives beside a zero benefit.

A project with a network effect can still save no resident any time: its links may be
of a mode outside the mode set, slower than the route that already joins their ends,
or it may add only a facility (a goods yard, a port) that no resident travels to. The
ranking says which, so that a zero is read as a finding, not as a fault.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.schema import PLACE_KINDS
from network.cache import ScenarioCache
from network.modes import resolve_modes


def zero_benefit_reason(
    cache: ScenarioCache, project_id: str, *, modes: str = "any", basis: str = "door_to_door"
) -> str:
    """Return why ``project_id`` saves no resident any time (one sentence).

    Parameters
    ----------
    cache : ScenarioCache
    project_id : str
    modes : str, default "any"
    basis : {"door_to_door", "line_haul"}

    Returns
    -------
    str
        The first reason that holds: links outside the mode set; links no faster than
        the route that already joins their ends (with both times, line-haul minutes);
        only facilities added; else that no resident's fastest trip uses it.
    """
    dataset = cache.dataset
    allowed = resolve_modes(modes)
    links = dataset.links[(dataset.links["project_id"] == project_id) & ~dataset.links["service"]]
    if len(links) and not links["mode"].isin(allowed).any():
        kinds = ", ".join(sorted(set(links["mode"])))
        return f"its links are {kinds}, outside the mode set '{modes}'"
    slower = _slower_links(cache, links[links["mode"].isin(allowed)], modes)
    if slower:
        return (
            "; ".join(slower) + ": no faster than the route that already joins its ends, "
            "so no resident's fastest trip uses it (it serves the places along it, which "
            "the zones' seats do not resolve)"
        )
    nodes = dataset.nodes[dataset.nodes["project_id"] == project_id]
    if len(nodes) and not nodes["kind"].isin(PLACE_KINDS).any():
        facilities = sorted(set(nodes["kind"]))
        why = (
            " (the model has no flights)"
            if facilities == ["airport"]
            else ": its effect is on freight"
        )
        return f"it adds a facility ({', '.join(facilities)}) where no resident's trip ends{why}"
    upgraded = dataset.upgrades.loc[dataset.upgrades["project_id"] == project_id, "link_id"]
    if len(upgraded) and dataset.links.loc[list(upgraded), "mode"].eq("waterway").all():
        return "it upgrades a waterway no resident's fastest trip uses: its effect is on freight"
    return "no resident's fastest trip between zones uses it"


#: The mode set a new link competes in.
_LAYER = {"expressway": "road", "road": "road", "hsr": "rail", "rail": "rail", "waterway": "water"}


def _slower_links(cache: ScenarioCache, links: pd.DataFrame, modes: str) -> list[str]:
    """Describe the links whose own time end to end is no better than the baseline's."""
    if links.empty:
        return []
    edges = cache.compiled.edges
    out = []
    for link in links.itertuples():
        # against the same layer (a road against the roads): a train between the ends
        # says nothing about a driver's route
        layer = _LAYER.get(str(link.mode), modes)
        base = cache.matrix("baseline", layer, "line_haul")
        a, b = link.stops[0], link.stops[-1]
        own = edges[
            (edges["key"] == link.id) & (edges["from_place"] == a) & (edges["to_place"] == b)
        ]
        if own.empty or a not in base.index or b not in base.columns:
            continue
        mine, before = float(own["line_haul"].min()) / 60.0, float(base.at[a, b])
        if np.isfinite(before) and mine >= before - 0.05:
            out.append(
                f"{link.name} takes {mine:.0f} min end to end against {before:.0f} min by "
                f"the {layer} network before it"
            )
    return out


__all__ = ["zero_benefit_reason"]
