"""The 2025 Thái Nguyên commune pack (rules/2025.yaml, revision 1) written by hand as Python.

This is the floor for an interpreted engine: no expression language, no rule objects, no
records, just the arithmetic of each criterion in the order a person would write it. The
benchmark checks that it gives exactly the engine's totals on every synthetic commune, so it
must follow the pack's rules to the letter: Decimal arithmetic, a leaf whose inputs are missing
scores 0 of its maximum, a leaf declared not applicable (or whose applies_if is false) leaves
both points and maximum, tracked criteria (max 0) score nothing.

If rules/2025.yaml changes its points or thresholds, this file must change with it (the
benchmark refuses to print a ratio when the totals differ).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PACK_ID = "thai-nguyen/xa/2025"
D = Decimal
ZERO = D(0)
ONE = D(1)
HUNDRED = D(100)
DEFAULTS = {"audit_amount_recommended": ZERO, "audit_amount_recovered": ZERO}
BANDS = ((D(90), "Tốt"), (D(80), "Khá"), (D(65), "Trung bình"), (D(0), "Yếu"))


def _ratio(a: Decimal, b: Decimal) -> Decimal:
    return ZERO if b == 0 else a / b


def _linear(v: Decimal, a: Decimal, b: Decimal, maximum: Decimal) -> Decimal:
    return maximum * min(max((v - a) / (b - a), ZERO), ONE)


def _deduct(v: Decimal, each: Decimal, maximum: Decimal) -> Decimal:
    return max(ZERO, min(maximum, maximum - v * each))


def score_2025(metrics: Mapping[str, Any], not_applicable: Mapping[str, str]) -> dict[str, Any]:
    """Points, applicable maximum, per-field points, rounded score and band of one commune."""
    m = dict(DEFAULTS)
    m.update(metrics)
    g = m.get
    # derived values, only when their inputs are declared
    if "plan_tasks_done" in m and "plan_tasks_total" in m:
        m["plan_completion_rate"] = _ratio(m["plan_tasks_done"], m["plan_tasks_total"]) * HUNDRED
    if "prov_dossiers_on_time" in m and "prov_dossiers_received" in m:
        m["prov_on_time_rate"] = (
            _ratio(m["prov_dossiers_on_time"], m["prov_dossiers_received"]) * HUNDRED
        )
    if "dossiers_on_time" in m and "dossiers_received" in m:
        m["on_time_rate"] = _ratio(m["dossiers_on_time"], m["dossiers_received"]) * HUNDRED
    if "training_done" in m and "training_planned" in m:
        m["training_completion_rate"] = _ratio(m["training_done"], m["training_planned"]) * HUNDRED
    if "cadres_standard" in m and "cadres_total" in m:
        m["cadres_standard_rate"] = _ratio(m["cadres_standard"], m["cadres_total"]) * HUNDRED
    m["audit_recovery_rate"] = (
        _ratio(m["audit_amount_recovered"], m["audit_amount_recommended"]) * HUNDRED
    )
    if "dossiers_full_online" in m and "dossiers_full_online_eligible" in m:
        m["full_online_dossier_rate"] = (
            _ratio(m["dossiers_full_online"], m["dossiers_full_online_eligible"]) * HUNDRED
        )
    if "pay_enabled_rate" in m and "pay_tthc_rate" in m and "pay_dossier_rate" in m:
        m["payment_attainment"] = (
            min(
                _ratio(m["pay_enabled_rate"], HUNDRED),
                _ratio(m["pay_tthc_rate"], D(70)),
                _ratio(m["pay_dossier_rate"], D(90)),
            )
            * HUNDRED
        )

    fields: dict[str, tuple[Decimal, Decimal]] = {}

    # 1 – Công tác chỉ đạo, điều hành (13.75)
    p = ZERO
    v = g("initiatives")
    if v is not None:
        p += D("3.5") if v >= 3 else D("2.25") if v >= 2 else ONE if v >= 1 else ZERO
    v = g("plan_completion_rate")
    if v is not None:
        p += D("3.75") if v >= 100 else D("2.5") if v >= 90 else D("1.25") if v >= 80 else ZERO
    if "inspection_issues" in m and "inspection_issues_handled" in m:
        v = max(ZERO, m["inspection_issues"] - m["inspection_issues_handled"])
        p += _deduct(v, ONE, D("3.25"))
    if "assigned_tasks" in m and "assigned_tasks_done" in m:
        v = max(ZERO, m["assigned_tasks"] - m["assigned_tasks_done"])
        p += _deduct(v, D("0.75"), D("3.25"))
    fields["1"] = (p, D("13.75"))

    # 3 – Cải cách thủ tục hành chính (13)
    p, a = ZERO, D(13)
    for name in ("tthc_portal_public_rate", "tthc_site_public_rate", "progress_public_rate"):
        v = g(name)
        if v is not None and v >= 100:
            p += ONE
    if g("tthc_posted_at_centre"):
        p += ONE
    v = g("internal_tthc_reviewed_rate")
    if v is not None:
        p += ONE if v >= 100 else D("0.5") if v >= 80 else ZERO
    if "biz_conditions_cut_rate" in m and "tthc_time_cut_rate" in m and "tthc_cost_cut_rate" in m:
        v = min(m["biz_conditions_cut_rate"], m["tthc_time_cut_rate"], m["tthc_cost_cut_rate"])
        p += ONE if v >= 30 else D("0.5") if v >= 15 else ZERO
    s31, p = p, ZERO  # sums follow the tree (3.1, 3.2) so the decimals round alike
    if "3.2.1" in not_applicable:
        a -= D(2)
    else:
        v = g("prov_on_time_rate")
        if v is not None:
            tiers = (
                D("1.5") if v >= D("99.5") else ONE if v >= 99 else D("0.5") if v >= 98 else ZERO
            )
            p += max(D(2) if v > D("99.78") else ZERO, tiers)
    v = g("on_time_rate")
    if v is not None:
        tiers = (
            D("1.75") if v >= D("99.5") else D("1.25") if v >= 99 else D("0.5") if v >= 98 else ZERO
        )
        p += max(D("2.5") if v > D("99.78") else ZERO, tiers)
    if "dossiers_overdue" in m and "overdue_apologies" in m:
        v = max(ZERO, m["dossiers_overdue"] - m["overdue_apologies"])
        p += _deduct(v, D("0.25"), D("1.25"))
    if "e_result_rate" in m and "result_reuse_rate" in m:
        v = min(m["e_result_rate"], m["result_reuse_rate"])
        p += _linear(v, D(50), D(90), D("1.25"))
    fields["3"] = (s31 + p, a)

    # 4 – Cải cách tổ chức bộ máy (10.5)
    p = ZERO
    two = D("2.1")
    for name in ("org_functions_regulated", "leadership_structure_ok"):
        if g(name):
            p += two
    s41, p = p, ZERO
    if g("decentralisation_done"):
        p += two
    v = g("decentral_inspection_date")
    if v is not None:
        p += two if v <= dt.date(2025, 11, 30) else D("1.05")
    fixed, issues = g("decentral_issues_fixed"), g("decentral_issues")
    if fixed is not None and issues is not None and fixed >= issues:
        p += two
    fields["4"] = (s41 + p, D("10.5"))

    # 5 – Chất lượng đội ngũ CBCCVC (15)
    p = ZERO
    q = D("3.75")
    if g("recruitment_compliant"):
        p += q
    v = g("leaders_disciplined")
    if v is not None:
        p += _deduct(v, D("1.25"), q)
    v = g("training_completion_rate")
    if v is not None:
        p += _linear(v, D(70), HUNDRED, q)
    v = g("cadres_standard_rate")
    if v is not None:
        p += q if v >= 100 else D("1.75") if v >= 90 else ZERO
    fields["5"] = (p, D(15))

    # 6 – Cải cách tài chính công (9.5)
    p, a = ZERO, D("9.5")
    v = g("disbursement_rate")
    if v is not None:
        p += D("1.5") if v >= 90 else D("0.75") if v >= 80 else ZERO
    v = g("admin_budget_violations")
    if v is not None:
        p += _deduct(v, D("0.5"), ONE)
    if m["audit_amount_recommended"] > 0:
        v = m["audit_recovery_rate"]
        p += ONE if v >= 90 else D("0.5") if v >= 70 else ZERO
    else:
        a -= ONE
    s61, p = p, ZERO
    if g("asset_docs_issued"):
        p += ONE
    v = g("premises_handled_rate")
    if v is not None:
        p += ONE if v >= 100 else D("0.5") if v >= 80 else ZERO
    v = g("asset_inspection_date")
    if v is not None:
        p += ONE if v <= dt.date(2025, 12, 31) else D("0.5")
    s62, p = p, ZERO
    if "6.3.1" in not_applicable:
        a -= ONE
    elif (v := g("sncl_self_financed")) is not None:
        p += min(ONE, max(ZERO, v * ONE))
    if "6.3.2" in not_applicable:
        a -= ONE
    elif (v := g("sncl_partly_financed")) is not None:
        p += min(ONE, max(ZERO, v * D("0.5")))
    if "6.3.3" in not_applicable:
        a -= ONE
    elif (
        "sncl_budget_current" in m
        and "sncl_budget_previous" in m
        and m["sncl_budget_current"] < m["sncl_budget_previous"]
    ):
        p += ONE
    fields["6"] = (s61 + s62 + p, a)

    # 7 – Chính quyền điện tử, chính quyền số (21.75)
    p = ZERO
    v = g("ndxp_systems_connected")
    if v is not None:
        p += D("2.25") if v >= 24 else ONE if v >= 18 else ZERO
    s71, p = p, ZERO
    v = g("edoc_rate")
    if v is not None:
        p += _linear(v, D(80), HUNDRED, D("2.25"))
    v = g("online_work_rate")
    if v is not None:
        p += D("2.25") if v >= 70 else ONE if v >= 50 else ZERO
    if g("edoc_connected"):
        p += D("2.25")
    s72, p = p, ZERO
    v = g("website_missing_items")
    if v is not None:
        p += _deduct(v, D("0.5"), D(2))
    if "digitised_rate" in m and "e_result_rate" in m:
        v = min(m["digitised_rate"], m["e_result_rate"])
        p += D("2.5") if v >= 100 else D("1.5") if v >= 90 else D("0.75") if v >= 80 else ZERO
    v = g("full_online_services_rate")
    if v is not None:
        p += _linear(v, D(80), HUNDRED, D("2.5"))
    v = g("full_online_dossier_rate")
    if v is not None:
        p += _linear(v, D(50), HUNDRED, D("2.75"))
    v = g("payment_attainment")
    if v is not None:
        p += _linear(v, D(50), HUNDRED, D(3))
    fields["7"] = (s71 + s72 + p, D("21.75"))

    # 8 – Tác động của CCHC (16.5): SIPAS; 8.2–8.5 tracked
    p = ZERO
    for name in (
        "sipas_access",
        "sipas_procedure",
        "sipas_staff",
        "sipas_result",
        "sipas_feedback",
    ):
        v = g(name)
        if v is not None:
            p += _linear(v, D(50), D(90), D("3.3"))
    fields["8"] = (p, D("16.5"))
    fields["9"] = (ZERO, ZERO)  # PCI: tracked only

    points = applicable = ZERO
    for p, a in fields.values():
        points += p
        applicable += a
    exact = points / applicable * HUNDRED if applicable > 0 else ZERO
    rounded = exact.quantize(D("0.01"), rounding=ROUND_HALF_UP)
    band = next(label for low, label in BANDS if rounded >= low)
    return {
        "points": points,
        "applicable": applicable,
        "score": rounded,
        "band": band,
        "fields": fields,
    }
