"""The cheapest plan: least total effort whose fixes, applied together, reach the target.

Exact, not greedy. Leaves that share no raw input cannot affect each other's points, so the
candidates are grouped into components of leaves linked by the inputs the candidates change.
Each component offers options: one candidate per leaf for any subset of its leaves, with the
changes merged (two candidates raising the same input in the same direction take the larger
value; opposite directions, or a yes/no input set both ways, conflict and the pair is left out),
and every multi-leaf option re-scored as a whole, so interactions are counted as the engine
counts them. Components whose candidates need one document (same title and kind) are planned
together, so that an option counts that document's effort once (:mod:`.sharing`), unless that
makes too many combinations. A multiple-choice knapsack then runs over the components: dynamic
programming over total effort (small integers) keeping the most points per effort, in exact
decimals.
The chosen plan is re-scored once more with every fix applied: that is the promised score.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

from ..compiled import LoadedPack
from ..document_kinds import supported_words
from ..expr import Value, decimal_context
from ..frozen_records import frozen_record
from ..loader import LoadedEvidence
from ..model.evidence import Document
from ..scoring import make_total
from ..wording import Wording
from .candidates import EXACT, Rescorer, fix_candidates, year_over
from .describe import attach_purpose, describe_attach, describe_raise, total_notes
from .records import Candidate, CandidateSet, Plan, PlannedFix
from .sharing import document_key, shared_efforts

__all__ = ["COMBO_LIMIT", "Option", "merge_changes", "plan_fixes"]

COMBO_LIMIT = 512  # joint options re-scored per component before falling back to single leaves


@frozen_record
class Option:
    picks: tuple[Candidate, ...]
    metrics: dict[str, Value]
    documents: tuple[Document, ...]
    effort: int
    dpoints: Decimal


def merge_changes(
    picks: Iterable[Candidate],
) -> tuple[dict[str, Value], tuple[Document, ...]] | None:
    """The changes of several candidates together, or None when two of them conflict."""
    merged: dict[str, Value] = {}
    base: dict[str, Value] = {}
    docs: dict[str, Document] = {}
    for cand in picks:
        for name, value in cand.metrics.items():
            old = cand.before.get(name)
            if name not in merged:
                merged[name] = value
                if old is not None:
                    base[name] = old
                continue
            current = merged[name]
            if current == value:
                continue
            if isinstance(value, bool | str) or isinstance(current, bool | str) or name not in base:
                return None  # two different yes/no values or choices do not merge
            up_now, up_new = _up(base[name], current), _up(base[name], value)
            if up_now != up_new:
                return None
            merged[name] = max(current, value) if up_new else min(current, value)
        for doc in cand.documents:
            docs.setdefault(doc.id, doc)
    return merged, tuple(docs.values())


def _up(base: Value, value: Value) -> bool:
    if isinstance(base, dt.date) and isinstance(value, dt.date):
        return value > base
    assert isinstance(base, Decimal) and isinstance(value, Decimal)
    return value > base


def plan_fixes(
    pack: LoadedPack,
    evidence: LoadedEvidence,
    *,
    target: Decimal | None = None,
    strict_evidence: bool = False,
    efforts: Mapping[str, int] | None = None,
) -> Plan:
    """The least-effort plan reaching ``target`` (default: the evidence's or pack's goal, else the
    scale), or, when it cannot be reached, the least-effort plan to the best reachable score."""
    meta = pack.model.pack
    goal = target
    if goal is None and evidence.model.goal is not None:
        goal = evidence.model.goal.total
    if goal is None:
        goal = meta.goal.total if meta.goal is not None else meta.scale
    ctx = Rescorer(pack, evidence, strict_evidence, goal)
    cands = fix_candidates(pack, evidence, efforts=efforts, rescorer=ctx)
    notes: list[str] = []
    groups = _options(ctx, cands, notes)
    if cands.missing:
        codes = ", ".join(m.code for m in cands.missing)
        notes.append(
            f"{len(cands.missing)} tiêu chí thiếu số liệu ({codes}) được tính 0 điểm trong kế hoạch: "
            "hãy khai báo số liệu rồi lập lại kế hoạch."
        )
    ended = year_over(evidence.model.as_of, evidence.model.year or meta.year)
    if ended is not None:
        notes.append(
            ended.removesuffix(" không thể tăng điểm nữa.")
            + " số liệu của năm không thay đổi được nữa; kế hoạch chỉ còn bổ sung tài liệu kiểm"
            " chứng để điểm đã có được tính."
        )
    notes.extend(total_notes(ctx.base))
    picks, reachable = _choose(ctx, groups, goal)
    return _assemble(ctx, cands, picks, goal, reachable, notes)


# -- options per component -------------------------------------------------------------------------


def _components(ctx: Rescorer, cands: Sequence[Candidate]) -> list[list[str]]:
    """Leaf codes linked by the raw inputs candidates change (each list in pack order); the bonus
    items whose documents candidates attach make one more (the bonus cap links them)."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    readers: dict[str, list[str]] = {}
    for code, leaf in ctx.pack.leaves.items():
        for name in leaf.raw_inputs:
            readers.setdefault(name, []).append(code)
    items = [c.code for c in cands if c.code not in ctx.pack.leaves]
    for cand in cands:
        find(cand.code)
        for name in cand.metrics:
            for other in readers.get(name, ()):
                parent[find(other)] = find(cand.code)
    for code in items:  # bonus items share the bonus cap: their documents are planned together
        parent[find(code)] = find(items[0])
    order = _order(ctx)
    comps: dict[str, list[str]] = {}
    for cand in cands:
        members = comps.setdefault(find(cand.code), [])
        if cand.code not in members:
            members.append(cand.code)
    return sorted(
        (sorted(m, key=order.__getitem__) for m in comps.values()), key=lambda m: order[m[0]]
    )


def _order(ctx: Rescorer) -> dict[str, int]:
    """Where a candidate's code comes: the pack's leaves in order, then its bonus and penalty
    items."""
    codes = [*ctx.pack.leaves, *ctx.pack.model.adjustments.codes()]
    return {code: i for i, code in enumerate(codes)}


def _sharing_documents(
    ctx: Rescorer, comps: list[list[str]], cands: Sequence[Candidate]
) -> list[list[str]]:
    """Components whose candidates need one document (same title and kind) planned together, so
    that an option counts the document's effort once (see :mod:`.sharing`); those that would
    have more than ``COMBO_LIMIT`` combinations together stay apart."""
    owner = {code: i for i, comp in enumerate(comps) for code in comp}
    parent = list(range(len(comps)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str | None], int] = {}
    for c in cands:
        for doc in c.documents:
            here = find(owner[c.code])
            there = find(first.setdefault(document_key(doc), here))
            parent[here] = there
    merged: dict[int, list[int]] = {}
    for i in range(len(comps)):
        merged.setdefault(find(i), []).append(i)
    per_leaf = {code: sum(1 for c in cands if c.code == code) for code in owner}
    order = _order(ctx)
    out: list[list[str]] = []
    for members in merged.values():
        codes = [code for i in members for code in comps[i]]
        if len(members) > 1 and math.prod(per_leaf[c] + 1 for c in codes) - 1 <= COMBO_LIMIT:
            out.append(sorted(codes, key=order.__getitem__))
        else:
            out.extend(comps[i] for i in members)
    return sorted(out, key=lambda m: order[m[0]])


def _options(ctx: Rescorer, cands: CandidateSet, notes: list[str]) -> list[list[Option]]:
    useful = [c for c in cands.candidates if c.dpoints > 0 or c.metrics]
    groups: list[list[Option]] = []
    for comp in _sharing_documents(ctx, _components(ctx, useful), useful):
        per_leaf = [[c for c in useful if c.code == code] for code in comp]
        if len(comp) == 1:
            opts = [
                Option((c,), dict(c.metrics), c.documents, c.effort, c.dpoints) for c in per_leaf[0]
            ]
        else:
            opts = _joint_options(ctx, comp, per_leaf, notes)
        opts = [o for o in opts if o.dpoints > 0]
        if opts:
            groups.append(opts)
    return groups


def _joint_options(
    ctx: Rescorer, comp: list[str], per_leaf: list[list[Candidate]], notes: list[str]
) -> list[Option]:
    if _count(per_leaf) > COMBO_LIMIT:
        per_leaf = [_undominated(opts) for opts in per_leaf]
    singles_only = _count(per_leaf) > COMBO_LIMIT
    if singles_only:
        notes.append(
            "Các tiêu chí " + ", ".join(comp) + " dùng chung số liệu và có quá nhiều cách kết hợp: "
            "kế hoạch chỉ xét từng tiêu chí riêng lẻ trong nhóm này."
        )
    out: list[Option] = []
    choices = [[None, *opts] for opts in per_leaf]
    for combo in itertools.product(*choices):
        picks = tuple(c for c in combo if c is not None)
        if not picks or (singles_only and len(picks) > 1):
            continue
        merged = merge_changes(picks)
        if merged is None:
            continue
        metrics, docs = merged
        new = ctx.rescore(metrics, docs)
        if not new.same_scope:
            continue
        effort = sum(shared_efforts(picks))  # a document two picks need counts once
        out.append(Option(picks, metrics, docs, effort, new.dpoints))
    return out


def _count(per_leaf: list[list[Candidate]]) -> int:
    n = 1
    for opts in per_leaf:
        n *= len(opts) + 1
    return n - 1


def _undominated(opts: list[Candidate]) -> list[Candidate]:
    """Per effort, only the candidate gaining most."""
    best: dict[int, Candidate] = {}
    for c in opts:
        if c.effort not in best or c.dpoints > best[c.effort].dpoints:
            best[c.effort] = c
    return list(best.values())


# -- the knapsack ---------------------------------------------------------------------------------


def _reported(ctx: Rescorer, points: Decimal) -> Decimal:
    """The rounded score the engine reports for ``points`` (same arithmetic, same context)."""
    with decimal_context():
        return make_total(
            ctx.pack, ctx.evidence, points, ctx.applicable, None, [], ctx.strict
        ).score


def _choose(ctx: Rescorer, groups: list[list[Option]], goal: Decimal) -> tuple[list[Option], bool]:
    base_points = ctx.base.total.points
    if ctx.base.total.score >= goal:
        return [], True
    unit = math.gcd(*(o.effort for opts in groups for o in opts)) or 1  # efforts 10, 20… step by 10
    budget = sum(max(o.effort for o in opts) for opts in groups) // unit
    with decimal.localcontext(EXACT):
        best = [Decimal(0)] * (budget + 1)
        picks: list[list[int]] = []
        for opts in groups:
            row = list(best)
            choice = [-1] * (budget + 1)
            for e in range(budget + 1):
                for i, opt in enumerate(opts):
                    cost = opt.effort // unit
                    if cost <= e:
                        value = best[e - cost] + opt.dpoints
                        if value > row[e]:
                            row[e], choice[e] = value, i
            picks.append(choice)
            best = row
        totals = [base_points + b for b in best]

    def plan_at(e: int) -> list[Option]:
        out: list[Option] = []
        for g in range(len(groups) - 1, -1, -1):
            i = picks[g][e]
            if i >= 0:
                out.append(groups[g][i])
                e -= groups[g][i].effort // unit
        return out[::-1]

    for e in range(budget + 1):
        if _reported(ctx, totals[e]) >= goal:
            chosen = plan_at(e)
            if _verified(ctx, chosen) >= goal:
                return chosen, True
    top = _reported(ctx, totals[budget])
    e = next(e for e in range(budget + 1) if _reported(ctx, totals[e]) == top)
    return plan_at(e), False


def _verified(ctx: Rescorer, options: list[Option]) -> Decimal:
    merged = merge_changes(c for o in options for c in o.picks)
    assert merged is not None  # components share no input
    metrics = {k: v for o in options for k, v in o.metrics.items()}
    docs = tuple(d for o in options for d in o.documents)
    return ctx.total(metrics, docs).score


# -- the plan, fix by fix --------------------------------------------------------------------------


def _assemble(
    ctx: Rescorer,
    cands: CandidateSet,
    options: list[Option],
    goal: Decimal,
    reachable: bool,
    notes: list[str],
) -> Plan:
    merged = {k: v for o in options for k, v in o.metrics.items()}
    docs = tuple(d for o in options for d in o.documents)
    chosen, efforts = _in_order(ctx, [c for o in options for c in o.picks])
    fixes: list[PlannedFix] = []
    applied: dict[str, Value] = {}
    step_of: dict[str, str] = {}  # input -> the criterion whose step set it
    attached: list[Document] = []
    made: dict[tuple[str, str | None], tuple[str, int]] = {}  # document -> (criterion, index)
    before, bonus = ctx.base.total.score, ctx.base.total.bonus
    for cand, effort in zip(chosen, efforts, strict=True):
        own = {k: merged[k] for k in cand.metrics}
        done = {k: step_of[k] for k, v in own.items() if applied.get(k) == v}
        reused: list[tuple[Document, str]] = []  # one document an earlier step already makes
        for doc in cand.documents:
            key = document_key(doc)
            if key in made:
                first, i = made[key]
                was = attached[i]
                attached[i] = was.model_copy(update={"supports": [*was.supports, *doc.supports]})
                reused.append((doc, first))
            else:
                made[key] = (cand.code, len(attached))
                attached.append(doc)
        after = ctx.total({**applied, **own}, attached)
        words = _bonus_step(ctx, cand, after.bonus - bonus)
        change = words.description
        if own != cand.metrics or done or reused:
            change = _step_change(ctx, words, own, applied, done, reused)
        applied.update(own)
        step_of.update({k: cand.code for k in own if k not in done})
        shared = tuple(dict.fromkeys(n for _, n in reused)) if effort < cand.effort else ()
        fixes.append(
            PlannedFix(
                cand,
                own,
                after.score - before,
                after.score,
                after.score_exact,
                change,
                effort,
                shared,
                supported_words(list(shared), ctx.pack)[0] if shared else "",
            )
        )
        before, bonus = after.score, after.bonus
    docs = tuple(attached) if options else docs
    final = ctx.result(merged, docs) if options else ctx.base
    return Plan(
        target=goal,
        reachable=reachable,
        start=ctx.base,
        final=final,
        fixes=tuple(fixes),
        total_effort=sum(efforts),
        candidates=cands,
        notes=tuple(notes),
        metrics=merged,
        documents=docs,
    )


def _bonus_step(ctx: Rescorer, cand: Candidate, added: Decimal) -> Candidate:
    """``cand`` as its step reads: a bonus item's documents add, after the steps before them,
    what the bonus cap leaves (``added``), which may be less than they add alone."""
    if cand.code in ctx.pack.leaves or not ctx.strict or added == cand.secures:
        return cand
    text = describe_attach(ctx.pack, cand.documents, added, ctx.strict, item=cand.code)
    return dataclasses.replace(cand, secures=added, description=text)


def _in_order(ctx: Rescorer, picks: list[Candidate]) -> tuple[list[Candidate], list[int]]:
    """The plan's fixes by gain per effort, each with its effort in the plan. A fix using only
    documents other fixes make costs 0 (see :mod:`.sharing`) and comes right after the fix that
    completes them, whose gain per effort counts the gains of those it completes: the report
    two criteria need is worth both criteria's points for one effort."""
    order = _order(ctx)
    picks = sorted(picks, key=lambda c: order[c.code])
    effort = dict(zip(map(id, picks), shared_efforts(picks), strict=True))
    paying = [c for c in picks if effort[id(c)] or not c.effort]
    waiting = sorted(
        (c for c in picks if not effort[id(c)] and c.effort), key=lambda c: (-c.gain, order[c.code])
    )
    out: list[Candidate] = []
    made: set[tuple[str, str | None]] = set()

    def bundle(c: Candidate) -> tuple[tuple[Decimal, Decimal, int], list[Candidate]]:
        now = made | set(map(document_key, c.documents))
        freed = [w for w in waiting if set(map(document_key, w.documents)) <= now]
        if not freed:  # the usual case: the fix's own gain per effort
            return (-c.ratio, -c.gain, order[c.code]), freed
        gain = c.gain + sum((w.gain for w in freed), Decimal(0))
        return (-gain / c.effort, -gain, order[c.code]), freed

    while paying:
        _, freed, best = min(((*bundle(c), c) for c in paying), key=lambda b: b[0])
        paying = [c for c in paying if c is not best]
        out += [best, *freed]
        made.update(map(document_key, best.documents))
        waiting = [w for w in waiting if all(w is not f for f in freed)]
    out += waiting  # (none: every document of a waiting fix is made by a paying one)
    return out, [effort[id(c)] for c in out]


def _step_change(
    ctx: Rescorer,
    cand: Candidate,
    own: Mapping[str, Value],
    applied: Mapping[str, Value],
    done: Mapping[str, str],
    reused: Sequence[tuple[Document, str]] = (),
) -> str:
    """A fix's task as its step in the plan: the inputs an earlier step already set are said once,
    there ("… đạt 100% nhờ việc của tiêu chí 7.3.2": the plan document lists its tasks without
    numbers), and the rest from the values after those steps; a document
    an earlier step already makes is cited, not made twice."""
    again = {id(doc) for doc, _ in reused}
    documents = [d for d in cand.documents if id(d) not in again]

    def named(code: str) -> str:  # ``tiêu chí 3.2.2``, ``mục điểm thưởng T1``
        return supported_words([code], ctx.pack)[0]

    cited = [
        f"dùng {doc.title} (bổ sung ở việc của {named(n)}) làm tài liệu kiểm chứng cả"
        f" {named(cand.code)}"
        for doc, n in reused
    ]
    if cand.action == "attach":
        item = None if cand.code in ctx.pack.leaves else cand.code  # a bonus item's documents
        parts = (
            [describe_attach(ctx.pack, documents, cand.secures, ctx.strict, item=item)]
            if documents
            else []
        )
        text = "; ".join([*parts, *cited])
        if not documents:
            purpose = attach_purpose(ctx.pack, cand.secures, ctx.strict, item=item)
            text = f"{text[0].upper()}{text[1:]}: {purpose}"
        return text
    leaf = ctx.pack.leaves[cand.code]
    words = Wording(ctx.pack)
    earlier = [
        f"«{words.label(k)}» đạt {words.measured(own[k], k)} nhờ việc của tiêu chí {n}"
        for k, n in done.items()
    ]
    if not done and not reused:
        return describe_raise(
            ctx.pack,
            leaf,
            ctx.evidence.metrics,
            own,
            documents,
            env=ctx.env,
            joined=ctx.year_to_date.describe(own, ctx.evidence.metrics),
        )
    now = {**ctx.evidence.metrics, **applied}
    rest = {k: v for k, v in own.items() if k not in done}
    text = describe_raise(
        ctx.pack,
        leaf,
        now,
        rest,
        documents,
        already=earlier,
        joined=ctx.year_to_date.describe(rest, now),
    )
    return "; ".join([text, *cited])
