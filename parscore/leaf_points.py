"""The points of changed copies of one commune's evidence, re-scoring only the leaves a change
reaches: for the planner, which tries many changes of a few inputs or documents each.

:class:`LeafPoints` prepares one commune once (its environment, every leaf's points, computed
points and applicable maximum, as :func:`~parscore.scoring.score` gives them); :meth:`~LeafPoints.
changed` then takes changed inputs and added documents and decides again only

- the leaves whose expressions read a changed input, or a derived value the change reaches (only
  those derived values are evaluated again: :func:`~parscore.environment.env_with_changes`), and
- the leaves an added document supports (a document changes a leaf's points only when evidence is
  checked strictly, but its numbers are decided again either way); a document supporting a bonus
  or penalty item goes into the total's evidence (a bonus missing a document is not counted when
  evidence is checked strictly).

Each of those leaves is decided as ``score()`` decides it (its direct path, else the general one:
the same prepared :func:`~parscore.leaf_records.shapes`); every other leaf keeps its numbers. The
totals are summed in ``score()``'s tree order in the same decimal context and rounded once by the
pack's rule (:func:`~parscore.stages.make_total`), so they are identical to the ``total`` of
``score()`` of the changed copy (tests check it leaf by leaf, on every bundled pack). The words,
appraisal stages and warnings of a full result are left out: callers that display them score the
changed copy with ``score()``. Pure: no I/O, the evidence is never changed.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .environment import build_env, env_with_changes
from .expr import Value, decimal_context
from .leaf_outcomes import leaf_points, outcome
from .leaf_records import LeafShape, documents_by_code, shapes
from .loader import LoadedEvidence
from .model.evidence import Document, Evidence
from .model.pack import Criterion
from .model.result import Total
from .stages import EXACT, make_total

__all__ = ["EXACT", "LeafNumbers", "LeafPoints", "PartialScore"]

ZERO = Decimal(0)


class LeafNumbers(NamedTuple):
    """One leaf's numbers as ``score()`` records them."""

    code: str
    points: Decimal
    computed: Decimal
    applicable_max: Decimal


class PartialScore(NamedTuple):
    """A changed copy's numbers: the leaves decided again, and the totals of every leaf."""

    leaves: tuple[LeafNumbers, ...]  # the leaves decided again, in the pack's order
    points: Decimal  # exact, as ``score().total.points``
    applicable: Decimal
    total: Total  # as ``score().total`` of the changed copy
    dpoints: Decimal  # the exact sum of every leaf's change of points (wide context)

    def changed_points(self, base: LeafPoints) -> tuple[str, ...]:
        """Codes of the leaves whose points differ from ``base``'s, in the pack's order."""
        return tuple(n.code for n in self.leaves if n.points != base.leaf(n.code).points)


_Tree = tuple["_Tree | int", ...]  # a field's criteria: leaf indices, nested as in the pack


class _Prepared:
    """A pack's leaves laid out for re-scoring (a plain class: cheaper to make than a
    ``NamedTuple``, which only the view commands would pay for)."""

    __slots__ = ("field_of", "position", "readers", "shapes", "trees")

    def __init__(
        self,
        shapes: tuple[LeafShape, ...],  # every leaf in the pack's (score()'s) order
        position: dict[str, int],  # leaf code -> position
        trees: tuple[_Tree | int, ...],  # one per field (a field that is a leaf: its index)
        field_of: tuple[int, ...],  # leaf position -> its field
        readers: dict[str, tuple[int, ...]],  # name -> the leaves whose expressions read it
    ) -> None:
        self.shapes = shapes
        self.position = position
        self.trees = trees
        self.field_of = field_of
        self.readers = readers


_PREPARED: WeakKeyDictionary[LoadedPack, _Prepared] = WeakKeyDictionary()


def _prepared(pack: LoadedPack) -> _Prepared:
    found = _PREPARED.get(pack)
    if found is not None:
        return found
    by_code = shapes(pack)
    order: list[LeafShape] = []
    field_of: list[int] = []

    def tree(node: Criterion, field: int) -> _Tree | int:
        if node.children is None:
            order.append(by_code[node.code])
            field_of.append(field)
            return len(order) - 1
        return tuple(tree(child, field) for child in node.children)

    trees = tuple(tree(c, i) for i, c in enumerate(pack.model.criteria))
    readers: dict[str, list[int]] = {}
    for i, shape in enumerate(order):
        for name in shape.leaf.names:
            readers.setdefault(name, []).append(i)
    found = _Prepared(
        tuple(order),
        {s.code: i for i, s in enumerate(order)},
        trees,
        tuple(field_of),
        {name: tuple(ids) for name, ids in readers.items()},
    )
    _PREPARED[pack] = found
    return found


class LeafPoints:
    """One commune's evidence under one pack, ready to score changed copies of it."""

    def __init__(
        self,
        pack: LoadedPack,
        evidence: LoadedEvidence,
        *,
        strict_evidence: bool = False,
        goal: Decimal | None = None,
        env: dict[str, Value] | None = None,
    ) -> None:
        self.pack = pack
        self.evidence = evidence
        self.strict = strict_evidence
        self.goal = goal
        self.env = build_env(pack, evidence.metrics) if env is None else env
        self.docs = documents_by_code(pack, evidence)
        self._prep = _prepared(pack)
        with decimal_context():
            model = evidence.model
            self.numbers = tuple(
                _decide(s, self.env, model, self.docs, self.strict) for s in self._prep.shapes
            )
            self._fields = tuple(self._node(t, self.numbers) for t in self._prep.trees)
            self.points, self.applicable = self._sum(tuple(self._fields), None)
        with decimal.localcontext(EXACT):  # no change: zero, as exact as the finest points
            self._unchanged = sum((n.points - n.points for n in self.numbers), ZERO)

    def leaf(self, code: str) -> LeafNumbers:
        """The leaf's numbers in the evidence as it is."""
        return self.numbers[self._prep.position[code]]

    def changed(
        self, metrics: Mapping[str, Value], documents: Iterable[Document] = ()
    ) -> PartialScore:
        """The numbers of the evidence with ``metrics`` changed and ``documents`` added (as
        ``LoadedEvidence.with_changes`` makes it)."""
        prep = self._prep
        env, reached = env_with_changes(self.pack, self.env, self.evidence.metrics, metrics)
        todo: set[int] = set()
        if reached is None:  # every derived value evaluated again
            todo.update(range(len(prep.shapes)))
        else:
            readers = prep.readers
            for name in reached:
                todo.update(readers.get(name, ()))
        docs = self.docs
        added = tuple(documents)
        items = False  # an added document supports a bonus or penalty item
        if added:
            docs = {code: list(found) for code, found in docs.items()}
            for doc in added:
                for ref in doc.supports:  # as documents_by_code lists them
                    code = self.pack.code_of(ref)
                    if code is None:
                        items = True
                    elif doc not in docs.setdefault(code, []):
                        docs[code].append(doc)
                        todo.add(prep.position[code])
        # the items' documents are checked against the evidence the total is made from
        evidence = self.evidence.with_changes(documents=added) if items else self.evidence
        numbers = list(self.numbers)
        model = self.evidence.model
        with decimal_context():
            for i in sorted(todo):
                numbers[i] = _decide(prep.shapes[i], env, model, docs, self.strict)
            fields = list(self._fields)
            for f in {prep.field_of[i] for i in todo}:
                fields[f] = self._node(prep.trees[f], numbers)
            points, applicable = self._sum(tuple(fields), None)
            total = make_total(self.pack, evidence, points, applicable, self.goal, [], self.strict)
        done = sorted(todo)
        base = self.numbers
        with decimal.localcontext(EXACT):
            # every leaf's change added up; a leaf not decided again adds a zero, whose exponent
            # ``_unchanged`` already carries: the same decimal, digits and exponent, as a sum
            # over every leaf
            dpoints = sum((numbers[i].points - base[i].points for i in done), self._unchanged)
        return PartialScore(tuple(numbers[i] for i in done), points, applicable, total, dpoints)

    def _node(self, node: _Tree | int, numbers: Sequence[LeafNumbers]) -> tuple[Decimal, Decimal]:
        if type(node) is int:
            n = numbers[node]
            return n.points, n.applicable_max
        return self._sum(node, numbers)  # type: ignore[arg-type]

    def _sum(
        self, tree: Sequence[object], numbers: Sequence[LeafNumbers] | None
    ) -> tuple[Decimal, Decimal]:
        """A node's points and applicable maximum, added up as ``score()`` adds them (children
        in order from zero, in the current context); ``numbers`` None: ``tree`` holds sums."""
        points = applicable = ZERO
        for child in tree:
            if numbers is None:
                p, a = child  # type: ignore[misc]
            elif type(child) is int:
                n = numbers[child]
                p, a = n.points, n.applicable_max
            else:
                p, a = self._sum(child, numbers)  # type: ignore[arg-type]
            points += p
            applicable += a
        return points, applicable


def _decide(
    shape: LeafShape,
    env: dict[str, Value],
    model: Evidence,
    docs: Mapping[str, list[Document]],
    strict: bool,
) -> LeafNumbers:
    """A leaf's numbers, decided as ``score()`` decides them; runs in the engine's decimal
    context."""
    points, applicable, computed = leaf_points(shape, outcome(shape, env, model), strict, docs)
    return LeafNumbers(shape.code, points, computed, applicable)
