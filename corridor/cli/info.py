"""``corridor info``: the dataset summary and project catalogue."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import add_data, add_format, command, open_study


def register(commands: Any) -> None:
    """Add ``info`` to the subcommands."""
    parser = command(commands, "info", "dataset summary", run)
    add_data(parser)
    add_format(parser, ("table", "json"), manifest=False)


def run(args: argparse.Namespace) -> int:
    """Print the summary of ``Study.summary``."""
    from corridor.render import json_text

    summary = open_study(args).summary()
    print(json_text(summary) if args.format == "json" else info_text(summary))
    return 0


def info_text(s: dict[str, Any]) -> str:
    """Return the summary as text: extent, nodes, links by mode, projects, catalogue."""
    e = s["extent"]
    lines = [
        f"{s['dataset']}",
        f"data: {s['folder']}",
        f"base year {s['base_year'] if s['base_year'] is not None else '—'} · core: "
        f"{', '.join(s['core']) or '—'} · extent {e['min_lon']:.2f}–{e['max_lon']:.2f} E, "
        f"{e['min_lat']:.2f}–{e['max_lat']:.2f} N · metric CRS {s['metric_crs']}",
        "",
    ]
    n = s["nodes"]
    kinds = ", ".join(f"{k} {v}" for k, v in n["by_kind"].items())
    lines += [
        f"Nodes: {n['total']} ({n['base']} existing, {n['added_by_projects']} added "
        f"by projects): {kinds}",
        "",
        _links_text(s["links"]),
        "",
        *_projects_text(s["projects"], s.get("currency", "CNY")),
        "",
        "Catalogue:",
        _catalogue_text(s["catalogue"], s.get("currency", "CNY")),
    ]
    return "\n".join(lines)


def _links_text(links: dict[str, Any]) -> str:
    from corridor.render import text_table

    head = (
        f"Links: {links['total']} ({links['baseline']} in the baseline, "
        f"{links['opened_after_base_year']} opened after the base year, "
        f"{links['added_by_projects']} added by projects)"
    )
    rows = [
        [mode, d["baseline"]["count"], d["baseline"]["km"]]
        + [d["opened_after_base_year"]["count"], d["opened_after_base_year"]["km"]]
        + [d["project"]["count"], d["project"]["km"]]
        for mode, d in links["by_mode"].items()
    ]
    headers = ["mode", "baseline", "km", "opened later", "km", "projects", "km"]
    return head + "\n" + text_table(headers, rows)


def _projects_text(p: dict[str, Any], currency: str) -> list[str]:
    from corridor.render import text_table

    inv = p["investment_cny_bn"]
    lines = [
        f"Projects: {p['total']} ({p['named']} named, {p['placeholders']} "
        f"placeholders counted but not named in the sources); known investment "
        f"{currency} {inv['known_total']:,.1f} bn over {inv['projects_with_known']} projects"
    ]
    rows = [
        [cat, d["count"], d["named"], d["with_network_effect"]]
        + [d["investment_cny_bn_known"], d["projects_with_known_investment"]]
        for cat, d in p["by_category"].items()
    ]
    headers = ["category", "projects", "named", "routed", f"{currency} bn known", "with figure"]
    lines.append(text_table(headers, rows))
    if p.get("without_network_effect"):
        lines += [
            "",
            "Catalogued but not routed (no network effect): "
            + ", ".join(p["without_network_effect"]),
        ]
    return lines


def _catalogue_text(catalogue: list[dict[str, Any]], currency: str) -> str:
    from corridor.render import text_table

    rows = [
        [r["id"], r["category"], r.get("subtype"), r.get("status"), r.get("opening_year")]
        + [r.get("investment_cny_bn"), r["name"]]
        for r in catalogue
    ]
    return text_table(
        ["id", "category", "subtype", "status", "opens", f"{currency} bn", "name"],
        rows,
        numeric=[False, False, False, False, True, True, False],
    )


__all__ = [
    "info_text",
    "register",
    "run",
]
