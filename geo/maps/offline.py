"""Self-contained pages: every script, stylesheet and icon inlined, nothing fetched.

Leaflet comes from the ``xstatic-leaflet`` package; every plugin script, stylesheet
and icon is vendored in ``geo/assets/vendor`` (see its README for versions and
licences). A script or stylesheet the table does not know is an error, never a
silent CDN link.
"""

from __future__ import annotations

import base64
import mimetypes
import re
from pathlib import Path
from typing import Any

from geo.errors import MapError

ASSETS = Path(__file__).resolve().parent.parent / "assets" / "vendor"
"""Vendored plugin scripts, stylesheets and icons (``geo/assets/vendor``)."""

_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)"\s*/?>')
_CSS_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


def _leaflet_dir() -> Path:
    import xstatic.pkg.leaflet as xleaflet

    return Path(xleaflet.BASE_DIR)


def _asset_table() -> dict[str, Path]:
    """Known script and stylesheet URLs → the local file that replaces them."""
    leaflet = _leaflet_dir()
    return {
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js": leaflet / "leaflet.js",
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css": leaflet / "leaflet.css",
        "https://cdnjs.cloudflare.com/ajax/libs/d3/3.5.5/d3.min.js": ASSETS
        / "d3-3.5.5"
        / "d3.min.js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.min.js": ASSETS
        / "leaflet.fullscreen-3.0.0"
        / "Control.FullScreen.js",
        "https://cdn.jsdelivr.net/npm/leaflet.fullscreen@3.0.0/Control.FullScreen.css": ASSETS
        / "leaflet.fullscreen-3.0.0"
        / "Control.FullScreen.css",
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.js": (
            ASSETS / "leaflet-measure-2.1.7" / "leaflet-measure.min.js"
        ),
        "https://cdn.jsdelivr.net/gh/ljagis/leaflet-measure@2.1.7/dist/leaflet-measure.min.css": (
            ASSETS / "leaflet-measure-2.1.7" / "leaflet-measure.css"
        ),
        "https://cdn.jsdelivr.net/gh/jieter/Leaflet.Sync/L.Map.Sync.min.js": ASSETS
        / "leaflet.sync-0.2.4"
        / "L.Map.Sync.js",
    }


def _data_uri(path: Path) -> str:
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    if path.suffix == ".svg":
        mime = "image/svg+xml"
    return f"data:{mime};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


def _inline_css(path: Path) -> str:
    """Return the stylesheet at ``path`` with every ``url(...)`` it uses as a data URI."""
    text = path.read_text(encoding="utf-8")

    def replace(match: re.Match[str]) -> str:
        target = match.group(2)
        if target.startswith(("data:", "#")):
            return match.group(0)
        local = (path.parent / target.split("?")[0].split("#")[0]).resolve()
        if not local.is_file():
            raise MapError(f"stylesheet {path.name} refers to {target}, which is not shipped")
        return f"url('{_data_uri(local)}')"

    return _CSS_URL.sub(replace, text)


def inline_assets(page: str) -> str:
    """Replace every external script and stylesheet of ``page`` by its inlined copy.

    Parameters
    ----------
    page : str
        A rendered HTML page.

    Returns
    -------
    str
        The page with no ``<script src>`` or ``<link rel="stylesheet">`` left.

    Raises
    ------
    geo.errors.MapError
        For a script or stylesheet URL that has no shipped copy.
    """
    table = _asset_table()

    def script(match: re.Match[str]) -> str:
        url = match.group(1)
        if url not in table:
            raise MapError(f"the map loads {url}, which Corridor does not ship for offline use")
        code = table[url].read_text(encoding="utf-8").replace("</script", "<\\/script")
        return f"<script>/* {url.rsplit('/', 1)[-1]} (inlined) */\n{code}\n</script>"

    def stylesheet(match: re.Match[str]) -> str:
        url = match.group(1)
        if url not in table:
            raise MapError(f"the map loads {url}, which Corridor does not ship for offline use")
        return (
            f"<style>/* {url.rsplit('/', 1)[-1]} (inlined) */\n{_inline_css(table[url])}\n</style>"
        )

    page = _SCRIPT.sub(script, page)
    return _STYLESHEET.sub(stylesheet, page)


def render_html(m: Any, *, inline: bool = True) -> str:
    """Return the map's HTML page.

    Parameters
    ----------
    m : folium.Map or folium.plugins.DualMap
        Any map of :mod:`geo.maps`.
    inline : bool, default True
        Inline every asset (:func:`inline_assets`); False keeps the CDN links.

    Returns
    -------
    str
        The whole page.
    """
    page = stable_ids(m.get_root().render())
    return inline_assets(page) if inline else page


_ELEMENT_ID = re.compile(r"(?<=_)[0-9a-f]{32}(?![0-9a-f])")


def stable_ids(page: str) -> str:
    """Return ``page`` with Folium's random element ids numbered in order of appearance.

    Folium names every element ``<kind>_<32 random hex digits>``; the same map would
    give a different page each time. Numbering the ids as they first appear makes the
    same inputs give the same bytes, and keeps them unique within the page.

    Parameters
    ----------
    page : str
        A rendered page, before assets are inlined.

    Returns
    -------
    str
    """
    numbers: dict[str, str] = {}

    def number(match: re.Match[str]) -> str:
        return numbers.setdefault(match.group(0), f"{len(numbers) + 1:032x}")

    return _ELEMENT_ID.sub(number, page)


def page_summary(page: str) -> dict[str, Any]:
    """Count what a rendered page loads from outside (for tests and checks).

    Parameters
    ----------
    page : str
        A rendered HTML page.

    Returns
    -------
    dict
        ``external_scripts`` and ``external_stylesheets`` (lists of URLs) and
        ``bytes`` (the page's size, UTF-8).
    """
    return {
        "external_scripts": _SCRIPT.findall(page),
        "external_stylesheets": _STYLESHEET.findall(page),
        "bytes": len(page.encode("utf-8")),
    }


__all__ = [
    "ASSETS",
    "inline_assets",
    "page_summary",
    "render_html",
    "stable_ids",
]
