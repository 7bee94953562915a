"""Finding places by id or name (case-insensitive), with suggestions when unknown."""

from __future__ import annotations

import difflib
import re

from geo.dataset import Dataset
from geo.errors import UnknownPlaceError


def _fold(text: str) -> str:
    """Lower-case and drop spaces, apostrophes and dashes: "Guang'an" -> "guangan"."""
    return re.sub(r"[\s'’`\-–_]", "", str(text)).lower()


def resolve_place(dataset: Dataset, query: str) -> str:
    """Return the node id that ``query`` names: an id, English or Chinese name.

    Raises
    ------
    geo.errors.UnknownPlaceError
        With up to five closest matches.
    """
    nodes = dataset.nodes
    folded = _fold(query)
    lookup: dict[str, str] = {}
    for node_id, name, name_zh in zip(nodes["id"], nodes["name"], nodes["name_zh"], strict=True):
        for key in (node_id, name, name_zh):
            if key:
                lookup.setdefault(_fold(key), node_id)
    if folded in lookup:
        return lookup[folded]
    close = difflib.get_close_matches(folded, list(lookup), n=5, cutoff=0.6)
    suggestions = list(dict.fromkeys(lookup[c] for c in close))
    if not suggestions:
        suggestions = [n for n in nodes["id"] if folded and folded in _fold(n)][:5]
    raise UnknownPlaceError(query, suggestions)
