"""Roll zone results up to prefectures and provinces, never counting anyone twice.

A prefecture's (or province's) figure is computed from its zones, not counted again: a
count (population, person-minutes) is the sum over its zones, a measure per resident
(minutes, residents within reach, gravity) the population-weighted mean. A place
outside every zone (an external city) stands for itself at every level.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.dataset import Dataset

LEVELS: tuple[str, ...] = ("zone", "prefecture", "province")
#: Columns that are counts (summed); every other numeric column is a per-resident mean.
SUM_COLUMNS = frozenset({"population", "weight", "person_minutes", "newly_reachable_trips"})


def group_of(dataset: Dataset, places: list[str], level: str) -> pd.Series:
    """Return the group (prefecture or province name) of each place at ``level``.

    Parameters
    ----------
    dataset : geo.dataset.Dataset
    places : list of str
        Node ids (zones and places).
    level : {"zone", "prefecture", "province"}

    Returns
    -------
    pandas.Series
        Indexed by ``places``: the zone's prefecture or province; a node that is not a
        zone keeps its own name (its ``province`` at province level, if given).
    """
    if level not in LEVELS:
        raise ValueError(f"level '{level}' is not one of {', '.join(LEVELS)}")
    nodes = dataset.nodes
    unique = list(dict.fromkeys(places))
    names = nodes.loc[unique, "name"].astype(str)
    groups = dict(zip(unique, names, strict=True))
    if level == "province":
        for place, province in zip(unique, nodes.loc[unique, "province"].astype(str), strict=True):
            groups[place] = province or groups[place]
    zones = dataset.zones
    if zones is not None and level != "zone":
        for place in unique:
            if place in zones.index and str(zones.at[place, level]):
                groups[place] = str(zones.at[place, level])
    return pd.Series([groups[p] for p in places], index=places)


def roll_up(frame: pd.DataFrame, dataset: Dataset, level: str) -> pd.DataFrame:
    """Return a per-place table rolled up to ``level`` (sums and weighted means).

    Parameters
    ----------
    frame : pandas.DataFrame
        Indexed by place id; numeric columns are summed (:data:`SUM_COLUMNS`) or
        averaged weighted by ``weight`` (else ``population``); text columns are dropped
        except ``name``.
    dataset : geo.dataset.Dataset
    level : {"zone", "prefecture", "province"}

    Returns
    -------
    pandas.DataFrame
        Indexed by group name, with ``zones`` (how many rows it sums), ordered as the
        groups first appear.
    """
    if level == "zone":
        return frame
    places = [str(p) for p in frame.index]
    group = group_of(dataset, places, level).to_numpy()
    weight_column = "weight" if "weight" in frame.columns else "population"
    weight = pd.to_numeric(frame[weight_column], errors="coerce").fillna(0.0).to_numpy(float)
    numeric = [
        c for c in frame.columns if c != "circle" and pd.api.types.is_numeric_dtype(frame[c])
    ]
    order = list(dict.fromkeys(group))
    rows = []
    for name in order:
        mine = group == name
        w = weight[mine]
        row: dict[str, object] = {level: name, "zones": int(mine.sum())}
        for column in numeric:
            values = pd.to_numeric(frame[column], errors="coerce").to_numpy(float)[mine]
            if column in SUM_COLUMNS:
                row[column] = float(np.nansum(values))
            else:
                ok = ~np.isnan(values) & (w > 0)
                total = w[ok].sum()
                row[column] = float((values[ok] * w[ok]).sum() / total) if total > 0 else np.nan
        rows.append(row)
    return pd.DataFrame(rows).set_index(level)


def roll_up_matrix(matrix: pd.DataFrame, dataset: Dataset, level: str) -> pd.DataFrame:
    """Return the population-weighted mean minutes between groups of places.

    Parameters
    ----------
    matrix : pandas.DataFrame
        Origins × destinations (ids), minutes; NaN = unreachable.
    dataset : geo.dataset.Dataset
    level : {"zone", "prefecture", "province"}

    Returns
    -------
    pandas.DataFrame
        Groups × groups: Σ wᵢ wⱼ tᵢⱼ / Σ wᵢ wⱼ over the reachable pairs of distinct
        places (weights: residents); NaN where no pair is reachable.
    """
    if level == "zone":
        return matrix
    weight = dataset.nodes["weight"].clip(lower=0.0)
    rows, cols = [str(p) for p in matrix.index], [str(p) for p in matrix.columns]
    g_row = group_of(dataset, rows, level).to_numpy()
    g_col = group_of(dataset, cols, level).to_numpy()
    w_row, w_col = weight[rows].to_numpy(float), weight[cols].to_numpy(float)
    t = matrix.to_numpy(float)
    pair_w = np.outer(w_row, w_col)
    pair_w[np.equal.outer(np.array(rows), np.array(cols))] = 0.0
    reachable = ~np.isnan(t)
    names_r, names_c = list(dict.fromkeys(g_row)), list(dict.fromkeys(g_col))
    out = np.full((len(names_r), len(names_c)), np.nan)
    for a, ra in enumerate(names_r):
        for b, cb in enumerate(names_c):
            block = np.ix_(g_row == ra, g_col == cb)
            w, ok = pair_w[block], reachable[block]
            if (w * ok).sum() > 0:
                out[a, b] = float((np.where(ok, t[block], 0.0) * w).sum() / (w * ok).sum())
    frame = pd.DataFrame(out, index=pd.Index(names_r, name="origin"), columns=names_c)
    frame.columns.name = "destination"
    frame.attrs.update(matrix.attrs, level=level)
    return frame


def roll_up_circles(circles: pd.DataFrame, dataset: Dataset, level: str) -> pd.DataFrame:
    """Return, per core and group, how many places and residents are in each circle.

    Parameters
    ----------
    circles : pandas.DataFrame
        From :func:`network.circles.circle_members` (``core``, ``place``,
        ``member_before``, ``member_after``).
    dataset : geo.dataset.Dataset
    level : {"zone", "prefecture", "province"}

    Returns
    -------
    pandas.DataFrame
        ``core``, the level, ``places``, ``in_before``, ``in_after`` (places) and
        ``residents_before``, ``residents_after`` (their weights summed); the
        unchanged frame for ``zone``.
    """
    if level == "zone" or circles.empty:
        return circles
    weight = dataset.nodes["weight"]
    frame = circles.assign(
        group=group_of(dataset, [str(p) for p in circles["place"]], level).to_numpy(),
        w=circles["place"].map(weight).astype(float).to_numpy(),
    )
    rows = []
    for (core, group), part in frame.groupby(["core", "group"], sort=False):
        rows.append(
            {
                "core": core,
                level: group,
                "places": len(part),
                "in_before": int(part["member_before"].sum()),
                "in_after": int(part["member_after"].sum()),
                "residents_before": float(part.loc[part["member_before"], "w"].sum()),
                "residents_after": float(part.loc[part["member_after"], "w"].sum()),
            }
        )
    return pd.DataFrame(rows)


__all__ = ["LEVELS", "SUM_COLUMNS", "group_of", "roll_up", "roll_up_circles", "roll_up_matrix"]
