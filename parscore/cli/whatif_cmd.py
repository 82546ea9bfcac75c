"""``parscore whatif EVIDENCE SCENARIO``: score deltas for changed metrics, documents or pack."""

from __future__ import annotations

import argparse
import json

from ..errors import ParscoreError, UsageError
from ..planner import (
    check_scenario,
    read_scenario,
    rebase_evidence,
    resolve_scenario_pack,
    run_whatif,
    scenario_model,
)
from ..report.plan_text import render_whatif_text
from .common import EXIT_OK, add_pack_option, load_commune, out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    parser.add_argument("scenario", metavar="SCENARIO", help="tệp kịch bản (YAML)")
    add_pack_option(parser)
    parser.add_argument("--format", choices=("text", "json"), default="text", help="dạng kết quả")


def run(args: argparse.Namespace) -> int:
    evidence, pack = load_commune(args.evidence, args.pack)
    doc = read_scenario(args.scenario)
    model = scenario_model(doc)
    new_pack, carried = pack, evidence
    notes: list[str] = []
    if model.pack is not None:
        try:
            new_pack = resolve_scenario_pack(doc, model.pack, args.evidence)
        except ParscoreError as exc:  # with the scenario's other problems found so far
            raise UsageError([*doc.problems, *exc.issues]) from None
        if new_pack.sha256 != pack.sha256:
            carried, notes = rebase_evidence(evidence, new_pack)
    scenario = check_scenario(doc, model, new_pack, carried)
    result = run_whatif(pack, evidence, scenario, new_pack, carried, notes)
    if args.format == "json":
        out(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        out(render_whatif_text(result))
    return EXIT_OK
