"""Which inputs are parts of which (parscore.part_whole), and which of those are year-to-date rates."""

from __future__ import annotations

from parscore.loader import load_pack
from parscore.part_whole import parts_of, rate_parts
from parscore.planning.year_to_date import year_to_date_rates

from .conftest import ROOT

PACK = load_pack(ROOT / "rules" / "2025.yaml")


def test_parts_of_ratios_differences_and_comparisons() -> None:
    parts = parts_of(PACK)
    assert parts["dossiers_on_time"] == "dossiers_received"  # ratio(on_time, received)
    assert parts["inspection_issues_handled"] == "inspection_issues"  # max(0, issues - handled)
    assert parts["biz_petitions_answered"] == "biz_petitions"  # answered >= petitions
    rates = rate_parts(PACK)
    assert rates["dossiers_on_time"] == "dossiers_received"
    assert rates["plan_tasks_done"] == "plan_tasks_total"
    assert "inspection_issues_handled" not in rates and "biz_petitions_answered" not in rates


def test_year_to_date_rates_need_both_inputs_year_to_date() -> None:
    assert year_to_date_rates(PACK) == {
        "prov_dossiers_on_time": "prov_dossiers_received",
        "dossiers_on_time": "dossiers_received",
        "dossiers_full_online": "dossiers_full_online_eligible",
    }  # plan_tasks_done of the plan's fixed total is not one
