"""The dataset schema: which files a dataset folder holds and what each column means.

One declarative table per file, so that validation, documentation and the
loader read the same definition. Coordinates are WGS84 (EPSG:4326) lon/lat.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Transport modes the engine knows, grouped into the mode sets it routes on.
MODES: tuple[str, ...] = ("hsr", "rail", "metro", "expressway", "road", "waterway")
MODE_SETS: dict[str, frozenset[str]] = {
    "rail": frozenset({"hsr", "rail", "metro"}),
    "road": frozenset({"expressway", "road"}),
    "water": frozenset({"waterway"}),
    "any": frozenset(MODES),
    # Freight moves by conventional rail, road and water, not on passenger-dedicated HSR.
    "freight": frozenset({"rail", "expressway", "road", "waterway"}),
}
NODE_KINDS: tuple[str, ...] = (
    "city",
    "district",
    "county",
    "town",
    "airport",
    "port",
    "station",
    "hub",
    "industrial_park",
    "resort",
)
PROJECT_STATUSES: tuple[str, ...] = ("planned", "under-construction", "open", "unknown")
#: Kinds that are places people live in (carry population, GeoNames ids); ``zone`` nodes
#: come from a dataset's zones file (:mod:`geo.zones`).
PLACE_KINDS: frozenset[str] = frozenset({"city", "district", "county", "town", "zone"})

#: Separator of list-valued cells (``stops``, per-segment ``length_km`` and ``minutes``).
LIST_SEPARATOR = ";"
WGS84 = "EPSG:4326"


@dataclass(frozen=True)
class Field:
    """One column of a dataset file.

    ``kind`` is one of ``text``, ``integer``, ``number``, ``boolean``, ``id_list``
    (``;``-separated ids) or ``number_list`` (one number, or one per segment).
    ``required`` means the column must be present; ``nonempty`` that every record
    must fill it. ``choices`` restricts text values; ``minimum``/``maximum`` bound numbers.
    """

    name: str
    kind: str
    doc: str
    required: bool = False
    nonempty: bool = False
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    choices: tuple[str, ...] | None = None


def _year(name: str, doc: str) -> Field:
    """Return a year column (1800–2100)."""
    return Field(name, "integer", doc, minimum=1800, maximum=2100)


SOURCE = Field(
    "source",
    "text",
    "seed file name or short citation of the public fact; estimates say 'estimate'",
    required=True,
    nonempty=True,
)

NODE_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "stable slug, e.g. chengdu", required=True, nonempty=True),
    Field("name", "text", "English name", required=True, nonempty=True),
    Field("name_zh", "text", "Chinese name"),
    Field("aliases", "text", "other names a user may type, separated by ';' (蓉;蓉城)"),
    Field("province", "text", "province-level unit"),
    Field("kind", "text", "what the node is", required=True, nonempty=True, choices=NODE_KINDS),
    Field(
        "population", "integer", "resident persons, for weighting; empty for facilities", minimum=0
    ),
    Field(
        "lon",
        "number",
        "longitude, WGS84 degrees",
        required=True,
        nonempty=True,
        minimum=-180,
        maximum=180,
    ),
    Field(
        "lat",
        "number",
        "latitude, WGS84 degrees",
        required=True,
        nonempty=True,
        minimum=-90,
        maximum=90,
    ),
    Field("geonames_id", "integer", "GeoNames id of the place", minimum=1),
    Field(
        "part_of",
        "text",
        "id of the node whose population already counts this one (a county in its prefecture)",
    ),
    Field("circle", "boolean", "inside the study region (economic circle); default true"),
    SOURCE,
)

LINK_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "stable slug", required=True, nonempty=True),
    Field("mode", "text", "transport mode", required=True, nonempty=True, choices=MODES),
    Field("name", "text", "English name", required=True, nonempty=True),
    Field("name_zh", "text", "Chinese name"),
    Field(
        "stops", "id_list", "node ids served, in order, ';'-separated", required=True, nonempty=True
    ),
    Field(
        "express_stops",
        "id_list",
        "stops the fastest train calls at (in order, a subset of stops); empty = all",
    ),
    Field(
        "length_km",
        "number_list",
        "published length: one total, or one per segment",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field(
        "speed_kmh",
        "number",
        "design or posted speed (waterways: along the stops order)",
        required=True,
        minimum=0,
        exclusive_minimum=True,
    ),
    Field(
        "minutes",
        "number_list",
        "published minutes, one per segment",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field(
        "reverse_speed_kmh",
        "number",
        "speed against the stops order (upstream)",
        minimum=0,
        exclusive_minimum=True,
    ),
    _year("opened", "year the line opened; empty = before any base year"),
    _year("closed", "first year the line (or service) no longer runs; empty = still running"),
    Field("lanes", "integer", "roads: lanes in both directions (4, 6, 8)", minimum=1, maximum=16),
    Field(
        "trains_per_day",
        "number",
        "trains (or sailings) a day in each direction; gives the expected wait",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field(
        "hours_per_day",
        "number",
        "waterways: hours a day vessels sail (no night navigation: about 12); empty = 24",
        minimum=0,
        maximum=24,
        exclusive_minimum=True,
    ),
    Field(
        "vessel_t",
        "number",
        "waterways: deadweight tonnes of the largest cargo vessel the channel takes",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field(
        "mixed_traffic",
        "boolean",
        "hsr: the line also carries freight trains (客货共线); conventional rail always does",
    ),
    SOURCE,
)

SERVICE_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "stable slug", required=True, nonempty=True),
    Field(
        "mode",
        "text",
        "train class: hsr (D/G) or rail",
        required=True,
        nonempty=True,
        choices=("hsr", "rail"),
    ),
    Field("name", "text", "English name", required=True, nonempty=True),
    Field("name_zh", "text", "Chinese name"),
    Field(
        "links",
        "id_list",
        "the links the trains run over, in running order (id, or id@junction)",
        required=True,
        nonempty=True,
    ),
    Field(
        "stops",
        "id_list",
        "where the fastest train calls, in order; the first and last are the ends",
        required=True,
        nonempty=True,
    ),
    Field(
        "trains_per_day",
        "number",
        "trains a day in each direction",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field(
        "max_kmh",
        "number",
        "the trains' top speed where below the track's (K trains 120, CR200J 160)",
        minimum=0,
        exclusive_minimum=True,
    ),
    _year("opened", "first year it ran; empty = when its links open"),
    _year("closed", "first year it no longer ran"),
    SOURCE,
)

LOCK_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "stable slug", required=True, nonempty=True),
    Field("name", "text", "English name", required=True, nonempty=True),
    Field("name_zh", "text", "Chinese name"),
    Field("link_id", "text", "the waterway link it is on", required=True, nonempty=True),
    Field(
        "after_stop",
        "text",
        "the stop of the link just before the lock, in the order of its stops",
        required=True,
        nonempty=True,
    ),
    Field(
        "passage_minutes",
        "number",
        "minutes to pass the lock (entering, levelling, leaving)",
        required=True,
        minimum=0,
    ),
    Field("wait_minutes", "number", "typical wait at the anchorage, minutes", minimum=0),
    _year("opened", "year it opened"),
    SOURCE,
)

PROJECT_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "stable slug", required=True, nonempty=True),
    Field("name", "text", "English name", required=True, nonempty=True),
    Field("name_zh", "text", "Chinese name"),
    Field(
        "category",
        "text",
        "transport / logistics / industrial / new-infrastructure / ...",
        required=True,
        nonempty=True,
    ),
    Field("subtype", "text", "railway / road / waterway / port / ..."),
    Field("investment_cny_bn", "number", "investment, RMB billion", minimum=0),
    Field("status", "text", "planning status", choices=PROJECT_STATUSES),
    _year("opening_year", "actual or planned opening year"),
    Field("named", "boolean", "false for a placeholder the source counts but does not name"),
    Field("seed", "text", "source text(s) the project is listed in"),
    SOURCE,
)

PROJECT_ID = Field("project_id", "text", "id in projects.csv", required=True, nonempty=True)

PROJECT_LINK_FIELDS: tuple[Field, ...] = (
    PROJECT_ID,
    *LINK_FIELDS,
    Field(
        "early_section",
        "boolean",
        "true for a section that opened before its project's opening year (else refused)",
    ),
)
PROJECT_NODE_FIELDS: tuple[Field, ...] = (PROJECT_ID, *NODE_FIELDS)
PROJECT_UPGRADE_FIELDS: tuple[Field, ...] = (
    PROJECT_ID,
    Field("link_id", "text", "id of the upgraded link", required=True, nonempty=True),
    Field("speed_kmh", "number", "new speed", minimum=0, exclusive_minimum=True),
    Field(
        "minutes",
        "number_list",
        "new published minutes per segment",
        minimum=0,
        exclusive_minimum=True,
    ),
    Field("reverse_speed_kmh", "number", "new upstream speed", minimum=0, exclusive_minimum=True),
    Field("vessel_t", "number", "new vessel class, tonnes", minimum=0, exclusive_minimum=True),
    SOURCE,
)


@dataclass(frozen=True)
class TableSpec:
    """A file of the dataset: its stem, accepted formats, fields and whether it must exist."""

    stem: str
    fields: tuple[Field, ...]
    required: bool
    spatial: bool = False

    @property
    def field_names(self) -> tuple[str, ...]:
        """Column names in their documented order."""
        return tuple(f.name for f in self.fields)


#: Kinds of freight facility: where goods change mode (see network/freight.py).
FACILITY_KINDS: tuple[str, ...] = ("port", "yard", "hub")
CARGO_TYPES: tuple[str, ...] = ("bulk", "container", "cold_chain", "cars")
FACILITY_FIELDS: tuple[Field, ...] = (
    Field("id", "text", "stable slug", required=True, nonempty=True),
    Field("name", "text", "English name", required=True, nonempty=True),
    Field("name_zh", "text", "Chinese name"),
    Field("place", "text", "the node where goods change mode", required=True, nonempty=True),
    Field(
        "kind",
        "text",
        "port (truck/rail to water), yard (truck to rail) or hub (both, consolidated)",
        required=True,
        nonempty=True,
        choices=FACILITY_KINDS,
    ),
    Field("cargo", "text", "only this cargo (cold_chain, cars…); empty = all", choices=CARGO_TYPES),
    Field("vessel_t", "number", "ports: the largest vessel its berths take, tonnes", minimum=0),
    Field("handling_cny_t", "number", "handling cost per tonne moved across, CNY", minimum=0),
    Field("handling_hours", "number", "hours a consignment spends changing mode", minimum=0),
    Field("project_id", "text", "the project that builds it; empty = existing"),
    _year("opened", "year it opened; empty = before any base year"),
    SOURCE,
)
FREIGHT_OD_FIELDS: tuple[Field, ...] = (
    Field("origin", "text", "zone or place id", required=True, nonempty=True),
    Field("destination", "text", "zone or place id", required=True, nonempty=True),
    Field("cargo", "text", "cargo type", required=True, nonempty=True, choices=CARGO_TYPES),
    Field("tonnes", "number", "tonnes a year", required=True, minimum=0),
    SOURCE,
)
TABLES: dict[str, TableSpec] = {
    "nodes": TableSpec("nodes", NODE_FIELDS, required=True, spatial=True),
    "links": TableSpec("links", LINK_FIELDS, required=True),
    "projects": TableSpec("projects", PROJECT_FIELDS, required=False),
    "project_links": TableSpec("project_links", PROJECT_LINK_FIELDS, required=False),
    "project_upgrades": TableSpec("project_upgrades", PROJECT_UPGRADE_FIELDS, required=False),
    "project_nodes": TableSpec("project_nodes", PROJECT_NODE_FIELDS, required=False, spatial=True),
    "services": TableSpec("services", SERVICE_FIELDS, required=False),
    "locks": TableSpec("locks", LOCK_FIELDS, required=False),
    "facilities": TableSpec("freight_facilities", FACILITY_FIELDS, required=False),
    "freight_od": TableSpec("freight_od", FREIGHT_OD_FIELDS, required=False),
}
#: Formats read for spatial tables besides CSV with lon/lat columns.
SPATIAL_SUFFIXES: tuple[str, ...] = (".csv", ".geojson", ".gpkg")
METADATA_FILE = "dataset.toml"


__all__ = [
    "CARGO_TYPES",
    "FACILITY_FIELDS",
    "FACILITY_KINDS",
    "FREIGHT_OD_FIELDS",
    "LINK_FIELDS",
    "LIST_SEPARATOR",
    "LOCK_FIELDS",
    "METADATA_FILE",
    "MODES",
    "MODE_SETS",
    "NODE_FIELDS",
    "NODE_KINDS",
    "PLACE_KINDS",
    "PROJECT_FIELDS",
    "PROJECT_ID",
    "PROJECT_LINK_FIELDS",
    "PROJECT_NODE_FIELDS",
    "PROJECT_STATUSES",
    "PROJECT_UPGRADE_FIELDS",
    "SERVICE_FIELDS",
    "SOURCE",
    "SPATIAL_SUFFIXES",
    "TABLES",
    "WGS84",
    "Field",
    "TableSpec",
]
