"""``corridor compare``: the key pairs before and after, the circles, targets, top projects."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_format,
    add_model,
    add_progress,
    add_targets,
    command,
    emit,
    open_study,
    refuse_unused,
)
from geo.errors import InputError


def register(commands: Any) -> None:
    """Add ``compare`` to the subcommands."""
    parser = command(commands, "compare", "before/after travel times of the key pairs", run)
    add_model(parser, scenario=False)
    parser.add_argument(
        "--before", default="baseline", metavar="S", help="scenario before (default: baseline)"
    )
    parser.add_argument(
        "--after",
        default="full",
        metavar="S",
        help="scenario after (default: full = every project)",
    )
    parser.add_argument(
        "--pairs",
        metavar="A:B,C:D",
        default=None,
        help="place pairs (default: the dataset's key pairs)",
    )
    parser.add_argument(
        "--brief",
        action="store_true",
        help="only the pairs table (no circles, targets or project ranking)",
    )
    parser.add_argument(
        "--purpose",
        choices=("passenger", "freight"),
        default="passenger",
        help="freight: the key freight pairs (CNY per tonne, hours, water and rail share, "
        "chain) and the region's freight cost saved a year",
    )
    add_targets(parser)
    add_progress(parser)
    add_format(parser, ("table", "csv", "json"))


def parse_pairs(text: str | None) -> list[tuple[str, str]] | None:
    """Return ``A:B,C:D`` as pairs of names (None for no text)."""
    if not text:
        return None
    pairs = []
    for item in text.split(","):
        if ":" not in item:
            raise InputError(f"pair '{item}' is not FROM:TO (e.g. chengdu:chongqing)")
        a, b = item.split(":", 1)
        pairs.append((a, b))
    return pairs


def run(args: argparse.Namespace) -> int:
    """Print ``Study.compare``: text, CSV (the pairs) or JSON (``Comparison.to_dict``)."""
    from corridor.render import csv_text

    if args.purpose == "freight":
        given = {"--modes": args.modes is not None, "--basis": args.basis is not None}
        given |= {"--brief": args.brief, "--targets": args.targets is not None}
        refuse_unused("with --purpose freight (the freight chain picks its modes)", given)
        return _freight(args)
    comparison = open_study(args).compare(
        args.before,
        args.after,
        pairs=parse_pairs(args.pairs),
        modes=args.modes,
        basis=args.basis,
        brief=args.brief or args.format == "csv",
        targets_file=args.targets,
    )
    if args.format == "json":
        emit(args, comparison.to_dict())
    elif args.format == "csv":
        pairs = comparison.pairs
        print(csv_text(list(pairs.columns), pairs.to_numpy().tolist()), end="")
    else:
        print(comparison.to_text())
    return 0


def _freight(args: argparse.Namespace) -> int:
    """Print ``Study.freight_compare``."""
    from corridor.render import csv_text, text_table

    study = open_study(args)
    frame, totals = study.freight_compare(args.before, args.after, pairs=parse_pairs(args.pairs))
    if args.format == "json":
        emit(args, {"pairs": frame.to_dict("records"), "totals": totals})
        return 0
    if args.format == "csv":
        print(csv_text(list(frame.columns), frame.to_numpy().tolist()), end="")
        return 0
    names, cur = study.dataset.nodes["name"], study.dataset.currency
    print(
        f"{study.name}: freight {args.before} → {args.after} ({cur} per tonne, generalised; "
        "share = water and rail tonne-km)"
    )
    rows = [
        [names[r.origin], names[r.destination], r.cargo, r.cny_t_before, r.cny_t_after]
        + [r.hours_before, r.hours_after, r.water_rail_share_before, r.water_rail_share_after]
        + [r.chain_after]
        for r in frame.itertuples(index=False)
    ]
    headers = ["from", "to", "cargo", f"{cur}/t before", "after", "hours before", "after"]
    print(text_table([*headers, "share before", "after", "chain after"], rows, missing="—"))
    tkm = {k: v / 1e9 for k, v in totals.items() if k.startswith("tkm_")}
    print(
        f"\nThe region's goods (fixed demand): {totals['cny_saved'] / 1e6:,.1f} million {cur} a "
        "year saved; bn tonne-km before → after: "
        + ", ".join(
            f"{m} {tkm[f'tkm_{m}_before']:.2f} → {tkm[f'tkm_{m}_after']:.2f}"
            for m in ("truck", "rail", "water")
        )
    )
    return 0


__all__ = [
    "parse_pairs",
    "register",
    "run",
]
