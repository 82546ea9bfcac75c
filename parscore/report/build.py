"""Result + pack + evidence -> :class:`~parscore.report.context.ReportContext`. Pure: no I/O, no clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from ..code_order import code_order
from ..compiled import LoadedPack
from ..loader import LoadedEvidence
from ..model.citation import cite
from ..model.pack import Criterion
from ..model.result import AdjustmentLine, InputValue, LeafResult, NodeResult, Result
from ..planning.candidates import Rescorer
from ..raising import item_hints, raise_hints
from ..vi import bonus_title, vi_value
from ..wording import Wording, kind_words, rule_sources, rule_words
from .adjustment_words import (
    Claimed,
    adjustment_note,
    at_risk_note,
    at_risk_title,
    bonus_risk_codes,
    gaps_words,
    points_at_risk,
    result_claimed,
)
from .assumptions import pack_assumptions
from .context import (
    ClaimRow,
    CriterionRef,
    DocumentView,
    FieldRow,
    GapRow,
    InputView,
    PackView,
    PlanGroup,
    PlanRow,
    ReportContext,
    Summary,
    TraceEntry,
)
from .filters import roman, short_decimals
from .stage_view import adjustment_views, stage_views
from .text import SOURCE_VI, STAGE_VI

__all__ = ["REPORT_TITLE", "build_context", "code_order", "place_name", "stake"]

REPORT_TITLE = "Báo cáo phân tích điểm và kế hoạch nâng Chỉ số cải cách hành chính"
REPORT_TITLE_OF = "Báo cáo phân tích điểm và kế hoạch nâng {index}"
ZERO = Decimal(0)
MISSING_VALUE = "chưa khai báo"


def stake(leaf: LeafResult) -> Decimal:
    """Points worth acting on: the applicable maximum minus points that do not need more evidence."""
    if leaf.status == "na" or leaf.tracked:
        return ZERO
    secured = ZERO if leaf.status == "at_risk" else leaf.points
    return leaf.applicable_max - secured


def is_gap(leaf: LeafResult) -> bool:
    """A leaf below its maximum or at risk (not-applicable and tracked leaves never are)."""
    return stake(leaf) > 0


def place_name(commune: str, level: str) -> str:
    """``Dân Tiến`` -> ``xã Dân Tiến`` for a commune-level pack; names with a unit word stay."""
    units = ("xã ", "phường ", "thị trấn ", "đặc khu ")
    if level != "xa" or commune.lower().startswith(units):
        return commune
    return f"xã {commune}"


def build_context(
    result: Result,
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    report_date: dt.date | None = None,
    plan: Any = None,
    projection: Any = None,
    gaps: bool = True,
) -> ReportContext:
    """Everything a report shows, computed once. ``report_date`` defaults to the data date.
    ``gaps=False`` leaves out the gaps and their hints (re-scores per leaf), the plan groups and
    the summary's stake and its note: for a score panel that shows none of them."""
    ctx = _Builder(result, pack, evidence).build(report_date or result.as_of, plan, gaps)
    return dataclasses.replace(ctx, projection=projection) if projection is not None else ctx


class _Builder:
    def __init__(self, result: Result, pack: LoadedPack, evidence: LoadedEvidence) -> None:
        self.result = result
        self.pack = pack
        self.evidence = evidence
        self.criteria: dict[str, tuple[Criterion, tuple[Criterion, ...]]] = dict(
            _with_ancestors(pack)
        )
        self.documents = {d.id: d for d in evidence.model.documents}
        self.rescorer: Rescorer | None = None  # one for every gap: shared re-scores
        self.words = Wording(pack)
        self.said: dict[tuple[str, str], str | tuple[InputView, ...]] = {}  # per leaf, once

    def build(
        self, report_date: dt.date | None, plan: Any, with_gaps: bool = True
    ) -> ReportContext:
        result = self.result
        meta = self.pack.model.pack
        leaves = list(result.leaves())
        gaps = sorted(
            (self._gap(leaf) for leaf in leaves if with_gaps and is_gap(leaf)),
            key=lambda g: (-g.stake, code_order(g.code)),
        )
        claims = tuple(
            row
            for row in map(self._claim, leaves)
            if row.claim is not None
            or row.appraisal is not None
            or row.round_2 is not None
            or row.note
            or row.explanation
        )
        index = meta.index
        return ReportContext(
            title=REPORT_TITLE_OF.format(index=index.long_name),
            index_name=index.name,
            index_long=index.long_name,
            commune=result.commune,
            place=place_name(result.commune, meta.level),
            province=self.evidence.model.province or meta.province,
            year=result.year,
            plan_year=result.year or meta.year,
            as_of=result.as_of,
            report_date=report_date,
            synthetic=result.synthetic,
            strict_evidence=result.strict_evidence,
            pack=PackView(
                id=meta.id,
                revision=meta.revision,
                title=meta.title,
                status=meta.status,
                provisional=meta.status == "provisional",
                province=meta.province,
                year=meta.year,
                sha256=self.pack.sha256,
                legal_basis=tuple(meta.legal_basis),
                note=meta.note,
                assumptions=pack_assumptions(self.pack.model),
            ),
            summary=self._summary(leaves, gaps, with_gaps),
            fields=tuple(self._field(node) for node in result.criteria),
            gaps=tuple(gaps),
            plan_groups=self._plan_groups(gaps),
            trace=tuple(self._trace()),
            claims=claims,
            has_claims=any(c.claim is not None for c in claims),
            has_appraisal=any(c.appraisal is not None for c in claims),
            warnings=tuple(
                (f"{w.criterion}: " if w.criterion else "") + w.message
                for w in result.warnings
                if w.code != "W010"  # over-claims have their own list
            ),
            places=result.pack.places,
            mode=result.pack.mode,
            plan=plan,
            has_round_2=any(c.round_2 is not None for c in claims),
            stages=stage_views(result),
            adjustments=adjustment_views(
                self.pack,
                self.evidence,
                result,
                self._document,
                self._item_hints if with_gaps else None,
            ),
        )

    # -- pieces ----------------------------------------------------------------------------------

    def _summary(self, leaves: list[LeafResult], gaps: list[GapRow], with_gaps: bool) -> Summary:
        t = self.result.total
        official = self.result.official_stage
        scored = [leaf for leaf in leaves if not leaf.tracked]
        info = self.result.pack
        claimed = (
            result_claimed(self.pack, self.result, self.evidence) if info.adjustments else None
        )
        # the points the criteria lacking documents still count (none under strict evidence:
        # scored 0, they are among the points lost), as each field's row adds them
        criteria_risk = sum((leaf.points for leaf in scored if leaf.status == "at_risk"), ZERO)
        at_risk_leaves = tuple(self._ref(leaf) for leaf in scored if leaf.status == "at_risk")
        leaf_count = sum(1 for leaf in scored if leaf.status != "na")  # those that apply
        at_risk_items = self._bonus_refs(claimed)
        # what to act on: the gaps' stake and the bonus their documents would still add (the
        # bonus at risk: the same points either way); nothing of it when the gaps are left out
        acting = claimed if with_gaps else None
        stake = points_at_risk(sum((g.stake for g in gaps), ZERO), self.result, acting)
        gap_title, gap_note = (
            gaps_words(leaf_count, len(gaps), stake, self.result, acting)
            if with_gaps
            else (Summary.gap_title, "")
        )
        return Summary(
            points=t.points,
            max=t.max,
            applicable_max=t.applicable_max,
            score=t.score,
            scale=self.result.scale,
            rescaled=t.applicable_max != self.result.scale,
            band=t.band,
            goal=t.goal,
            gap=t.gap,
            goal_met=t.goal_met,
            lost=t.applicable_max - t.points,
            at_risk=points_at_risk(criteria_risk, self.result, claimed),
            stake=stake,
            missing_inputs=tuple(self._ref(leaf) for leaf in scored if leaf.missing_inputs),
            at_risk_leaves=at_risk_leaves,
            over_claims=tuple(self._ref(leaf) for leaf in scored if leaf.over_claim),
            na_count=sum(1 for leaf in scored if leaf.status == "na"),
            survey_count=sum(1 for leaf in scored if leaf.survey and leaf.status != "na"),
            leaf_count=leaf_count,
            gap_count=len(gaps),
            bonus_gap_count=len(bonus_risk_codes(acting)),
            gap_title=gap_title,
            gap_note=gap_note,
            adjusted=self.result.pack.adjustments,
            bonus=t.bonus,
            penalty=t.penalty,
            adjustment_note=self._adjustment_note(claimed) if claimed is not None else "",
            criteria_at_risk=criteria_risk,
            at_risk_bonus=claimed.at_risk if claimed is not None else ZERO,
            at_risk_note=at_risk_note(len(at_risk_leaves), self.result, claimed),
            at_risk_title=at_risk_title(
                self.result.strict_evidence, bool(at_risk_leaves), bool(at_risk_items)
            ),
            at_risk_items=at_risk_items,
            official=official,
            official_label=STAGE_VI[official] if official != "computed" else "",
            official_score=self.result.official.score if official != "computed" else None,
        )

    def _bonus_refs(self, claimed: Claimed | None) -> tuple[CriterionRef, ...]:
        """The listed bonus items missing a required document that appraisal would leave out,
        each with what the cap leaves of it (as the planner's fix secures), titled as a plan
        titles them among criteria (``Điểm thưởng: …``)."""
        if claimed is None:
            return ()
        return tuple(
            CriterionRef(
                code=line.code,
                title=bonus_title(line.title.rstrip(".")),
                points=line.points if line.counted else ZERO,
                max=line.points,
                at_risk=kept,
                missing_evidence=line.missing,
            )
            for line, kept in zip(claimed.short, claimed.short_points, strict=True)
            if kept
        )

    def _adjustment_note(self, claimed: Claimed) -> str:
        info = self.result.pack
        return adjustment_note(
            self.result.total, self.result.scale, info.places, info.mode, claimed
        )

    def _ref(self, leaf: LeafResult) -> CriterionRef:
        return CriterionRef(
            code=leaf.code,
            title=leaf.title.rstrip("."),  # the lists go on after it: «title: …», never «title.: …»
            points=leaf.points,
            max=leaf.applicable_max,
            at_risk=leaf.at_risk_points,
            claim=leaf.claim,
            missing=tuple(self._missing_input(n) for n in leaf.missing_inputs),
            missing_evidence=leaf.evidence.missing,
        )

    def _field(self, node: NodeResult | LeafResult) -> FieldRow:
        leaves = list(node.walk())
        return FieldRow(
            code=node.code,
            title=node.title,
            points=node.points,
            max=node.max,
            applicable_max=node.applicable_max,
            lost=node.lost,
            at_risk=sum((leaf.points for leaf in leaves if leaf.status == "at_risk"), ZERO),
            status=node.status,
            tracked=node.tracked,
        )

    def _rescorer(self) -> Rescorer:
        """One re-scorer for every hint (gaps and bonus items): shared re-scores."""
        if self.rescorer is None:
            self.rescorer = Rescorer(
                self.pack, self.evidence, self.result.strict_evidence, known=self.result
            )
        return self.rescorer

    def _item_hints(self, line: AdjustmentLine) -> tuple[str, ...]:
        """What would raise a listed bonus item: attaching its missing documents, worded as
        ``explain ITEM`` words it. Only a bonus missing a document can have one: no other item
        costs a re-score."""
        if line.side != "bonus" or not line.missing:
            return ()
        return tuple(
            item_hints(
                line.code,
                self.pack,
                self.evidence,
                strict_evidence=self.result.strict_evidence,
                rescorer=self._rescorer(),
            )
        )

    def _gap(self, leaf: LeafResult) -> GapRow:
        crit, ancestors = self.criteria[leaf.code]
        hints = raise_hints(
            leaf,
            self.pack.leaves[leaf.code],
            self.evidence.model.as_of,
            pack=self.pack,
            evidence=self.evidence,
            strict_evidence=self.result.strict_evidence,
            rescorer=self._rescorer(),
        )
        return GapRow(
            code=leaf.code,
            title=leaf.title,
            field_code=(ancestors[0] if ancestors else crit).code,
            points=leaf.points,
            max=leaf.applicable_max,
            lost=leaf.lost,
            at_risk=leaf.at_risk_points,
            stake=stake(leaf),
            status=leaf.status,
            explanation=self._explanation(leaf),
            rule=leaf.rule,
            rule_text=self._rule_text(leaf),
            inputs=self._inputs(leaf),
            hints=tuple(hints),
            missing_evidence=leaf.evidence.missing,
            missing_inputs=tuple(self._missing_input(n) for n in leaf.missing_inputs),
            target=crit.target or "",
            owner=_inherited(crit, ancestors, "owner") or "",
            partners=tuple(_inherited(crit, ancestors, "partners") or ()),
            deadline=_inherited(crit, ancestors, "deadline"),
            survey=leaf.survey,
        )

    def _plan_groups(self, gaps: list[GapRow]) -> tuple[PlanGroup, ...]:
        by_code = {g.code: g for g in gaps}
        groups: list[PlanGroup] = []
        for top in self.pack.model.criteria:
            rows = list(self._plan_rows(top, by_code, 0))
            if not rows:
                continue
            total = sum((by_code[c.code].stake for c in _leaves(top) if c.code in by_code), ZERO)
            groups.append(
                PlanGroup(
                    code=top.code,
                    roman=roman(top.code),
                    title=top.title,
                    stake=total,
                    rows=tuple(rows),
                )
            )
        return tuple(groups)

    def _plan_rows(self, node: Criterion, gaps: dict[str, GapRow], depth: int) -> Iterator[PlanRow]:
        if node.is_leaf:
            gap = gaps.get(node.code)
            if gap is not None:
                yield PlanRow(
                    kind="task",
                    stt=node.code,
                    title=node.title,
                    target=gap.target,
                    deadline=gap.deadline,
                    owner=gap.owner,
                    partners=gap.partners,
                    stake=gap.stake,
                    depth=depth,
                )
            return
        children = [
            row for child in node.children or () for row in self._plan_rows(child, gaps, depth + 1)
        ]
        if children and depth > 0:
            yield PlanRow("group", node.code, node.title, "", None, "", (), None, depth)
        yield from children

    def _trace(self) -> Iterator[TraceEntry]:
        def visit(node: NodeResult | LeafResult, depth: int) -> Iterator[TraceEntry]:
            if isinstance(node, NodeResult):
                yield TraceEntry(
                    code=node.code,
                    title=node.title,
                    depth=depth,
                    is_leaf=False,
                    points=node.points,
                    max=node.max,
                    applicable_max=node.applicable_max,
                    lost=node.lost,
                    status=node.status,
                    tracked=node.tracked,
                )
                for child in node.children:
                    yield from visit(child, depth + 1)
                return
            yield self._trace_leaf(node, depth)

        for top in self.result.criteria:
            yield from visit(top, 0)

    def _trace_leaf(self, leaf: LeafResult, depth: int) -> TraceEntry:
        crit, _ = self.criteria[leaf.code]
        source = crit.source
        return TraceEntry(
            code=leaf.code,
            title=leaf.title,
            depth=depth,
            is_leaf=True,
            points=leaf.points,
            max=leaf.max,
            applicable_max=leaf.applicable_max,
            lost=leaf.lost,
            status=leaf.status,
            tracked=leaf.tracked,
            kind=leaf.kind,
            kind_text=kind_words(leaf.kind),
            rule=leaf.rule,
            rule_text=self._rule_text(leaf),
            explanation=self._explanation(leaf),
            inputs=self._inputs(leaf) + tuple(self._missing_input(n) for n in leaf.missing_inputs),
            evidence_required=leaf.evidence.required,
            evidence_found=leaf.evidence.found,
            missing_evidence=leaf.evidence.missing,
            documents=tuple(self._document(d) for d in leaf.evidence.documents),
            claim=leaf.claim,
            appraisal=leaf.appraisal,
            over_claim=leaf.over_claim,
            at_risk=leaf.at_risk_points,
            na_reason=leaf.na_reason or "",
            survey=leaf.survey,
            met=leaf.met,
            source_ref=cite(self.pack.model, source) if source else "",
            source_status=SOURCE_VI.get(source.status, source.status) if source else "",
            round_2=self._round_2(leaf),
            note=leaf.appraisal_note or "",
            commune_explanation=leaf.commune_explanation or "",
        )

    def _round_2(self, leaf: LeafResult) -> Decimal | None:
        """The leaf's own round-2 points (not the fallback on round 1)."""
        given = self.evidence.model.appraisal_final
        return given.get(leaf.code, given.get(leaf.key))

    def _claim(self, leaf: LeafResult) -> ClaimRow:
        final = self._round_2(leaf)
        return ClaimRow(
            code=leaf.code,
            title=leaf.title,
            points=leaf.points,
            claim=leaf.claim,
            claim_diff=leaf.claim - leaf.points if leaf.claim is not None else None,
            appraisal=leaf.appraisal,
            appraisal_diff=leaf.appraisal - leaf.points if leaf.appraisal is not None else None,
            over_claim=leaf.over_claim,
            round_2=final,
            round_2_diff=final - leaf.points if final is not None else None,
            note=leaf.appraisal_note or "",
            explanation=leaf.commune_explanation or "",
        )

    def _document(self, doc_id: str) -> DocumentView:
        doc = self.documents.get(doc_id)
        if doc is None:
            return DocumentView(doc_id, doc_id, "", None, "", "")
        return DocumentView(
            id=doc.id,
            title=doc.title,
            number=doc.number or "",
            issued=doc.issued,
            issuer=doc.issuer or "",
            file=doc.file or "",
        )

    def _explanation(self, leaf: LeafResult) -> str:
        key = ("explanation", leaf.code)  # a gap's leaf is also in the trace: worded once
        if key not in self.said:
            rule = self.pack.leaves[leaf.code].rule
            words = self.words.explanation(leaf.explanation, rule_sources(rule))
            self.said[key] = short_decimals(words)
        return self.said[key]  # type: ignore[return-value]

    def _rule_text(self, leaf: LeafResult) -> str:
        key = ("rule", leaf.code)
        if key not in self.said:
            self.said[key] = rule_words(self.words, self.pack.leaves[leaf.code].rule, leaf.max)
        return self.said[key]  # type: ignore[return-value]

    def _inputs(self, leaf: LeafResult) -> tuple[InputView, ...]:
        key = ("inputs", leaf.code)
        if key not in self.said:
            self.said[key] = tuple(self._input(n, value) for n, value in leaf.inputs.items())
        return self.said[key]  # type: ignore[return-value]

    def _input(self, name: str, value: InputValue) -> InputView:
        spec = self.pack.model.inputs.get(name)
        if spec is None:  # a derived value: described from its formula, at the pack's precision,
            shown = self.words.measured(value, name)  # in its unit (as explain says it)
            return InputView(name, self.words.label(name), shown, "", derived=True)
        return InputView(name, spec.label, vi_value(value), self.words.unit(name))

    def _missing_input(self, name: str) -> InputView:
        spec = self.pack.model.inputs.get(name)
        label = spec.label if spec is not None else self.words.label(name)
        unit = self.words.unit(name) if spec is not None else ""
        return InputView(name, label, MISSING_VALUE, unit, derived=spec is None, missing=True)


def _with_ancestors(
    pack: LoadedPack,
) -> Iterator[tuple[str, tuple[Criterion, tuple[Criterion, ...]]]]:
    def visit(nodes: list[Criterion], above: tuple[Criterion, ...]) -> Iterator[Any]:
        for node in nodes:
            yield node.code, (node, above)
            if node.children is not None:
                yield from visit(node.children, (*above, node))

    return visit(pack.model.criteria, ())


def _leaves(node: Criterion) -> Iterator[Criterion]:
    if node.children is None:
        yield node
        return
    for child in node.children:
        yield from _leaves(child)


def _inherited(crit: Criterion, ancestors: tuple[Criterion, ...], name: str) -> Any:
    """A plan attribute (owner, partners, deadline) from the leaf, else its nearest ancestor."""
    for node in (crit, *reversed(ancestors)):
        value = getattr(node, name)
        if value:
            return value
    return None
