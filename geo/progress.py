"""Progress on stderr for long steps: a bar over named stages (tqdm, terminals only).

A regional dataset loads and compiles in a second and needs no bar; a national one
(a 150,000-link file) takes tens of seconds, and a silent terminal for that long looks
hung. :class:`Stages` shows a bar only when asked (``progress``), when the work is
large (the caller decides) and when stderr is a terminal (tqdm's ``disable=None``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

#: Total size of a dataset's files (bytes) from which loading shows a bar.
LARGE_BYTES = 2_000_000
#: Links from which compiling the network shows a bar.
LARGE_LINKS = 20_000

#: A callback told each stage as it ends.
Step = Callable[[str], None]


class Stages:
    """A progress bar over ``total`` named stages, or nothing.

    Parameters
    ----------
    description : str
        What is under way ("loading nodes.csv …").
    total : int
        Number of stages.
    enabled : bool
        Show the bar (it still hides itself when stderr is not a terminal).

    Examples
    --------
    >>> with Stages("loading", 2, enabled=False) as step:
    ...     step("read")
    ...     step("checked")
    """

    def __init__(self, description: str, total: int, *, enabled: bool) -> None:
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total, desc=description, unit="step", leave=False, disable=None, mininterval=0
            )

    def __call__(self, label: str) -> None:
        """Mark the stage ``label`` as done."""
        if self._bar is not None:
            self._bar.set_postfix_str(label, refresh=False)
            self._bar.update()

    def close(self) -> None:
        """Remove the bar."""
        if self._bar is not None:
            self._bar.close()

    def __enter__(self) -> Stages:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def no_step(label: str) -> None:
    """Do nothing with a finished stage (the default :data:`Step`)."""


__all__ = ["LARGE_BYTES", "LARGE_LINKS", "Stages", "Step", "no_step"]
