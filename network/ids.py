"""Node ids of the graph.

A place's own id for the place, ``place|mode`` for its station (boarding) and
``place|mode|arr`` for its arrival (alighting) node.
"""

from __future__ import annotations

SEP = "|"


def station_id(place: str, mode: str) -> str:
    """Return the id of the station node (boarding) of ``mode`` at ``place``.

    Parameters
    ----------
    place : str
        Place id.
    mode : str

    Returns
    -------
    str
    """
    return f"{place}{SEP}{mode}"


def arrival_id(place: str, mode: str) -> str:
    """Return the id of the arrival node (alighting) of ``mode`` at ``place``.

    Parameters
    ----------
    place : str
        Place id.
    mode : str

    Returns
    -------
    str
    """
    return f"{place}{SEP}{mode}{SEP}arr"


__all__ = ["SEP", "arrival_id", "station_id"]
