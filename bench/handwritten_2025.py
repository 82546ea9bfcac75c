"""The 2025 Thái Nguyên commune pack (rules/2025.yaml, revision 1) written by hand as Python.

This is the floor for an interpreted engine: plain code as a person would write it for speed,
with every constant built once at import, the metrics read in place (no copies, no records),
no expression language, no rule objects. The benchmark checks that it gives exactly the
engine's totals on every synthetic commune, so it follows the pack's rules to the letter:
Decimal arithmetic, a leaf whose inputs are missing scores 0 of its maximum, a leaf declared
not applicable (or whose applies_if is false) leaves both points and maximum, tracked criteria
(max 0) score nothing. Sums follow the criteria tree (3.1 then 3.2, ...) so that inexact
quotients add up in the same order as the engine's.

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
ZERO, ONE, TWO, THREE = D(0), D(1), D(2), D(3)
HUNDRED, NINETY, SEVENTY, FIFTY, EIGHTY = D(100), D(90), D(70), D(50), D(80)
HALF, QUARTER = D("0.5"), D("0.25")
P0_75, P1_05, P1_25, P1_5, P1_75 = D("0.75"), D("1.05"), D("1.25"), D("1.5"), D("1.75")
P2_1, P2_25, P2_5, P2_75 = D("2.1"), D("2.25"), D("2.5"), D("2.75")
P3_25, P3_3, P3_5, P3_75 = D("3.25"), D("3.3"), D("3.5"), D("3.75")
P99_5, P99_78 = D("99.5"), D("99.78")
MAX1, MAX3, MAX4, MAX5 = D("13.75"), D(13), D("10.5"), D(15)
MAX6, MAX7, MAX8 = D("9.5"), D("21.75"), D("16.5")
CENT = D("0.01")
DEADLINE_4_2_2 = dt.date(2025, 11, 30)
DEADLINE_6_2_3 = dt.date(2025, 12, 31)
BANDS = ((D("80.01"), "Tốt"), (SEVENTY, "Khá"), (FIFTY, "Trung bình"), (ZERO, "Yếu"))
SIPAS = ("sipas_access", "sipas_procedure", "sipas_staff", "sipas_result", "sipas_feedback")
PUBLIC_RATES = ("tthc_portal_public_rate", "tthc_site_public_rate", "progress_public_rate")


def _rate(done: Any, total: Any) -> Decimal | None:
    """done / total as a percentage (0 when total is 0); None when either is not declared."""
    if done is None or total is None:
        return None
    return ZERO if total == 0 else done / total * HUNDRED


def _linear(v: Decimal, a: Decimal, b: Decimal, maximum: Decimal) -> Decimal:
    return maximum * min(max((v - a) / (b - a), ZERO), ONE)


def _deduct(v: Decimal, each: Decimal, maximum: Decimal) -> Decimal:
    return max(ZERO, min(maximum, maximum - v * each))


def _left(total: Any, done: Any) -> Decimal | None:
    return None if total is None or done is None else max(ZERO, total - done)


def score_2025(metrics: Mapping[str, Any], not_applicable: Mapping[str, str]) -> dict[str, Any]:
    """Points, applicable maximum, per-field points, rounded score and band of one commune."""
    g = metrics.get

    # 1 – Công tác chỉ đạo, điều hành (13.75)
    p = ZERO
    v = g("initiatives")
    if v is not None:
        p += P3_5 if v >= 3 else P2_25 if v >= 2 else ONE if v >= 1 else ZERO
    v = _rate(g("plan_tasks_done"), g("plan_tasks_total"))
    if v is not None:
        p += P3_75 if v >= 100 else P2_5 if v >= 90 else P1_25 if v >= 80 else ZERO
    v = _left(g("inspection_issues"), g("inspection_issues_handled"))
    if v is not None:
        p += _deduct(v, ONE, P3_25)
    v = _left(g("assigned_tasks"), g("assigned_tasks_done"))
    if v is not None:
        p += _deduct(v, P0_75, P3_25)
    f1 = (p, MAX1)

    # 3 – Cải cách thủ tục hành chính (13)
    p, a = ZERO, MAX3
    for name in PUBLIC_RATES:
        v = g(name)
        if v is not None and v >= 100:
            p += ONE
    if g("tthc_posted_at_centre"):
        p += ONE
    v = g("internal_tthc_reviewed_rate")
    if v is not None:
        p += ONE if v >= 100 else HALF if v >= 80 else ZERO
    b, t, c = g("biz_conditions_cut_rate"), g("tthc_time_cut_rate"), g("tthc_cost_cut_rate")
    if b is not None and t is not None and c is not None:
        v = min(b, t, c)
        p += ONE if v >= 30 else HALF if v >= 15 else ZERO
    s31, p = p, ZERO
    if "3.2.1" in not_applicable:
        a -= TWO
    else:
        v = _rate(g("prov_dossiers_on_time"), g("prov_dossiers_received"))
        if v is not None:
            tiers = P1_5 if v >= P99_5 else ONE if v >= 99 else HALF if v >= 98 else ZERO
            p += max(TWO if v > P99_78 else ZERO, tiers)
    v = _rate(g("dossiers_on_time"), g("dossiers_received"))
    if v is not None:
        tiers = P1_75 if v >= P99_5 else P1_25 if v >= 99 else HALF if v >= 98 else ZERO
        p += max(P2_5 if v > P99_78 else ZERO, tiers)
    v = _left(g("dossiers_overdue"), g("overdue_apologies"))
    if v is not None:
        p += _deduct(v, QUARTER, P1_25)
    e_result = g("e_result_rate")
    reuse = g("result_reuse_rate")
    if e_result is not None and reuse is not None:
        p += _linear(min(e_result, reuse), FIFTY, NINETY, P1_25)
    f3 = (s31 + p, a)

    # 4 – Cải cách tổ chức bộ máy (10.5)
    p = ZERO
    if g("org_functions_regulated"):
        p += P2_1
    if g("leadership_structure_ok"):
        p += P2_1
    s41, p = p, ZERO
    if g("decentralisation_done"):
        p += P2_1
    v = g("decentral_inspection_date")
    if v is not None:
        p += P2_1 if v <= DEADLINE_4_2_2 else P1_05
    fixed, issues = g("decentral_issues_fixed"), g("decentral_issues")
    if fixed is not None and issues is not None and fixed >= issues:
        p += P2_1
    f4 = (s41 + p, MAX4)

    # 5 – Chất lượng đội ngũ CBCCVC (15)
    p = ZERO
    if g("recruitment_compliant"):
        p += P3_75
    v = g("leaders_disciplined")
    if v is not None:
        p += _deduct(v, P1_25, P3_75)
    v = _rate(g("training_done"), g("training_planned"))
    if v is not None:
        p += _linear(v, SEVENTY, HUNDRED, P3_75)
    v = _rate(g("cadres_standard"), g("cadres_total"))
    if v is not None:
        p += P3_75 if v >= 100 else P1_75 if v >= 90 else ZERO
    f5 = (p, MAX5)

    # 6 – Cải cách tài chính công (9.5)
    p, a = ZERO, MAX6
    v = g("disbursement_rate")
    if v is not None:
        p += P1_5 if v >= 90 else P0_75 if v >= 80 else ZERO
    v = g("admin_budget_violations")
    if v is not None:
        p += _deduct(v, HALF, ONE)
    recommended = g("audit_amount_recommended", ZERO)
    if recommended > 0:
        v = g("audit_amount_recovered", ZERO) / recommended * HUNDRED
        p += ONE if v >= 90 else HALF if v >= 70 else ZERO
    else:
        a -= ONE
    s61, p = p, ZERO
    if g("asset_docs_issued"):
        p += ONE
    v = g("premises_handled_rate")
    if v is not None:
        p += ONE if v >= 100 else HALF if v >= 80 else ZERO
    v = g("asset_inspection_date")
    if v is not None:
        p += ONE if v <= DEADLINE_6_2_3 else HALF
    s62, p = p, ZERO
    if "6.3.1" in not_applicable:
        a -= ONE
    elif (v := g("sncl_self_financed")) is not None:
        p += min(ONE, max(ZERO, v))
    if "6.3.2" in not_applicable:
        a -= ONE
    elif (v := g("sncl_partly_financed")) is not None:
        p += min(ONE, max(ZERO, v * HALF))
    if "6.3.3" in not_applicable:
        a -= ONE
    else:
        current, previous = g("sncl_budget_current"), g("sncl_budget_previous")
        if current is not None and previous is not None and current < previous:
            p += ONE
    f6 = (s61 + s62 + p, a)

    # 7 – Chính quyền điện tử, chính quyền số (21.75)
    v = g("ndxp_systems_connected")
    s71 = ZERO if v is None else P2_25 if v >= 24 else ONE if v >= 18 else ZERO
    p = ZERO
    v = g("edoc_rate")
    if v is not None:
        p += _linear(v, EIGHTY, HUNDRED, P2_25)
    v = g("online_work_rate")
    if v is not None:
        p += P2_25 if v >= 70 else ONE if v >= 50 else ZERO
    if g("edoc_connected"):
        p += P2_25
    s72, p = p, ZERO
    v = g("website_missing_items")
    if v is not None:
        p += _deduct(v, HALF, TWO)
    digitised = g("digitised_rate")
    if digitised is not None and e_result is not None:
        v = min(digitised, e_result)
        p += P2_5 if v >= 100 else P1_5 if v >= 90 else P0_75 if v >= 80 else ZERO
    v = g("full_online_services_rate")
    if v is not None:
        p += _linear(v, EIGHTY, HUNDRED, P2_5)
    v = _rate(g("dossiers_full_online"), g("dossiers_full_online_eligible"))
    if v is not None:
        p += _linear(v, FIFTY, HUNDRED, P2_75)
    enabled, tthc, dossier = g("pay_enabled_rate"), g("pay_tthc_rate"), g("pay_dossier_rate")
    if enabled is not None and tthc is not None and dossier is not None:
        v = min(enabled / HUNDRED, tthc / SEVENTY, dossier / NINETY) * HUNDRED
        p += _linear(v, FIFTY, HUNDRED, THREE)
    f7 = (s71 + s72 + p, MAX7)

    # 8 – Tác động của CCHC (16.5): SIPAS; 8.2–8.5 tracked
    p = ZERO
    for name in SIPAS:
        v = g(name)
        if v is not None:
            p += _linear(v, FIFTY, NINETY, P3_3)
    f8 = (p, MAX8)
    f9 = (ZERO, ZERO)  # PCI: tracked only

    points = f1[0] + f3[0] + f4[0] + f5[0] + f6[0] + f7[0] + f8[0]
    applicable = f1[1] + f3[1] + f4[1] + f5[1] + f6[1] + f7[1] + f8[1]
    exact = points / applicable * HUNDRED if applicable > 0 else ZERO
    rounded = exact.quantize(CENT, rounding=ROUND_HALF_UP)
    band = next(label for low, label in BANDS if rounded >= low)
    return {
        "points": points,
        "applicable": applicable,
        "score": rounded,
        "band": band,
        "fields": {"1": f1, "3": f3, "4": f4, "5": f5, "6": f6, "7": f7, "8": f8, "9": f9},
    }
