"""Train services and locks: what runs over the links, and what slows a river.

A *service* (``services.csv``) is a train that runs through over several links with
its own calling pattern: a Chengdu–Dazhou D train over the Chengdu–Suining line and
the Dacheng railway, a Chengdu–Yibin train over two lines that meet at Leshan. Its
passengers stay on board where the lines meet, so no change penalty applies there.
:func:`service_links` turns each service into a link of the loaded dataset (flag
``service``) whose stops are the path it runs over and whose ``express_stops`` are
its calls; each of its segments keeps the length, speed and mode of the track it runs
on (``segment_speeds``, ``segment_modes``), and the upgrades of that track reach it.

A *lock* (``locks.csv``) sits on a waterway link after one of its stops and adds its
passage time to the voyage (under way) and its wait to the elapsed time.

:func:`check_services` and :func:`check_locks` report what is wrong with either file
as :class:`~geo.errors.Problem` records, as the rest of :mod:`geo.validation` does.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.errors import Problem

#: Modes a service may run over (trains run on rail track).
TRACK_MODES = frozenset({"hsr", "rail"})


@dataclass(frozen=True)
class Piece:
    """The part of one link a service runs over: positions ``start`` to ``end`` of its stops."""

    link_id: str
    start: int
    end: int


def _labels(frame: pd.DataFrame) -> list[str]:
    ids = frame["id"] if "id" in frame.columns else pd.Series([""] * len(frame))
    return [str(i) if i else f"row {n + 1}" for n, i in enumerate(ids)]


def split_link(token: str) -> tuple[str, str]:
    """Return ``(link id, junction)`` of a ``links`` entry ``id`` or ``id@stop``.

    Parameters
    ----------
    token : str

    Returns
    -------
    tuple of (str, str)
        The junction is '' when the entry does not name one.
    """
    link, _, junction = token.partition("@")
    return link, junction


def service_pieces(
    links_of: tuple[str, ...], first: str, last: str, stops_of: dict[str, tuple[str, ...]]
) -> tuple[list[Piece], str]:
    """Return the pieces of track a service runs over, or an explanation of why not.

    A service leaves each link at its junction with the next: the stop the entry names
    (``link@stop``), else the one stop both links share beyond the point of entry. Where
    they share stops on both sides of it, the junction is ambiguous and must be named.

    Parameters
    ----------
    links_of : tuple of str
        The service's links (``id`` or ``id@junction``), in running order.
    first, last : str
        Its end stops.
    stops_of : dict of str to tuple of str
        The stops of every link.

    Returns
    -------
    tuple of (list of Piece, str)
        The pieces (empty when the path is broken) and the reason ('' when it is not).
    """
    pieces: list[Piece] = []
    here = first
    for k, token in enumerate(links_of):
        link, named = split_link(token)
        stops = stops_of[link]
        if here not in stops:
            return [], f"'{here}' is not a stop of link '{link}'"
        start = stops.index(here)
        if k + 1 < len(links_of):
            following = set(stops_of[split_link(links_of[k + 1])[0]])
            if named:
                if named not in stops or named not in following:
                    return [], f"junction '{named}' is not a stop of both '{link}' and the next"
                end = stops.index(named)
            else:
                ahead = [stops.index(s) for s in stops if s in following and s != here]
                if not ahead:
                    return [], f"links '{link}' and '{links_of[k + 1]}' have no stop in common"
                if min(ahead) < start < max(ahead):
                    return [], (
                        f"the junction of '{link}' with the next link is ambiguous: "
                        "name it as link@stop"
                    )
                end = min(ahead, key=lambda p: abs(p - start))
        else:
            if last not in stops:
                return [], f"the last stop '{last}' is not a stop of link '{link}'"
            end = stops.index(last)
        if end == start:
            return [], f"the service does not move along link '{link}'"
        pieces.append(Piece(link, start, end))
        here = stops[end]
    return pieces, ""


def _path(pieces: list[Piece], stops_of: dict[str, tuple[str, ...]]) -> list[str]:
    path: list[str] = []
    for piece in pieces:
        stops = stops_of[piece.link_id]
        step = 1 if piece.end > piece.start else -1
        part = [stops[i] for i in range(piece.start, piece.end + step, step)]
        path += part if not path else part[1:]
    return path


def check_services(
    file: str,
    services: pd.DataFrame,
    links: pd.DataFrame,
    mode_of: dict[str, str],
    fixed_links: set[str] | None = None,
    opened_of: dict[str, float] | None = None,
    base_year: float = float("inf"),
) -> list[Problem]:
    """Check every service: its links exist and join up, and its calls lie on its path.

    Parameters
    ----------
    file : str
        File name, for the messages.
    services : pandas.DataFrame
        The typed ``services`` table.
    links : pandas.DataFrame
        Every link (base and project), with ``id``, ``stops``, ``mode`` and
        ``project_id``.
    mode_of : dict of str to str
        Mode of each link id.
    fixed_links : set of str, optional
        Links that publish minutes or an upstream speed, themselves or by an upgrade: a
        service cannot run over them (its segments carry one speed each).
    opened_of : dict of str to float, optional
        Opening year of each base link.
    base_year : float, optional
        The dataset's base year: a service on a project's line may not need base track
        that opens later (default: no base year).

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    stops_of = dict(zip(links["id"], links["stops"], strict=True))
    project_of = dict(zip(links["id"], links["project_id"], strict=True))
    fixed = set(fixed_links or ())
    opened_of = opened_of or {}
    for label, row in zip(_labels(services), services.itertuples(index=False), strict=True):
        names = [split_link(token)[0] for token in row.links]
        unknown = [link for link in names if link not in stops_of]
        if unknown:
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    f"link '{unknown[0]}' is not in the links files",
                    "use the ids of links.csv or project_links.csv, in running order",
                )
            )
            continue
        track = [link for link in names if mode_of[link] not in TRACK_MODES]
        if track:
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    f"link '{track[0]}' is a {mode_of[track[0]]} link, not rail track",
                    "list only hsr and rail links",
                )
            )
            continue
        timed = [link for link in names if link in fixed]
        if timed:
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    f"link '{timed[0]}' (or an upgrade of it) has published minutes or an "
                    "upstream speed, which a service cannot take over",
                    "give the link (and its upgrades) a speed_kmh only, or drop the service",
                )
            )
            continue
        projects = sorted({project_of[link] for link in names} - {""})
        if len(projects) > 1:
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    f"runs over the new lines of {len(projects)} projects ({', '.join(projects)})",
                    "split it into services that each need at most one project",
                )
            )
        late = [
            link
            for link in names
            if projects and not project_of[link] and opened_of.get(link, 0) > base_year
        ]
        if late:
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    f"runs over project {projects[0]}'s new line and over '{late[0]}', which "
                    f"opens after the base year {base_year:g}: in the scenarios without a year "
                    "(baseline+project, full) that track is not there",
                    "split the service at the project line, or give the base link's year",
                )
            )
        if len(row.stops) < 2:
            problems.append(
                Problem(
                    file,
                    label,
                    "stops",
                    "names fewer than two calls",
                    "list the stops the train calls at, first and last included",
                )
            )
            continue
        pieces, why = service_pieces(row.links, row.stops[0], row.stops[-1], stops_of)
        if not pieces:
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    f"the path is broken: {why}",
                    "list the links in running order, each sharing a stop with the next",
                )
            )
            continue
        path = _path(pieces, stops_of)
        if len(set(path)) < len(path):
            problems.append(
                Problem(
                    file,
                    label,
                    "links",
                    "the path passes a stop twice",
                    "split the service where it turns back",
                )
            )
            continue
        positions = [path.index(s) if s in path else -1 for s in row.stops]
        if -1 in positions or any(b <= a for a, b in itertools.pairwise(positions)):
            problems.append(
                Problem(
                    file,
                    label,
                    "stops",
                    f"'{';'.join(row.stops)}' is not in order along the path {';'.join(path)}",
                    "list calls that lie on the path, in running order",
                )
            )
        opened, closed = _year(row.opened), _year(row.closed)
        if opened == opened and closed == closed and closed <= opened:
            problems.append(
                Problem(
                    file,
                    label,
                    "closed",
                    f"{closed:g} is not after opened {opened:g}",
                    "give the first year the service no longer ran",
                )
            )
    return problems


def _year(value: object) -> float:
    """Return a year cell as a float (NaN when empty)."""
    return float("nan") if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]


def check_locks(file: str, locks: pd.DataFrame, links: pd.DataFrame) -> list[Problem]:
    """Check every lock: on a waterway link, after one of its stops but the last.

    Parameters
    ----------
    file : str
    locks : pandas.DataFrame
        The typed ``locks`` table.
    links : pandas.DataFrame
        Every link, with ``id``, ``mode`` and ``stops``.

    Returns
    -------
    list of Problem
    """
    problems: list[Problem] = []
    by_id = {row.id: row for row in links.itertuples(index=False)}
    for label, row in zip(_labels(locks), locks.itertuples(index=False), strict=True):
        link = by_id.get(row.link_id)
        if link is None:
            problems.append(
                Problem(
                    file,
                    label,
                    "link_id",
                    f"link '{row.link_id}' is not in the links files",
                    "use the id of the waterway link the lock is on",
                )
            )
        elif link.mode != "waterway":
            problems.append(
                Problem(
                    file,
                    label,
                    "link_id",
                    f"link '{row.link_id}' is a {link.mode} link",
                    "a lock belongs on a waterway link",
                )
            )
        elif row.after_stop not in link.stops[:-1]:
            problems.append(
                Problem(
                    file,
                    label,
                    "after_stop",
                    f"'{row.after_stop}' is not a stop of '{row.link_id}' before its last",
                    f"use one of {';'.join(link.stops[:-1])}: the stop just before the lock",
                )
            )
    return problems


def service_links(
    services: pd.DataFrame,
    links: pd.DataFrame,
    segments: pd.DataFrame,
    upgrades: pd.DataFrame,
    project_years: dict[str, float],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the services as links, and the upgrades of their track as their own.

    Parameters
    ----------
    services : pandas.DataFrame
        The typed, checked ``services`` table.
    links : pandas.DataFrame
        Every link, indexed by id (``stops``, ``mode``, ``speed_kmh``, ``opened``,
        ``closed``, ``project_id``).
    segments : pandas.DataFrame
        :func:`geo.measure.link_segments` of ``links``.
    upgrades : pandas.DataFrame
        The project upgrades (``project_id``, ``link_id``, ``speed_kmh``).
    project_years : dict of str to float
        Opening year of each project (NaN: unknown).

    Returns
    -------
    tuple of (pandas.DataFrame, pandas.DataFrame)
        Link records (the links' columns plus ``service``, ``segment_speeds`` and
        ``segment_modes``) and upgrade records (with ``segment_speeds``: the new
        speed on the upgraded track's segments, NaN elsewhere).
    """
    stops_of = {str(k): tuple(v) for k, v in links["stops"].items()}
    by_link = {str(k): g for k, g in segments.groupby("link_id", sort=False)}
    rows, derived = [], []
    for service in services.itertuples(index=False):
        pieces, _ = service_pieces(service.links, service.stops[0], service.stops[-1], stops_of)
        path, km, minutes, speeds, modes, owner = _walk(pieces, links, by_link, stops_of)
        cap = float(getattr(service, "max_kmh", np.nan))
        if cap == cap:  # a train slower than the track runs at its own speed and class
            modes = [service.mode if v > cap else m for v, m in zip(speeds, modes, strict=True)]
            speeds = [min(v, cap) for v in speeds]
        project = next(
            (
                links.at[p.link_id, "project_id"]
                for p in pieces
                if links.at[p.link_id, "project_id"]
            ),
            "",
        )
        # A service runs once all its track is open: the latest opening of its pieces
        # (a project's new line counts from its own year, or its project's).
        years = [_year(service.opened)]
        for p in pieces:
            own = _year(links.at[p.link_id, "opened"])
            if links.at[p.link_id, "project_id"] and own != own:
                own = float(project_years.get(str(links.at[p.link_id, "project_id"]), np.nan))
            years.append(own)
        known = [y for y in years if y == y]
        opened = max(known) if known else np.nan
        closes = [_year(service.closed), *(_year(links.at[p.link_id, "closed"]) for p in pieces)]
        known = [c for c in closes if c == c]
        closed = min(known) if known else np.nan
        rows.append(
            {
                "id": service.id,
                "mode": service.mode,
                "name": service.name,
                "name_zh": service.name_zh,
                "stops": tuple(path),
                "express_stops": tuple(service.stops),
                "length_km": tuple(km),
                "speed_kmh": float(np.nanmax(speeds)),
                "minutes": tuple(minutes),
                "reverse_speed_kmh": np.nan,
                "opened": opened,
                "closed": closed,
                "lanes": pd.NA,
                "trains_per_day": service.trains_per_day,
                "hours_per_day": np.nan,
                "source": service.source,
                "project_id": project,
                "service": True,
                "segment_speeds": tuple(speeds),
                "segment_modes": tuple(modes),
            }
        )
        for up in upgrades.itertuples(index=False):
            if up.link_id in owner and not np.isnan(up.speed_kmh):
                raised = min(up.speed_kmh, cap) if cap == cap else up.speed_kmh
                new = tuple(raised if o == up.link_id else np.nan for o in owner)
                derived.append(
                    {
                        "project_id": up.project_id,
                        "link_id": service.id,
                        "speed_kmh": np.nan,
                        "minutes": (),
                        "reverse_speed_kmh": np.nan,
                        "source": f"the upgrade of {up.link_id}, which the service runs over",
                        "segment_speeds": new,
                    }
                )
    return pd.DataFrame(rows), pd.DataFrame(derived)


def _walk(
    pieces: list[Piece],
    links: pd.DataFrame,
    by_link: dict[str, pd.DataFrame],
    stops_of: dict[str, tuple[str, ...]],
) -> tuple[list[str], list[float], list[float], list[float], list[str], list[str]]:
    """Path, then per segment: km, published minutes, speed, track mode and link."""
    km: list[float] = []
    minutes: list[float] = []
    speeds: list[float] = []
    modes: list[str] = []
    owner: list[str] = []
    for piece in pieces:
        segs = by_link[piece.link_id]
        lo, hi = sorted((piece.start, piece.end))
        part = segs.iloc[lo:hi]
        if piece.end < piece.start:
            part = part.iloc[::-1]
        km += part["length_km"].tolist()
        minutes += part["minutes"].tolist()
        n = len(part)
        speeds += [float(links.at[piece.link_id, "speed_kmh"])] * n
        modes += [str(links.at[piece.link_id, "mode"])] * n
        owner += [piece.link_id] * n
    return _path(pieces, stops_of), km, minutes, speeds, modes, owner


def lock_minutes(
    locks: pd.DataFrame, links: pd.DataFrame
) -> dict[str, list[tuple[int, float, float]]]:
    """Return, per waterway link, its locks as (segment, passage minutes, wait minutes).

    Parameters
    ----------
    locks : pandas.DataFrame
        The checked ``locks`` table.
    links : pandas.DataFrame
        Links indexed by id, with ``stops``.

    Returns
    -------
    dict of str to list of (int, float, float)
        Segment number (0-based, along the link's stops) of each lock.
    """
    out: dict[str, list[tuple[int, float, float]]] = {}
    for row in locks.itertuples(index=False):
        segment = tuple(links.at[row.link_id, "stops"]).index(row.after_stop)
        wait = 0.0 if np.isnan(row.wait_minutes) else float(row.wait_minutes)
        out.setdefault(str(row.link_id), []).append((segment, float(row.passage_minutes), wait))
    return out


__all__ = [
    "TRACK_MODES",
    "Piece",
    "check_locks",
    "check_services",
    "lock_minutes",
    "service_links",
    "service_pieces",
    "split_link",
]
