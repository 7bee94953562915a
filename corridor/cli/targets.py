"""``corridor targets``: the plans' travel-time targets, and what closes them."""

from __future__ import annotations

import argparse
from typing import Any

from corridor.cli.options import (
    add_data,
    add_format,
    add_params,
    add_targets,
    command,
    emit,
    open_study,
    print_frame,
    refuse_unused,
)

_SHOWN = ["target", "scenario", "minutes", "status", "worst_min", "gap_min", "pairs_met"]
_SHOWN += ["pairs", "worst_pair"]


def register(commands: Any) -> None:
    """Add ``targets`` to the subcommands."""
    parser = command(commands, "targets", "the plans' travel-time targets: status and gap", run)
    add_data(parser)
    add_params(parser)
    parser.add_argument(
        "--scenarios",
        default=None,
        metavar="S,S,...",
        help="scenarios (default: baseline, the phases by year, today, full)",
    )
    parser.add_argument(
        "--close",
        action="store_true",
        help="also search the smallest set of projects that meets each target",
    )
    parser.add_argument(
        "--purpose",
        choices=("passenger", "freight"),
        default="passenger",
        help="freight: the plans' goals for goods on rail and the rivers ([[freight_targets]]),"
        " measured at the base year's demand",
    )
    add_targets(parser)
    add_format(parser, ("table", "csv", "json"))


def run(args: argparse.Namespace) -> int:
    """Print ``Study.targets`` (and ``Study.closing_sets``), or ``Study.freight_targets``."""
    if args.purpose == "freight":
        refuse_unused(
            "with --purpose freight (it names no projects to close)", {"--close": args.close}
        )
        return _freight(args)
    study = open_study(args)
    if not study.target_list(args.targets):
        print(f"{study.name}: no targets (add [[targets]] to dataset.toml or give --targets FILE)")
        return 0
    scenarios = (
        [s.strip() for s in args.scenarios.split(",") if s.strip()] if args.scenarios else None
    )
    frame = study.targets(scenarios, file=args.targets)
    closing = [c.to_dict() for c in study.closing_sets(file=args.targets)] if args.close else None
    if args.format == "json":
        body: dict[str, Any] = {"rows": frame.to_dict("records")}
        if closing is not None:
            body["closing_sets"] = closing
        emit(args, body)
        return 0
    if args.format == "csv":
        print_frame(args, frame, "", {})
        return 0
    frame = frame.assign(worst_pair=[":".join(p) if p else None for p in frame["worst_pair"]])
    title = f"{study.name}: targets by scenario (gap = worst trip minus the target)"
    print_frame(args, frame[_SHOWN], title, {})
    if closing is not None:
        print("\nSmallest set of projects added to the baseline that meets each target:")
        print(_closing_text(closing))
    return 0


def _freight(args: argparse.Namespace) -> int:
    """Print ``Study.freight_targets``."""
    study = open_study(args)
    if not study.freight_target_list(args.targets):
        print(
            f"{study.name}: no freight targets (add [[freight_targets]] to dataset.toml or "
            "give --targets FILE)"
        )
        return 0
    scenarios = (
        [s.strip() for s in args.scenarios.split(",") if s.strip()] if args.scenarios else None
    )
    frame = study.freight_targets(scenarios, file=args.targets)
    if args.format != "table":
        print_frame(args, frame, "", {"note": FREIGHT_NOTE})
        return 0
    shown = frame.drop(columns=["before", "after"]).round({"change_pct": 1, "gap_pct": 1})
    shown.insert(5, "before_m", (frame["before"] / 1e6).round(1))
    shown.insert(6, "after_m", (frame["after"] / 1e6).round(1))
    title = f"{study.name}: freight targets by scenario (millions of tonnes or tonne-km a year)"
    print_frame(args, shown, title, {})
    print(FREIGHT_NOTE)
    return 0


#: What a freight target's change means in this model.
FREIGHT_NOTE = (
    "Demand is held at the base year: the change is the goods the network moves to the "
    "layer (mode shift), not the growth of trade that a plan's target also counts."
)


def _closing_text(closing: list[dict[str, Any]]) -> str:
    from corridor.render import text_table

    rows = []
    for c in closing:
        if c["baseline_met"]:
            answer = "met in the baseline"
        elif c["closed"]:
            answer = " + ".join(c["project_ids"])
        elif not c["full_met"]:
            answer = "not met even with every project"
        else:
            answer = "no set of up to 4 projects"
        rows.append([c["target"], answer, c["worst_min"], c["scenarios_evaluated"]])
    return text_table(["target", "projects", "worst min", "scenarios tried"], rows)


__all__ = [
    "register",
    "run",
]
