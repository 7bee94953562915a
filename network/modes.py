"""Mode sets: which modes a trip may use (rail, road, water, any, freight)."""

from __future__ import annotations

from geo.errors import ModeSetError
from geo.schema import MODE_SETS, MODES


def resolve_modes(modes: str | frozenset[str] | set[str] | None) -> frozenset[str]:
    """Return the modes of a mode set name (``rail``), a mode (``hsr``) or a comma list.

    Raises
    ------
    geo.errors.ModeSetError
        For an unknown name.
    """
    if modes is None:
        return MODE_SETS["any"]
    if isinstance(modes, set | frozenset):
        chosen: set[str] = set(modes)
    else:
        chosen = set()
        for part in str(modes).lower().split(","):
            part = part.strip()
            if part in MODE_SETS:
                chosen |= MODE_SETS[part]
            elif part in MODES:
                chosen.add(part)
            else:
                raise ModeSetError(
                    f"unknown mode set '{part}': use one of {', '.join(MODE_SETS)} "
                    f"or a mode ({', '.join(MODES)}), comma-separated"
                )
    unknown = chosen - set(MODES)
    if unknown:
        raise ModeSetError(f"unknown mode(s) {', '.join(sorted(unknown))}")
    return frozenset(chosen)


def mode_set_name(modes: frozenset[str]) -> str:
    """Name of a mode set if it is a named one, else the sorted comma list.

    Returns
    -------
    str
        E.g. ``rail``, or ``hsr,metro``.
    """
    for name, members in MODE_SETS.items():
        if members == modes:
            return name
    return ",".join(sorted(modes))


__all__ = [
    "mode_set_name",
    "resolve_modes",
]
