"""``corridor rank``: the projects by person-minutes saved, and their interactions."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_by,
    add_format,
    add_model,
    add_progress,
    basis_label,
    command,
    emit,
    open_study,
    print_frame,
    refuse_unused,
)


def register(commands: Any) -> None:
    """Add ``rank`` to the subcommands."""
    parser = command(
        commands,
        "rank",
        "projects ranked by person-minutes saved (add-one-in, leave-one-out)",
        run,
    )
    add_model(parser, scenario=False)
    parser.add_argument(
        "--top", type=int, default=None, metavar="N", help="show the first N projects only"
    )
    parser.add_argument(
        "--interactions",
        type=int,
        default=0,
        metavar="K",
        help="also the interaction of every pair among the top K projects",
    )
    parser.add_argument(
        "--purpose",
        choices=("passenger", "freight"),
        default="passenger",
        help="passenger: person-minutes saved; freight: CNY a year saved moving the "
        "region's goods, and tonne-km moved onto water and rail",
    )
    add_progress(parser)
    add_by(parser)
    add_format(parser, ("table", "csv", "json"))


def run(args: argparse.Namespace) -> int:
    """Print ``Study.rank`` (and ``Study.interactions``), or ``Study.freight_rank``."""
    if args.purpose == "freight":
        given = {"--interactions": args.interactions > 0, "--by": args.by != "zone"}
        given |= {"--modes": args.modes is not None, "--basis": args.basis is not None}
        refuse_unused("with --purpose freight (the freight chain picks its modes)", given)
        return _freight(args, open_study(args))
    study = open_study(args)
    frame = study.rank(modes=args.modes, basis=args.basis, top=args.top, by=args.by)
    pairs = None
    if args.interactions > 1:
        pairs = study.interactions(top=args.interactions, modes=args.modes, basis=args.basis)
    modes, basis = args.modes or study.modes, args.basis or study.basis
    meta = {"modes": modes, "basis": basis, "unit": "person-minutes"}
    if args.format == "json":
        body = {**meta, "rows": frame.to_dict("records")}
        if pairs is not None:
            body["interactions"] = pairs.to_dict("records")
        emit(args, body)
    elif args.format == "csv":
        print_frame(args, frame, "", meta)
    else:
        print(_text(study.name, frame, pairs, modes, basis, study.dataset.currency))
    return 0


def _freight(args: argparse.Namespace, study: Any) -> int:
    """Print the freight ranking: CNY a year saved, add-one-in and leave-one-out."""
    from corridor.render import text_table

    frame = study.freight_rank()
    if args.top is not None:
        frame = frame.head(args.top)
    meta = {
        "purpose": "freight",
        "unit": f"{study.dataset.currency} a year",
        "cargo": "bulk, container, cold_chain, cars",
    }
    if args.format == "json":
        emit(args, {**meta, "rows": frame.to_dict("records")})
        return 0
    if args.format == "csv":
        print_frame(args, frame, "", meta)
        return 0
    print(
        f"{study.name}: projects by freight cost saved ({study.dataset.currency} million a year, "
        "the region's goods "
        "at fixed demand); tonne-km moved onto water and rail (millions), added alone"
    )
    rows = [
        [r.rank, r.project_id, r.category, r.add_one_in_cny / 1e6, r.leave_one_out_cny / 1e6]
        + [r.tkm_to_water_rail / 1e6, r.note]
        for r in frame.itertuples(index=False)
    ]
    headers = ["rank", "project", "category", "add-one-in", "leave-one-out", "tkm to water/rail"]
    print(text_table([*headers, "note"], rows, missing=""))
    return 0


def _text(name: str, frame: Any, pairs: Any, modes: str, basis: str, currency: str) -> str:
    from corridor.render import text_table

    lines = [
        f"{name}: projects by person-minutes saved (millions), {modes}, "
        f"{basis_label(basis)}; add-one-in = added alone to the baseline, "
        "leave-one-out = removed from full"
    ]
    rows = [
        [r.rank, r.project_id, r.category, r.add_one_in_pmin / 1e6]
        + [r.leave_one_out_pmin / 1e6, r.investment_cny_bn, r.add_one_in_pmin_per_bn / 1e6]
        + [r.top_places or r.note]
        for r in frame.itertuples(index=False)
    ]
    numeric = [True, False, False, True, True, True, True, False]
    headers = ["rank", "project", "category", "add-one-in", "leave-one-out", f"{currency} bn"]
    headers += [f"per {currency} bn", "gains most (min per trip)"]
    lines.append(text_table(headers, rows, numeric=numeric, missing=""))
    if pairs is not None:
        lines.append("\nInteractions (millions of person-minutes; joint − alone − alone):")
        rows = [
            [r[0], r[1], r[2] / 1e6, r[3] / 1e6, r[4] / 1e6, r[5] / 1e6]
            for r in pairs.itertuples(index=False)
        ]
        headers = ["project a", "project b", "alone a", "alone b", "joint", "interaction"]
        lines.append(text_table(headers, rows))
    return "\n".join(lines)


__all__ = [
    "register",
    "run",
]
