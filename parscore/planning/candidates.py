"""Fix candidates: for every applicable leaf below its maximum or at risk, each way to raise it.

For each level the rule can give (see :mod:`.levels`), the smallest change of raw inputs that
reaches it is searched (see :mod:`.search`) and then the evidence is re-scored with that change
(:class:`~parscore.leaf_points.LeafPoints`: the leaves the change reaches are decided again as
``score()`` decides them, the totals summed and rounded as ``score()`` does): the gain is what
the engine says, never an estimate. Only the plan's final result, which is displayed, is a full
``score()`` of the changed copy (``LoadedEvidence.with_changes``). Leaves missing required documents get the documents in every raise (and an
"attach" candidate of their own when they already score: it secures the at-risk points). A bonus
item the evidence lists without its required documents gets an "attach" candidate too: under
strict evidence it gains the bonus the total then counts, within the bonus cap (the optimiser
weighs it as the criteria points that raise the total as much); in a self-assessment it secures
what the appraised total would lose without them, within the same cap. A penalty item gets none:
it counts whatever the documents.

Decisions (documented in the README):

- A leaf whose inputs are not declared (status ``missing``) gets no candidate: the planner cannot
  know the real value, and declaring it is not a fix that earns points by itself. It is listed
  with the points at stake, to be declared before planning.
- A change that would alter which leaves apply (``applies_if``) is not proposed.
- Tracked leaves (max 0) and not-applicable leaves are skipped.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..compiled import CompiledLeaf, LoadedPack
from ..constraints import check_constraints
from ..expr import Value, decimal_context
from ..kinds import kind_named
from ..leaf_points import EXACT, LeafNumbers, LeafPoints, PartialScore
from ..loader import LoadedEvidence
from ..model.evidence import Document
from ..model.pack import EvidenceRequirement
from ..model.result import LeafResult, Result, Total
from ..scoring import score
from ..stages import bonus_as_points, bonus_at_risk
from ..wording import Wording
from .describe import describe_attach, describe_raise
from .levels import Level, level_for, rule_levels
from .levers import lever_set
from .records import Blocked, Candidate, CandidateSet, MissingLeaf
from .search import Probe, Solution, Unreached, find_change
from .ytd_rates import RateMoves, YearToDate, find_rates_change

__all__ = [
    "DOCUMENT_EFFORT",
    "EXACT",
    "Rescorer",
    "bonus_candidates",
    "deadline_passed",
    "fix_candidates",
    "leaf_candidates",
    "year_over",
]

DOCUMENT_EFFORT = 1  # attaching a document that exists: the easiest kind of fix


class Rescored:
    """A changed copy's numbers (a plain class: cheaper to make than a ``NamedTuple``)."""

    __slots__ = ("changed", "dpoints", "same_scope")

    def __init__(self, changed: PartialScore, dpoints: Decimal, same_scope: bool) -> None:
        self.changed = changed  # the changed copy's numbers (the leaves a change reaches)
        # criteria points gained, exact; a bonus newly counted adds the criteria points that
        # raise the total as much (so the optimiser adds options up in one currency)
        self.dpoints = dpoints
        self.same_scope = same_scope  # the applicable maximum did not change


class Rescorer:
    """Scores changed copies of one commune's evidence, against the base result (``known``: the
    base result when the caller has it already)."""

    def __init__(
        self,
        pack: LoadedPack,
        evidence: LoadedEvidence,
        strict: bool,
        goal: Decimal | None = None,
        known: Result | None = None,
    ) -> None:
        self.pack = pack
        self.evidence = evidence
        self.strict = strict
        self.goal = goal
        self.base: Result
        if known is not None and known.strict_evidence == strict and goal is None:
            self.base = known  # score(pack, evidence) of the caller: no second scoring
        else:
            self.base = score(pack, evidence, strict_evidence=strict, goal=goal)
        # the base numbers, and changed copies' numbers
        self.points = LeafPoints(pack, evidence, strict_evidence=strict, goal=goal)
        self.env: dict[str, Value] = self.points.env  # base inputs, defaults and derived values
        self._cache: dict[tuple[object, ...], Rescored] = {}
        self._year_to_date: YearToDate | None = None

    @property
    def year_to_date(self) -> YearToDate:
        """The commune's year-to-date rates and the rest of its year (made when first asked)."""
        if self._year_to_date is None:
            year = self.evidence.model.year or self.pack.model.pack.year
            self._year_to_date = YearToDate(self.pack, self.evidence.model.as_of, year)
        return self._year_to_date

    @property
    def applicable(self) -> Decimal:
        return self.base.total.applicable_max

    def changed(
        self, metrics: Mapping[str, Value], documents: Iterable[Document]
    ) -> LoadedEvidence:
        return self.evidence.with_changes(metrics=dict(metrics), documents=list(documents))

    def rescore(self, metrics: Mapping[str, Value], documents: Iterable[Document] = ()) -> Rescored:
        """The numbers of a changed copy (only the leaves the change reaches are decided again)."""
        docs = tuple(documents)
        key = _key(metrics, docs)
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        new = self.points.changed(metrics, docs)
        dpoints = new.dpoints
        bonus = new.total.bonus - self.base.total.bonus  # a bonus item's documents attached
        if bonus and self.applicable:
            dpoints += bonus_as_points(bonus, self.applicable, self.pack.model.pack.scale)
        out = Rescored(new, dpoints, new.applicable == self.applicable)
        self._cache[key] = out
        return out

    def leaf(self, new: Rescored, code: str) -> LeafNumbers:
        """A leaf's numbers in a changed copy."""
        for n in new.changed.leaves:
            if n.code == code:
                return n
        return self.points.leaf(code)

    def result(self, metrics: Mapping[str, Value], documents: Iterable[Document] = ()) -> Result:
        """The full result of a changed copy, words and all (for what is displayed)."""
        return score(
            self.pack,
            self.changed(metrics, documents),
            strict_evidence=self.strict,
            goal=self.goal,
        )

    def total(self, metrics: Mapping[str, Value], documents: Iterable[Document] = ()) -> Total:
        """The total of a changed copy, as ``score()`` of it gives it."""
        return self.rescore(metrics, documents).changed.total

    def gain(self, dpoints: Decimal) -> Decimal:
        """Total points on the reported scale (rescaled by the applicable maximum)."""
        if self.applicable == 0:
            return Decimal(0)
        with decimal_context():
            return dpoints / self.applicable * self.pack.model.pack.scale


def _key(metrics: Mapping[str, Value], docs: tuple[Document, ...]) -> tuple[object, ...]:
    return (
        tuple(sorted((k, str(v)) for k, v in metrics.items())),
        tuple((d.id, *d.supports) for d in docs),  # a plan's document may come to support more
    )


def fix_candidates(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    strict_evidence: bool = False,
    efforts: Mapping[str, int] | None = None,
    rescorer: Rescorer | None = None,
) -> CandidateSet:
    """Every fix candidate of every leaf, with what cannot be planned and what is missing."""
    ctx = rescorer or Rescorer(pack, evidence, strict_evidence)
    candidates: list[Candidate] = []
    blocked: list[Blocked] = []
    missing: list[MissingLeaf] = []
    for leaf in ctx.base.leaves():
        c, b, m = leaf_candidates(ctx, leaf.code, efforts)
        candidates.extend(c)
        blocked.extend(b)
        missing.extend(m)
    candidates.extend(bonus_candidates(ctx))
    return CandidateSet(ctx.base, tuple(candidates), tuple(blocked), tuple(missing), ctx.strict)


def leaf_candidates(
    ctx: Rescorer, code: str, efforts: Mapping[str, int] | None = None
) -> tuple[list[Candidate], list[Blocked], list[MissingLeaf]]:
    """Candidates for one leaf (``explain`` uses this for one criterion)."""
    result = ctx.base.leaf(code)
    compiled = ctx.pack.leaves[code]
    c = compiled.criterion
    if c.tracked or c.max == 0 or result.status == "na":
        return [], [], []
    if result.status == "missing":
        stake = ctx.gain(result.applicable_max)
        labels = tuple(Wording(ctx.pack).label(n) for n in result.missing_inputs)
        return [], [], [MissingLeaf(code, c.title, result.missing_inputs, stake, labels)]
    if result.rule.startswith("error:"):
        reason = "không tính được điểm với số liệu hiện tại: " + Wording(ctx.pack).humanise(
            result.rule[len("error:") :].strip()
        )
        return [], [Blocked(code, c.title, c.max, reason)], []
    effort = (efforts or {}).get(code, c.effort)
    docs = _documents_needed(ctx, code, c.evidence, result.evidence.missing)
    out: list[Candidate] = []
    blocked: list[Blocked] = []
    if docs and result.computed > 0:
        out.append(_attach(ctx, compiled, result, docs))
    if result.computed < c.max:
        raised, why = _raises(ctx, compiled, result, docs, effort)
        out.extend(raised)
        if why is not None:
            blocked.append(why)
    return out, blocked, []


def _raises(
    ctx: Rescorer,
    compiled: CompiledLeaf,
    result: LeafResult,
    docs: tuple[Document, ...],
    effort: int,
) -> tuple[list[Candidate], Blocked | None]:
    c = compiled.criterion
    as_of = ctx.evidence.model.as_of
    passed = year_over(as_of, ctx.evidence.model.year or ctx.pack.model.pack.year)
    passed = passed or deadline_passed(compiled, as_of)
    if passed is not None:
        return [], Blocked(c.code, c.title, c.max, passed)
    search = _LevelSearch(ctx, compiled, result, docs, effort)
    out: list[Candidate] = []
    failure: tuple[Decimal, Unreached] | None = None
    best = result.computed
    for level in rule_levels(compiled.rule, c.max, result.computed, ctx.env):
        if level.points <= best:
            continue  # an earlier, smaller change already reaches it
        found = search.candidate(level.points, level)
        if isinstance(found, Unreached):
            failure = (level.points, found)
            reach = found.reach
            if reach is None or reach <= best:
                continue
            # a year-to-date rate's level out of reach (by 31 December, or within the inputs'
            # declared maximum): the most still within reach is planned as a lower level would be
            found = search.candidate(reach, level_for(compiled.rule, c.max, reach))
            if isinstance(found, Unreached):
                continue
        out.append(found)
        best = max(best, found.computed_after)
    if best < c.max and failure is not None:
        points, why = failure
        prefix = "Không lập được kế hoạch" if search.monotone else "Không đạt được"
        if why.year_end:
            prefix = "Không đạt được trước cuối năm"
        said = Wording(ctx.pack).humanise(why.reason)  # names in words, for people
        return out, Blocked(c.code, c.title, points, f"{prefix}: {said}.")
    return out, None


class _LevelSearch:
    """One leaf's smallest changes reaching given points, as candidates: a year-to-date rate's
    part and whole by new items (:func:`.ytd_rates.find_rates_change`), the leaf's other inputs
    by :func:`.search.find_change`."""

    def __init__(
        self,
        ctx: Rescorer,
        compiled: CompiledLeaf,
        result: LeafResult,
        docs: tuple[Document, ...],
        effort: int,
    ) -> None:
        self.ctx, self.compiled, self.result = ctx, compiled, result
        self.docs, self.effort = docs, effort
        as_of = ctx.evidence.model.as_of
        self.probe = Probe(ctx.pack, compiled, ctx.evidence.metrics, as_of, known_env=ctx.env)
        self.monotone = _has_formula(compiled)
        levers = lever_set(ctx.pack, compiled)
        self.ytd = ctx.year_to_date
        pairs = self.ytd.pairs(levers, ctx.env) if self.ytd.rates else []
        if pairs:  # a year-to-date rate's part and whole move together, never on their own
            levers = self.ytd.without_pairs(levers, pairs)
        self.rates = [RateMoves(self.probe, pair, self.ytd) for pair in pairs] if pairs else []
        self.levers = levers

    def change(self, points: Decimal) -> Solution | Unreached:
        """The smallest change reaching ``points``: the rates' new items first, else the leaf's
        other inputs, if any (the rates' failure is the one said when both fail)."""
        failure: Unreached | None = None
        if self.rates:
            found = find_rates_change(self.rates, points, self.compiled.criterion.max)
            if not isinstance(found, Unreached):
                return found
            failure = found
        if failure is None or self.levers.all:
            other = find_change(
                self.probe,
                points,
                self.levers,
                check_monotone=self.monotone,
                now=self.result.computed,
            )
            if not isinstance(other, Unreached):
                return other
            failure = failure or other
        return failure

    def candidate(self, points: Decimal, level: Level | None) -> Candidate | Unreached:
        """The fix reaching ``points`` (its documents added), or why there is none; ``level``:
        the rule's level it reaches, for the candidate's requirement."""
        found = self.change(points)
        if isinstance(found, Unreached):
            return found
        ctx = self.ctx
        broken = check_constraints(ctx.pack, {**ctx.evidence.metrics, **found.changes})
        if broken:
            return Unreached("số liệu cần có vi phạm ràng buộc: " + broken[0].message)
        requirement = Wording(ctx.pack).requirement(level) if level is not None else ""
        cand = _raise(ctx, self.compiled, self.result, found, self.docs, self.effort, requirement)
        if cand is None:
            return Unreached("thay đổi này làm thay đổi phạm vi áp dụng của tiêu chí khác")
        return cand


def _raise(
    ctx: Rescorer,
    compiled: CompiledLeaf,
    result: LeafResult,
    found: Solution,
    docs: tuple[Document, ...],
    effort: int,
    requirement: str,
) -> Candidate | None:
    c = compiled.criterion
    new = ctx.rescore(found.changes, docs)
    if not new.same_scope:
        return None
    leaf = ctx.leaf(new, c.code)
    metrics = ctx.evidence.metrics
    before = {n: ctx.env.get(n) for n in found.changes}
    return Candidate(
        code=c.code,
        title=c.title,
        kind=compiled.rule.kind,
        action="raise",
        requirement=requirement,
        metrics=dict(found.changes),
        before={k: v for k, v in before.items() if v is not None},
        documents=docs,
        points_before=result.points,
        points_after=leaf.points,
        computed_after=leaf.computed,
        dpoints=new.dpoints,
        gain=ctx.gain(new.dpoints),
        effort=effort,
        owner=c.owner,
        deadline=c.deadline if c.deadline is not None else _due(compiled),
        description=describe_raise(
            ctx.pack,
            compiled,
            metrics,
            found.changes,
            docs,
            env=ctx.env,
            joined=ctx.year_to_date.describe(found.changes, metrics),
        ),
        affects=tuple(n for n in new.changed.changed_points(ctx.points) if n != c.code),
        score_after=new.changed.total.score,
    )


def _attach(
    ctx: Rescorer, compiled: CompiledLeaf, result: LeafResult, docs: tuple[Document, ...]
) -> Candidate:
    c = compiled.criterion
    new = ctx.rescore({}, docs)
    leaf = ctx.leaf(new, c.code)
    return _attaching(
        ctx,
        new,
        docs,
        result.computed,
        code=c.code,
        title=c.title,
        kind=compiled.rule.kind,
        points_before=result.points,
        points_after=leaf.points,
        computed_after=leaf.computed,
        owner=c.owner,
        deadline=c.deadline,
    )


def bonus_candidates(ctx: Rescorer) -> list[Candidate]:
    """An "attach" candidate for each bonus item the evidence lists without all the documents it
    requires: under strict evidence it gains the bonus the total then counts (within the bonus
    cap), and secures that much; in a self-assessment it gains nothing and secures what the
    appraised total would lose without the documents: the bonus counted under strict evidence
    with them less without them, capped as the appraised total is (not always the item's
    points). Penalty items get none."""
    out: list[Candidate] = []
    for line in ctx.base.adjustments:
        found = ctx.pack.model.adjustments.item(line.code)
        if line.side != "bonus" or not line.missing or found is None:
            continue
        item = found[1]
        docs = _documents_needed(ctx, item.code, item.evidence, line.missing)
        new = ctx.rescore({}, docs)
        added = bonus_at_risk(ctx.pack, ctx.evidence, (item.code,))  # strict: the total's gain
        out.append(
            _attaching(
                ctx,
                new,
                docs,
                added,
                item=item.code,
                code=item.code,
                title=item.title,
                kind="bonus",
                points_before=item.points if line.counted else Decimal(0),
                points_after=item.points,
                computed_after=item.points,
                owner=None,
                deadline=None,
            )
        )
    return out


def _attaching(
    ctx: Rescorer,
    new: Rescored,
    docs: tuple[Document, ...],
    secures: Decimal,
    *,
    item: str | None = None,
    **fields: Any,
) -> Candidate:
    """An "attach" candidate: ``docs`` added (``new``: the copy with them), effort
    ``DOCUMENT_EFFORT``, securing ``secures`` points (of the bonus item ``item``, if given);
    ``fields``: what it is for (code, title, kind, its points before and after, owner, deadline)."""
    return Candidate(
        action="attach",
        requirement="",
        metrics={},
        before={},
        documents=docs,
        dpoints=new.dpoints,
        gain=ctx.gain(new.dpoints),
        effort=DOCUMENT_EFFORT,
        description=describe_attach(ctx.pack, docs, secures, ctx.strict, item=item),
        secures=secures,
        score_after=new.changed.total.score,
        **fields,
    )


def _documents_needed(
    ctx: Rescorer,
    code: str,
    required: Sequence[EvidenceRequirement],
    missing: Sequence[str],
) -> tuple[Document, ...]:
    """Placeholder documents for each missing requirement of ``required`` (a leaf's, a bonus
    item's), supporting ``code`` only."""
    if not missing:
        return ()
    taken = {d.id for d in ctx.evidence.model.documents}
    wanted = list(missing)
    out: list[Document] = []
    for req in required:
        if req.title not in wanted:
            continue
        wanted.remove(req.title)
        n = len(out) + 1
        doc_id = f"bo-sung-{code}-{n}"
        while doc_id in taken:
            n += 1
            doc_id = f"bo-sung-{code}-{n}"
        taken.add(doc_id)
        out.append(_placeholder(doc_id, req.title, req.kind, code))
    return tuple(out)


_PLACEHOLDER_NOTE = "Tài liệu kiểm chứng cần lập hoặc bổ sung theo kế hoạch nâng điểm"


def _placeholder(doc_id: str, title: str, kind: str | None, code: str) -> Document:
    """The document ``Document(id=…, title=…, kind=…, supports=[code], note=…)`` validates to,
    built without pydantic's validator (building it costs a view ~30–50 ms): every value is
    already of its field's exact type, so validation would keep it as it is."""
    values: dict[str, Any] = {
        "id": doc_id,
        "title": title,
        "kind": kind,
        "supports": [code],
        "note": _PLACEHOLDER_NOTE,
    }
    if (
        type(title) is not str
        or type(code) is not str
        or (kind is not None and type(kind) is not str)
    ):
        return Document(**values)  # not plain text (never from a loaded pack): validated
    return Document.model_construct(set(values), **values)


def year_over(as_of: dt.date | None, year: int) -> str | None:
    """Why nothing can be raised once the assessed year has ended (the data date is after its
    31 December): the year's numbers are final; documents proving them can still be attached."""
    if as_of is None or as_of.year <= year:
        return None
    return (
        f"Năm {year} đã kết thúc (số liệu tính đến {as_of.strftime('%d/%m/%Y')}): không thể tăng"
        " điểm nữa."
    )


def deadline_passed(compiled: CompiledLeaf, as_of: dt.date | None) -> str | None:
    due = _due(compiled)
    if as_of is None or due is None or due >= as_of:
        return None
    return (
        f"Hạn {due.strftime('%d/%m/%Y')} đã qua (số liệu tính đến {as_of.strftime('%d/%m/%Y')}): "
        "không thể lấy lại điểm của tiêu chí này trong năm nay."
    )


def _due(compiled: CompiledLeaf) -> dt.date | None:
    rule = compiled.rule
    return kind_named(rule.kind).due(rule.model)


def _has_formula(compiled: CompiledLeaf) -> bool:
    rule = compiled.rule
    return any(kind_named(r.kind).needs_monotone_check for r in (rule, *rule.alternatives))
