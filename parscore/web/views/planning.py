"""Plan and what-if in the page: the engine's cheapest plan to the goal, and a scenario editor
whose result is the engine's what-if deltas. The plan exports as a scenario file."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from ...compiled import LoadedPack
from ...errors import ParscoreError
from ...limits import number_problem, number_text_problem
from ...loader import LoadedEvidence
from ...numbers import vi_number
from ...planner import check_scenario, plan_fixes, run_whatif, scenario_model, scenario_yaml
from ...planning.appraisal import with_counterpart
from ...planning.records import Plan
from ...report.filters import Formatter
from ...report.plan_view import plan_view
from ...safe_text import clean_text
from ...vi import COMPUTED_SCORE, strict_evidence_rule
from ...yamlio import YamlDocument
from ..access import editable, require
from ..audit import record
from ..editing import read_posted
from ..evidence import beside_fields, load_assessment, problems_by_path
from ..layout import build_layout, input_display, metric_key
from ..models import SavedScenario
from ..post_only import post_only
from .common import attachment, get_assessment

__all__ = ["appraisal_mode", "plan_page", "save_plan", "saved_download", "scenario_download"]


def appraisal_mode(request: HttpRequest) -> bool:
    """Plans are made as the appraisal council scores (as the command line does) unless the page
    asks for the self-assessed score (``cach-tinh=tu-danh-gia``)."""
    return request.GET.get("cach-tinh") != "tu-danh-gia"


def target_asked(pack: LoadedPack, request: HttpRequest) -> tuple[Decimal | None, str]:
    """The page's target (``muc-tieu``, a dot or a comma), or None with why it is not used."""
    raw = request.GET.get("muc-tieu", "").strip()
    if not raw:
        return None, ""
    scale = pack.model.pack.scale
    shown = clean_text(raw)[:20]
    problem = number_text_problem(raw)
    value = None
    if not problem:
        try:
            value = Decimal(raw.replace(",", "."))
        except ArithmeticError:
            problem = "không phải là một số"
    if value is not None:
        problem = number_problem(value)  # NaN, infinities, huge: never compared
        if not problem and not 0 < value <= scale:
            problem = f"nằm ngoài thang điểm 0–{vi_number(scale)}"
    if problem:
        return None, f"Mục tiêu «{shown}»: {problem}; dùng mục tiêu mặc định."
    return value, ""


def _plan(pack: LoadedPack, evidence: LoadedEvidence, request: HttpRequest) -> Plan:
    """The page's plan, with its fixes scored the other way too (both figures are shown)."""
    target, _problem = target_asked(pack, request)
    plan = plan_fixes(pack, evidence, target=target, strict_evidence=appraisal_mode(request))
    return with_counterpart(pack, evidence, plan)


@login_required
def plan_page(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    evidence, pack = load_assessment(assessment)
    plan = _plan(pack, evidence, request)
    fmt = Formatter(pack.model.pack.rounding.places, pack.model.pack.rounding.mode)
    whatif: Any = None
    problems: dict[str, list[str]] = {}
    values: dict[str, Any] = dict(evidence.metrics)
    typed = True
    if request.method == "POST":
        posted = read_posted(pack, request.POST)
        values = {k: v for k, v in posted.texts.items() if metric_key(k) in request.POST}
        values = {
            **{k: input_display(pack.model.inputs.get(k), v) for k, v in evidence.metrics.items()},
            **values,
        }
        typed = False
        problems = dict(posted.problems)
        changed = {k: v for k, v in posted.metrics.items() if evidence.metrics.get(k) != v}
        removed = [
            k for k in evidence.metrics if k not in posted.metrics and metric_key(k) in request.POST
        ]
        data: dict[str, Any] = {
            "title": "Kịch bản thử trên trang",
            "strict_evidence": plan.start.strict_evidence,  # scored as the plan above is
            "metrics": {**changed, **dict.fromkeys(removed)},
        }
        if not problems:
            doc = YamlDocument(file="kịch bản", data=data, positions={})
            try:
                scenario = check_scenario(doc, scenario_model(doc), pack, evidence)
                whatif = run_whatif(pack, evidence, scenario)
            except ParscoreError as exc:
                problems = beside_fields(problems_by_path(exc.issues))
    groups, rest = build_layout(pack, values, problems, typed=typed)
    context = {
        "a": assessment,
        "commune": assessment.commune,
        "plan": plan_view(plan),
        "strict_evidence_rule": strict_evidence_rule(plan.start.pack.adjustments),
        "fmt": fmt,
        "fixes": [
            {
                "step": f.step,
                "code": f.code,
                "title": f.title,
                "change": f.change,
                "gain": fmt.signed(f.gain),
                "effort": f.effort,
                "effort_note": f.effort_note,
                "after": fmt.pts(f.score_after),
                "owner": f.owner or "",
                "deadline": f.deadline,
            }
            for f in plan_view(plan).fixes
        ],
        "start": fmt.pts(plan.start_score),
        "final": fmt.pts(plan.final_score),
        "target": fmt.pts(plan.target),
        "target_problem": target_asked(pack, request)[1],
        "whatif": whatif,
        "changes": [
            {
                "code": c.code,
                "title": c.title,
                "level": c.level,
                "before": fmt.pts(c.before.points) if c.before is not None else "—",
                "after": fmt.pts(c.after.points) if c.after is not None else "—",
                "delta": fmt.signed(c.delta) if c.delta is not None else "",
            }
            for c in (whatif.changes if whatif is not None else ())
        ],
        "whatif_total": (
            {
                "before": fmt.pts(whatif.base.total.score),
                "after": fmt.pts(whatif.new.total.score),
                "delta": fmt.signed(whatif.delta),
                "band_before": whatif.base.total.band,
                "band_after": whatif.new.total.band,
            }
            if whatif is not None
            else None
        ),
        "groups": groups,
        "rest": rest,
        "problems": problems,
        "query": request.GET.urlencode(),
        "saved": list(assessment.scenarios.select_related("created_by")),
        "can_save": editable(request.user, assessment),
    }
    return render(request, "web/plan.html", context)


def _yaml_response(text: str, name: str) -> HttpResponse:
    return attachment(text.encode("utf-8"), "application/x-yaml; charset=utf-8", name)


@login_required
@post_only
def save_plan(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Keep the plan as it is now (with the page's target and mode) as a scenario file."""
    assessment = get_assessment(request, slug, year)
    require(editable(request.user, assessment))
    evidence, pack = load_assessment(assessment)
    plan = _plan(pack, evidence, request)
    fmt = Formatter(pack.model.pack.rounding.places, pack.model.pack.rounding.mode)
    mode = "khi thẩm định" if plan.start.strict_evidence else f"theo {COMPUTED_SCORE}"
    title = (
        f"Kế hoạch {fmt.pts(plan.start_score)} → {fmt.pts(plan.final_score)} {mode} "
        f"(mục tiêu {fmt.pts(plan.target)}, {len(plan.fixes)} việc)"
    )
    saved = SavedScenario.objects.create(
        assessment=assessment, title=title, text=scenario_yaml(plan), created_by=request.user
    )
    record(request.user, "plan_saved", assessment, f"kịch bản {saved.pk}", "", title)
    messages.success(request, f"Đã lưu: {title}.")
    return redirect(reverse("web:plan", args=[slug, year]) + "?" + request.GET.urlencode())


@login_required
def saved_download(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    saved = get_object_or_404(SavedScenario, pk=pk, assessment=assessment)
    return _yaml_response(saved.text, f"ke-hoach-{slug}-{year}-{pk}.yaml")


@login_required
def scenario_download(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    assessment = get_assessment(request, slug, year)
    evidence, pack = load_assessment(assessment)
    text = scenario_yaml(_plan(pack, evidence, request))
    return _yaml_response(text, f"ke-hoach-{assessment.commune.slug}-{assessment.year}.yaml")
