"""Finding places by id or name, English or Chinese, in any case, with suggestions.

Every public entry point of Corridor accepts a place as its id (``chengdu``), its
English name (``Chengdu``, ``chengdu``, ``Guang'an`` or ``guangan``) or its Chinese
name (``成都``), or an alias of the nodes file (``蓉``, ``渝``). A name with a qualifier
in brackets, such as ``重庆（主城区）``, or an administrative suffix (``万州区``,
``Tongnan District``) is also found without it (``重庆``, ``Tongnan``) when that short
form names one place only, and a query with a suffix the data leaves out (``成都市``,
``Chengdu City``) finds the place without it. Anything else
raises :class:`~geo.errors.UnknownPlaceError` with the closest matches; it never comes
back as "unreachable".
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from geo.errors import UnknownPlaceError

_SEPARATORS = re.compile(r"[\s'’`\-–—_·.]")
_QUALIFIER = re.compile(r"\s*[(（][^)）]*[)）]\s*$")
#: Administrative suffixes a name may be given with or without (成都市, Chengdu City).
_ADMIN = re.compile(r"(自治县|地区|新区|市|区|县|\s+(city|district|county|prefecture))$", re.I)


def fold(text: str) -> str:
    """Return ``text`` folded for matching: lower case, no spaces, apostrophes, dashes.

    Examples
    --------
    >>> fold("Guang'an")
    'guangan'
    """
    return _SEPARATORS.sub("", str(text)).lower()


class PlaceIndex:
    """Look-up of place ids by id or name.

    Parameters
    ----------
    records : iterable of (id, name, name_zh, *aliases)
        One tuple per place; empty names are skipped. On a clash the first place wins;
        ids win over names, and names over aliases.

    Examples
    --------
    >>> index = PlaceIndex([("chongqing", "Chongqing", "重庆（主城区）")])
    >>> index.resolve("重庆"), index.resolve("CHONGQING")
    ('chongqing', 'chongqing')
    """

    def __init__(self, records: Iterable[tuple[str, str, str]]) -> None:
        records = list(records)
        self.ids: tuple[str, ...] = tuple(r[0] for r in records)
        self._lookup: dict[str, str] = {}
        for place_id, *_ in records:
            self._lookup.setdefault(fold(place_id), place_id)
        for place_id, *names in records:  # own names before any alias
            for name in names[:2]:
                if name:
                    self._lookup.setdefault(fold(name), place_id)
        for place_id, *names in records:
            for name in names[2:]:
                if name:
                    self._lookup.setdefault(fold(name), place_id)
        short: dict[str, set[str]] = {}
        for place_id, *names in records:
            for name in names:
                bare = _QUALIFIER.sub("", name or "")
                for form in (bare, _bare(bare)):
                    if form and form != name:
                        short.setdefault(fold(form), set()).add(place_id)
        for key, owners in short.items():
            if len(owners) == 1:
                self._lookup.setdefault(key, next(iter(owners)))

    def __contains__(self, query: object) -> bool:
        """Whether ``query`` names a place of the index (as :meth:`resolve` finds it)."""
        if not isinstance(query, str):
            return False
        return any(key and key in self._lookup for key in (fold(query), fold(_bare(query))))

    def __len__(self) -> int:
        return len(self.ids)

    def resolve(self, query: str) -> str:
        """Return the id of the place ``query`` names.

        Parameters
        ----------
        query : str
            An id, or an English or Chinese name (case, spaces, apostrophes and dashes
            do not matter).

        Returns
        -------
        str
            The place id.

        Raises
        ------
        geo.errors.UnknownPlaceError
            With up to five closest matches (ids).
        """
        for key in (fold(query), fold(_bare(str(query)))):
            if key and key in self._lookup:
                return self._lookup[key]
        raise UnknownPlaceError(str(query), self.suggest(query))

    def resolve_many(self, queries: Iterable[str]) -> list[str]:
        """Return the ids of several places, in order, each once."""
        return list(dict.fromkeys(self.resolve(q) for q in queries))

    def suggest(self, query: str, n: int = 5) -> list[str]:
        """Return up to ``n`` ids whose id or names are closest to ``query``.

        Parameters
        ----------
        query : str
            An id or a name, compared after :func:`fold`.
        n : int, default 5
            Most ids returned.

        Returns
        -------
        list of str
            Closest first; else ids whose id or names contain ``query`` or are contained
            in it; empty when nothing is close.
        """
        key = fold(query)
        close = difflib.get_close_matches(key, list(self._lookup), n=n * 2, cutoff=0.6)
        found = list(dict.fromkeys(self._lookup[c] for c in close))
        if not found and key:
            found = [place for k, place in self._lookup.items() if key in k or (k and k in key)]
            found = list(dict.fromkeys(found))
        return found[:n]


def _bare(name: str) -> str:
    """Return ``name`` without an administrative suffix, or '' when too little is left."""
    bare = _ADMIN.sub("", name.strip())
    return bare if bare != name.strip() and len(bare) >= 2 else ""


__all__ = ["PlaceIndex", "fold"]
