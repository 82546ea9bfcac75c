"""Score drift: one commune's evidence scored under an old and a new pack, the change in its
total attributed to criteria.

**Loading one evidence file against two packs.** The evidence's own ``pack:`` id names (at most)
one of the two packs; it is loaded against that pack unchanged, so its real problems are still
reported. For the other pack a copy is adapted first, and everything left out is listed in
:attr:`Drift.ignored`:

- ``pack:`` and ``year:`` are set to the other pack's;
- metrics the other pack does not declare, or whose value does not fit its declared type or range,
  are left out (the pack cannot read them; its leaves that need them score as missing);
- criterion codes in ``not_applicable`` and in documents' ``supports`` are translated through the
  stable key (code → id in the own pack → code in the other pack); a code with no counterpart,
  or a not-applicable declaration the other pack does not allow, is left out;
- ``claims`` and ``appraisal`` are left out (they never change computed points).

When the evidence names neither pack, both sides are adapted and codes are taken literally. When
the two packs are revisions of one pack (the same id), the evidence is the new revision's when it
loads under it (it may list a bonus item only the new revision has), else the old one's.

**Attribution.** With ``s`` the scale, ``A`` the applicable maximum and ``p_i`` leaf points
(0 where a pack lacks the leaf), ``score = Σ p_i · s / A``. So the exact change of the total is

    Δ = Σ_i (p_new_i · s_new / A_new − p_old_i · s_old / A_old)

summed over every leaf key in either pack, one term per criterion; each term splits into a
points effect ``(p_new_i − p_old_i) · s_new / A_new`` and a rescaling effect
``p_old_i · (s_new / A_new − s_old / A_old)``. The terms are computed as exact fractions; the
reported deltas are those fractions rounded to the packs' decimal places by largest remainder so
that they add up exactly to the reported change ``new score − old score`` (both rounded by their
own pack's rule). Only when no criterion's share changed at all, yet the two packs' rounding
rules round the same exact score differently, is the change reported as ``rounding_effect``.

The commune's ``points_effect`` and ``rescale_effect`` are the criteria's exact sums of each
effect, apportioned the same way to the sum of the criteria's reported deltas (the bonus and
penalty share, ``adjustment_effect``, apart); each criterion's delta is then split in its two
effects (``points_delta`` + ``rescale_delta``) so that every row adds up to its delta and each
column to the commune's effect, to the last digit (:func:`apportion_split`): each part is its
exact value floored or ceiled when the two packs round alike, and a part that is exactly zero
stays zero. (Rarely the rows' rounding leaves the apportioned effects out of reach of such a
split; the commune's effects are then the columns' sums, themselves the exact sums floored or
ceiled.) A new criterion has no rescaling part (no old points); a removed one loses
its points at the new pack's worth of a point, and the change of its old points' worth is its
rescaling part.

**Rows.** A commune's criteria are listed in the natural order of their codes (``4.2.1`` before
``4.2.3`` before ``4.10``; a removed criterion by its old code, in its place among the others).
A criterion whose points, applicability and presence did not change, and whose share of the
change rounds to 0 with both its parts, is not listed (``Drift.rows``; ``Drift.criteria`` keeps
every criterion, so the exact shares still add up to the exact change): it moved only by a
rescaling smaller than the packs' last decimal place. The rows' rounded shares and parts still
add up to the commune's: a left-out row's are 0.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from ..code_order import code_order
from ..compiled import LoadedPack
from ..errors import EvidenceError, ParscoreError
from ..loader import LoadedEvidence, convert_metric, evidence_from_data
from ..model.result import LeafResult, NodeResult, Result
from ..names import name_key
from ..numbers import plain
from ..scoring import build_env, score
from ..yamlio import YamlDocument
from .rounding import apportion, apportion_split

__all__ = ["CriterionDrift", "Drift", "Ignored", "adapt_evidence", "apportion", "drift"]


@dataclass(frozen=True)
class Ignored:
    """Something in the evidence that one pack cannot use (``side`` is ``old`` or ``new``)."""

    side: str
    what: str  # metric | not_applicable | support | adjustments
    name: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"side": self.side, "what": self.what, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class CriterionDrift:
    """One leaf's share of the change in the total (``old_points`` is None when it is new)."""

    key: str
    code: str  # in the new pack (in the old one for a removed leaf)
    old_code: str | None  # in the old pack (None for an added leaf)
    title: str
    change: str  # matched | added | removed
    old_points: Decimal | None
    new_points: Decimal | None
    exact: Fraction  # exact share of the score change
    points_effect: Fraction
    rescale_effect: Fraction
    delta: Decimal  # ``exact`` rounded so that all deltas add up to the reported total change
    # ``delta`` split in the two effects, rounded so that each row adds up to its ``delta`` and
    # each column to the commune's ``points_effect`` / ``rescale_effect``
    points_delta: Decimal
    rescale_delta: Decimal
    old_na: bool = False  # not applicable under the old pack (its 0 points count for nothing)
    new_na: bool = False  # not applicable under the new pack
    regrouped: bool = False  # added or removed as a leaf, but a criterion with sub-criteria there


@dataclass(frozen=True)
class Drift:
    commune: str
    file: str | None
    old: Result
    new: Result
    delta: Decimal  # new rounded score − old rounded score
    exact: Fraction  # exact change of the unrounded score
    points_effect: Decimal  # the two effects and ``adjustment_effect`` add up to ``delta``
    rescale_effect: Decimal
    rounding_effect: Decimal  # non-zero only when no criterion moved yet the rounded totals did
    criteria: tuple[CriterionDrift, ...]  # every criterion, in the natural order of codes
    missing_inputs: tuple[str, ...]  # inputs the new pack reads that the evidence lacks
    ignored: tuple[Ignored, ...]
    adjustment_effect: Decimal = Decimal(0)  # change of bonus − penalty (clamping included)
    evidence_pack: str | None = None  # the pack id the evidence names (``pack:``), if any
    # the province the evidence names, when it is not the new pack's (another province's commune)
    other_province: str | None = None

    @property
    def rows(self) -> tuple[CriterionDrift, ...]:
        """The commune's rows as shown (the outputs, JSON too): the criteria less those moved
        only by a rescaling that rounds to 0 (see the module's notes). Their rounded shares are
        0, so the rows add up as the criteria do; the exact shares are the criteria's."""
        return tuple(c for c in self.criteria if _shown(c))

    @property
    def of_neither_pack(self) -> bool:
        """The evidence was made for another pack (or names none): both sides are adapted."""
        return self.evidence_pack not in (self.old.pack.id, self.new.pack.id)

    def to_dict(self, cause: Callable[[CriterionDrift], str] | None = None) -> dict[str, Any]:
        """The JSON of one commune's drift; ``cause`` adds each criterion's ``cause`` words."""
        old_r, new_r = self.old.pack.r, self.new.pack.r
        extra = (
            {"adjustment_effect": plain(self.adjustment_effect)}
            if self.old.pack.adjustments or self.new.pack.adjustments
            else {}
        )
        return {
            "commune": self.commune,
            "file": self.file,
            "evidence_pack": self.evidence_pack,
            "old": self.old.to_dict()["total"],
            "new": self.new.to_dict()["total"],
            "delta": plain(self.delta),
            "points_effect": plain(self.points_effect),
            "rescale_effect": plain(self.rescale_effect),
            "rounding_effect": plain(self.rounding_effect),
            **extra,
            "criteria": [
                {
                    "id": c.key,
                    "code": c.code,
                    "old_code": c.old_code,
                    "title": c.title,
                    "change": c.change,
                    "old_points": old_r(c.old_points) if c.old_points is not None else None,
                    "new_points": new_r(c.new_points) if c.new_points is not None else None,
                    "delta": plain(c.delta),
                    "points_effect": plain(c.points_delta),
                    "rescale_effect": plain(c.rescale_delta),
                    **({"cause": cause(c)} if cause is not None else {}),
                }
                for c in self.rows
            ],
            "missing_inputs": list(self.missing_inputs),
            "ignored": [i.to_dict() for i in self.ignored],
        }


def drift(old: LoadedPack, new: LoadedPack, doc: YamlDocument) -> Drift:
    """Score the evidence in ``doc`` under both packs and attribute the change (pure)."""
    pack_id = doc.data.get("pack") if isinstance(doc.data, dict) else None
    own = old if pack_id == old.id else new if pack_id == new.id else None
    ignored: list[Ignored] = []
    evidences: dict[str, LoadedEvidence] = {}
    if own is old and old.id == new.id:  # two revisions of one pack: whose is the evidence?
        try:
            evidences["new"] = evidence_from_data(doc, new)
        except ParscoreError:
            pass
        else:
            own = new
    order = [("old", old), ("new", new)]
    order.sort(key=lambda side: side[1] is not own)  # the own pack first: its errors are real
    for side, pack in order:
        if side in evidences:
            continue
        if pack is own:
            evidences[side] = evidence_from_data(doc, pack)
        else:
            adapted, dropped = adapt_evidence(doc, pack, own, side)
            evidences[side] = _load_adapted(adapted, pack, side)
            ignored.extend(dropped)
    before = score(old, evidences["old"])
    after = score(new, evidences["new"])
    named = pack_id if isinstance(pack_id, str) else None
    found = attribute(before, after, doc, new, evidences["new"], tuple(ignored), named)
    province = doc.data.get("province") if isinstance(doc.data, dict) else None
    if isinstance(province, str) and name_key(province) != name_key(new.model.pack.province):
        found = dataclasses.replace(found, other_province=province)
    return found


def _load_adapted(doc: YamlDocument, pack: LoadedPack, side: str) -> LoadedEvidence:
    """The adapted copy loaded under ``pack``; what this pack alone refuses (a constraint the
    other pack does not have…) is said to be this pack's, not a fault of the evidence."""
    try:
        return evidence_from_data(doc, pack)
    except ParscoreError as exc:
        meta = pack.model.pack
        head = (
            f"gói {_SIDE_VI[side]} {meta.id} (lần sửa {meta.revision}) không nhận minh chứng này: "
        )
        raise EvidenceError(
            [dataclasses.replace(i, message=head + i.message) for i in exc.issues]
        ) from exc


_SIDE_VI = {"old": "cũ", "new": "mới"}


def attribute(
    before: Result,
    after: Result,
    doc: YamlDocument,
    new: LoadedPack,
    evidence: LoadedEvidence,
    ignored: tuple[Ignored, ...],
    evidence_pack: str | None = None,
) -> Drift:
    f_old = _factor(before)
    f_new = _factor(after)
    old_leaves = {leaf.key: leaf for leaf in before.leaves()}
    new_leaves = {leaf.key: leaf for leaf in after.leaves()}
    rows: list[tuple[str, LeafResult | None, LeafResult | None]] = []
    rows += [(k, old_leaves.get(k), leaf) for k, leaf in new_leaves.items()]
    rows += [(k, leaf, None) for k, leaf in old_leaves.items() if k not in new_leaves]
    shares: list[tuple[str, LeafResult | None, LeafResult | None, Fraction, Fraction]] = []
    for key, a, b in rows:
        p_old = Fraction(a.points) if a is not None else Fraction(0)
        p_new = Fraction(b.points) if b is not None else Fraction(0)
        points_effect = (p_new - p_old) * f_new
        rescale_effect = p_old * (f_new - f_old)
        if points_effect + rescale_effect != 0 or p_old != p_new:
            shares.append((key, a, b, points_effect, rescale_effect))
    reported = after.total.score - before.total.score
    places = max(before.pack.places, after.pack.places)
    adjusted = adjustment_share(after) - adjustment_share(before)
    # With no share at all, only a change of rounding rules can move the reported total.
    rounding = reported if not shares and not adjusted else Decimal(0)
    split = apportion([*(pe + re for *_, pe, re in shares), adjusted], reported - rounding, places)
    deltas, adjustment_effect = split[:-1], split[-1]
    # the criteria's part of the change, split in the two effects (each exact sum apportioned
    # to it), then each criterion's delta split so that rows and columns both add up
    total_points = sum((pe for *_, pe, _ in shares), Fraction(0))
    total_rescale = sum((re for *_, re in shares), Fraction(0))
    moved = sum(deltas, Decimal(0))
    points, _ = apportion([total_points, total_rescale], moved, places)
    parts = apportion_split([(pe, re) for *_, pe, re in shares], deltas, points, places)
    points = sum((p for p, _ in parts), Decimal(0))  # the same unless no split reaches it
    rescale = moved - points
    groups = _group_keys(before) | _group_keys(after)  # criteria with sub-criteria, either pack
    criteria = []
    for (key, a, b, pe, re), delta, (points_delta, rescale_delta) in zip(
        shares, deltas, parts, strict=True
    ):
        leaf = b if b is not None else a
        assert leaf is not None
        criteria.append(
            CriterionDrift(
                key=key,
                code=leaf.code,
                old_code=a.code if a is not None else None,
                title=leaf.title,
                change="matched"
                if a is not None and b is not None
                else "added"
                if a is None
                else "removed",
                old_points=a.points if a is not None else None,
                new_points=b.points if b is not None else None,
                exact=pe + re,
                points_effect=pe,
                rescale_effect=re,
                delta=delta,
                points_delta=points_delta,
                rescale_delta=rescale_delta,
                old_na=a is not None and a.status == "na",
                new_na=b is not None and b.status == "na",
                regrouped=(a is None or b is None) and key in groups,
            )
        )
    return Drift(
        commune=evidence.model.commune,
        file=doc.file,
        old=before,
        new=after,
        delta=reported,
        exact=exact_score(after)
        + adjustment_share(after)
        - exact_score(before)
        - adjustment_share(before),
        points_effect=points,
        rescale_effect=rescale,
        rounding_effect=rounding,
        criteria=tuple(sorted(criteria, key=lambda c: code_order(c.code))),
        missing_inputs=missing_inputs(new, evidence, after),
        ignored=ignored,
        adjustment_effect=adjustment_effect,
        evidence_pack=evidence_pack,
    )


def _shown(c: CriterionDrift) -> bool:
    """Whether a criterion is one of the commune's rows: anything about it changed, or its share
    of the total as rounded is not 0. A criterion moved only by rescaling, by less than half a
    unit of the last decimal place, is left out (its rounded share and both parts are 0, so the
    rows still add up to the commune's effects)."""
    if c.delta or c.points_delta or c.rescale_delta or c.change != "matched":
        return True
    return c.old_points != c.new_points or c.old_na != c.new_na


def _group_keys(result: Result) -> set[str]:
    """The keys of the criteria of ``result`` that have sub-criteria (not leaves)."""
    out: set[str] = set()
    stack: list[NodeResult | LeafResult] = list(result.criteria)
    while stack:
        node = stack.pop()
        if isinstance(node, NodeResult):
            out.add(node.key)
            stack.extend(node.children)
    return out


def adjustment_share(result: Result) -> Fraction:
    """What bonus and penalty add to the exact score, after clamping to ``0..scale``."""
    t = result.total
    if not t.bonus and not t.penalty:
        return Fraction(0)
    exact = exact_score(result)
    adjusted = min(
        max(exact + Fraction(t.bonus) - Fraction(t.penalty), Fraction(0)), Fraction(result.scale)
    )
    return adjusted - exact


def _factor(result: Result) -> Fraction:
    """``scale / applicable_max``: what one point is worth on the reported scale."""
    applicable = result.total.applicable_max
    return Fraction(result.scale) / Fraction(applicable) if applicable else Fraction(0)


def exact_score(result: Result) -> Fraction:
    """The unrounded score as an exact fraction (``points · scale / applicable_max``)."""
    return Fraction(result.total.points) * _factor(result)


def missing_inputs(pack: LoadedPack, evidence: LoadedEvidence, result: Result) -> tuple[str, ...]:
    """Declared inputs that applicable leaves of ``pack`` read and the evidence does not give."""
    env = build_env(pack, evidence.metrics)
    needed: set[str] = set()
    for leaf in result.leaves():
        if leaf.status != "na":
            needed |= pack.leaves[leaf.code].raw_inputs - env.keys()
    return tuple(name for name in pack.model.inputs if name in needed)


# -- adapting evidence to the other pack -----------------------------------------------------------


def adapt_evidence(
    doc: YamlDocument, target: LoadedPack, own: LoadedPack | None, side: str
) -> tuple[YamlDocument, list[Ignored]]:
    """A copy of ``doc`` that ``target`` can load, and what had to be left out (see module doc)."""
    data: dict[str, Any] = dict(doc.data)
    ignored: list[Ignored] = []
    if data.get("pack") is not None:
        data["pack"] = target.id
    if data.get("year") is not None:
        data["year"] = target.model.pack.year
    for stage in ("claims", "appraisal", "appraisal_final", "appraisal_notes", "explanations"):
        data.pop(stage, None)
    adjustments = data.get("adjustments")
    if isinstance(adjustments, Mapping):
        known = set(target.model.adjustments.codes())
        for code in adjustments:
            if code not in known:
                ignored.append(
                    Ignored(side, "adjustments", str(code), "gói không có mục thưởng/trừ này")
                )
        data["adjustments"] = {k: v for k, v in adjustments.items() if k in known}
    metrics = data.get("metrics")
    if isinstance(metrics, Mapping):
        data["metrics"] = dict(_usable_metrics(metrics, target, side, ignored))
    translate = _translator(target, own)
    na = data.get("not_applicable")
    if isinstance(na, Mapping):
        kept: dict[str, Any] = {}
        for code, reason in na.items():
            mapped = translate(str(code))
            if mapped is None or mapped not in target.leaves:
                ignored.append(
                    Ignored(side, "not_applicable", str(code), "gói không có tiêu chí tương ứng")
                )
            elif not target.leaves[mapped].criterion.na_allowed:
                ignored.append(
                    Ignored(
                        side,
                        "not_applicable",
                        str(code),
                        f"tiêu chí {mapped} của gói không cho phép khai báo không áp dụng",
                    )
                )
            else:
                kept[mapped] = reason
        data["not_applicable"] = kept
    documents = data.get("documents")
    if isinstance(documents, list):
        items = set(target.model.adjustments.codes())  # a bonus/penalty item keeps its code
        data["documents"] = [_adapt_document(d, translate, items, side, ignored) for d in documents]
    return YamlDocument(file=doc.file, data=data, positions=doc.positions), ignored


def _usable_metrics(
    metrics: Mapping[str, Any], target: LoadedPack, side: str, ignored: list[Ignored]
) -> Iterator[tuple[str, Any]]:
    for name, value in metrics.items():
        spec = target.input_spec(name)
        if spec is None:
            ignored.append(Ignored(side, "metric", name, "gói không khai báo đầu vào này"))
            continue
        if value is not None:
            _, problem = convert_metric(spec, value)
            if problem:
                ignored.append(Ignored(side, "metric", name, f"không hợp với gói: {problem}"))
                continue
        yield name, value


def _translator(target: LoadedPack, own: LoadedPack | None) -> Any:
    key_of = {node.code: node.key for node in own.walk()} if own is not None else {}

    def translate(ref: str) -> str | None:
        if own is None:
            return target.code_of(ref)
        code = own.code_of(ref)
        if code is None:
            return None
        return target.code_of(key_of[code])

    return translate


def _adapt_document(
    document: Any, translate: Any, items: set[str], side: str, ignored: list[Ignored]
) -> Any:
    if not isinstance(document, Mapping) or not isinstance(document.get("supports"), list):
        return document
    supports = []
    for ref in document["supports"]:
        mapped = str(ref) if str(ref) in items else translate(str(ref))
        if mapped is None:
            ignored.append(
                Ignored(
                    side,
                    "support",
                    f"{document.get('id')} → {ref}",
                    "gói không có tiêu chí tương ứng",
                )
            )
        elif mapped not in supports:
            supports.append(mapped)
    return {**document, "supports": supports}
