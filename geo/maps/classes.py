"""Colour scales of fixed, labelled classes, and their legend.

Every map of one measure uses the same classes (minutes: 0–30, 30–60, …), so a
before map and an after map, or two projects' maps, can be laid side by side and read
alike. The legend draws one box per class, all the same width, labelled with the
class's range: small classes (0–1 minute saved) stay as legible as large ones.
"""

from __future__ import annotations

import html
import itertools
from typing import Any

import numpy as np
from branca.element import MacroElement, Template


class ClassScale(MacroElement):
    """A colour scale of fixed classes; call it for a colour, add it to a map for a legend.

    Parameters
    ----------
    breaks : sequence of float
        Lower limits of the classes, ascending; the last class is open ("720+").
    colours : sequence of str
        One per class.
    caption : str
        Legend title (escaped).
    unit : str, default ""
        Appended to each class label (escaped).
    corner : {"bottomright", "bottomleft"}, default "bottomright"
        Where the legend stands (clear of the layer control and the scale bar).
    labels : list of str, optional
        The classes' labels (escaped), instead of their ranges.
    """

    _template = Template(
        """{% macro html(this, kwargs) %}
<div class="legend class-legend" style="position:absolute;{{ this.place }};z-index:1000;
background:rgba(255,255,255,0.9);padding:6px 8px;border-radius:4px;
font:12px sans-serif;box-shadow:0 0 4px rgba(0,0,0,.3)">
<div style="font-weight:bold;margin-bottom:4px">{{ this.title }}</div>
{% for colour, label in this.items %}<div style="display:flex;align-items:center;gap:6px">
<span style="display:inline-block;width:18px;height:12px;background:{{ colour }};
border:1px solid #888"></span><span>{{ label }}</span></div>
{% endfor %}</div>
{% endmacro %}"""
    )

    def __init__(
        self,
        breaks: tuple[float, ...] | list[float],
        colours: tuple[str, ...] | list[str],
        caption: str,
        unit: str = "",
        corner: str = "bottomright",
        labels: list[str] | None = None,
    ) -> None:
        super().__init__()
        if len(breaks) != len(colours) or list(breaks) != sorted(breaks):
            raise ValueError("one colour per class and ascending breaks")
        self._name = "ClassScale"
        self.breaks = np.asarray(breaks, dtype=float)
        self.colours = list(colours)
        self.caption = caption
        self.title = html.escape(caption)
        self.place = {
            "bottomright": "bottom:24px;right:10px",
            "bottomleft": "bottom:60px;left:10px",
        }[corner]
        shown = [html.escape(t) for t in labels] if labels is not None else self.labels(unit)
        self.items = list(zip(self.colours, shown, strict=True))

    def labels(self, unit: str = "") -> list[str]:
        """Return the escaped label of each class ("0–30 min", …, "720+ min").

        Parameters
        ----------
        unit : str, default ""

        Returns
        -------
        list of str
        """
        tail = f" {html.escape(unit)}" if unit else ""
        values = [_short(b) for b in self.breaks]
        pairs = [f"{a}–{b}" for a, b in itertools.pairwise(values)]
        return [p + tail for p in [*pairs, f"{values[-1]}+"]]

    def index(self, value: Any) -> int:
        """Return the class of ``value`` (below the first break: the first class).

        Parameters
        ----------
        value : float

        Returns
        -------
        int
        """
        k = int(np.searchsorted(self.breaks, float(value), side="right")) - 1
        return min(max(k, 0), len(self.colours) - 1)

    def __call__(self, value: Any) -> str:
        """Return the colour of ``value``."""
        return self.colours[self.index(value)]

    def render(self, **kwargs: Any) -> Any:  # branca returns None here, types say str
        """Return what branca renders, the legend added to the page as a box over the map."""
        figure = self.get_root()
        figure.html.add_child(self)  # type: ignore[attr-defined]
        return super().render(**kwargs)


def _short(value: float) -> str:
    """Return a class limit as a planner reads it: 30, 250 k, 1.5 M."""
    if abs(value) >= 1e6:
        return f"{value / 1e6:g} M"
    if abs(value) >= 1e3:
        return f"{value / 1e3:g} k"
    return f"{value:g}"


__all__ = ["ClassScale"]
