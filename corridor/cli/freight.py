"""``corridor freight FROM TO``: the cheapest chain of modes for a tonne of cargo."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from corridor.cli.options import add_data, add_format, add_params, command, emit, open_study
from geo.errors import InputError
from geo.schema import CARGO_TYPES


def register(commands: Any) -> None:
    """Add ``freight`` to the subcommands."""
    parser = command(
        commands, "freight", "cheapest freight chain: CNY per tonne, hours, tonne-km, modes", run
    )
    parser.add_argument("origin", metavar="FROM", help="place id or name (its zone)")
    parser.add_argument("destination", metavar="TO", help="place id or name (its zone)")
    add_data(parser)
    add_params(parser)
    parser.add_argument("--cargo", choices=CARGO_TYPES, default="container", help="cargo type")
    parser.add_argument(
        "--scenario", default="baseline", metavar="S", help="baseline, full, a year, project ids"
    )
    parser.add_argument(
        "--compare", metavar="S", default=None, help="also this scenario, side by side"
    )
    parser.add_argument(
        "--flows",
        type=Path,
        default=None,
        metavar="FILE.csv",
        help="also write the tonnes a year on every link, --scenario and --compare (default "
        "full), as CSV with a manifest",
    )
    parser.add_argument(
        "--split",
        choices=("aon", "logit"),
        default="aon",
        help="--flows: all-or-nothing on the cheapest chain, or a logit split between the "
        "cheapest truck, rail, water and rail-water chains",
    )
    add_format(parser, ("table", "json"))


def run(args: argparse.Namespace) -> int:
    """Print ``Study.freight`` (and with ``--compare`` the same in another scenario)."""
    from corridor.render import text_table

    study = open_study(args)
    scenarios = [args.scenario] + ([args.compare] if args.compare else [])
    chains = [
        study.freight(args.origin, args.destination, cargo=args.cargo, scenario=s)
        for s in scenarios
    ]
    if args.flows is None and args.split != "aon":
        raise InputError("--split shapes the --flows file: give --flows FILE.csv too")
    if args.flows is not None:
        if args.flows.suffix.lower() != ".csv":
            raise InputError(f"{args.flows}: --flows writes CSV; give a .csv file name")
        written = study.export_freight_flows(
            args.flows, args.scenario, args.compare or "full", split=args.split
        )
        print(
            f"{written[0]}: tonnes a year on every link (manifest {written[1].name})",
            file=sys.stderr,
        )
    if args.format == "json":
        emit(args, {"chains": chains})
        return 0
    names, cur = study.dataset.nodes["name"], study.dataset.currency
    first = chains[0]
    print(
        f"{names[first['origin']]} → {names[first['destination']]} · {args.cargo} · "
        f"{cur} per tonne (generalised = money + the cargo's time)"
    )
    rows = [
        [c["scenario"], c["cost_cny_t"], c["money_cny_t"], c["hours"]]
        + [c["tkm"][layer] for layer in ("truck", "rail", "water")]
        + [" → ".join(c["chain"]) or "no chain"]
        for c in chains
    ]
    headers = ["scenario", f"{cur}/t", "money", "hours", "truck km", "rail km", "water km", "chain"]
    print(text_table(headers, rows, missing="—"))
    return 0


__all__ = ["register", "run"]
