"""score() makes no leaf or node record until ``Result.criteria`` (or anything reading it) is
first read: the total, the stages and the warnings are given at once, from each leaf's outcome
(:mod:`parscore.leaf_outcomes`), and the records made later (:mod:`parscore.score_records`) add
up to exactly them. A result is the same whether its records were made or not: equal, pickled,
copied, replaced; two threads reading it first get the same records."""

from __future__ import annotations

import copy
import dataclasses
import pickle
import threading
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from parscore.compiled import LoadedPack
from parscore.leaf_outcomes import Node, leaf_points, tree
from parscore.leaf_records import LeafShape
from parscore.loader import LoadedEvidence, load_evidence, load_pack
from parscore.model.result import LeafResult, NodeResult, Result
from parscore.score_records import Records
from parscore.scoring import score
from parscore.stages import stage_totals

from .conftest import DATA, SAMPLE_COMMUNE, SAMPLE_PACK
from .test_direct_path import PACKS, _communes, _exact, exact

STAGED = [
    (SAMPLE_PACK, SAMPLE_COMMUNE),
    (DATA / "staged" / "pack.yaml", DATA / "staged" / "commune.yaml"),
    (DATA / "minutes" / "pack.yaml", DATA / "minutes" / "dan-tien-2025.yaml"),
]


def _lazy(result: Result) -> bool:
    return "criteria" not in result.__dict__


def _check_adds_up(pack: LoadedPack, evidence: LoadedEvidence, result: Result) -> None:
    """Made later, the records give the total, stages and warnings given at once."""
    assert _lazy(result)
    later = result.__dict__["_later"]
    assert isinstance(later, Records)
    total, warnings, stages = result.total, result.warnings, result.stages
    assert _lazy(result)  # reading them makes no record
    points = applicable = Decimal(0)
    for node in result.criteria:
        points += node.points
        applicable += node.applicable_max
    assert not _lazy(result) and "_later" not in result.__dict__
    assert (_exact(points), _exact(applicable)) == (
        _exact(total.points),
        _exact(total.applicable_max),
    )
    leaves = list(result.leaves())
    errors = [w for w in warnings if w.code == "W002"]
    assert [(w.criterion, f"error: {w.message[len('lỗi khi tính điểm: ') :]}") for w in errors] == [
        (leaf.code, leaf.rule) for leaf in leaves if leaf.rule.startswith("error: ")
    ]
    over = [w for w in warnings if w.code == "W010"]
    assert [w.criterion for w in over] == [leaf.code for leaf in leaves if leaf.over_claim]
    assert result.warnings is warnings and result.total is total
    computed = {leaf.code: None if leaf.status == "na" else leaf.points for leaf in leaves}
    assert stages == stage_totals(
        pack, evidence, later.maps, computed, total.points, total.applicable_max, total.goal
    )


@pytest.mark.parametrize("path", PACKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("strict", [False, True])
def test_records_add_up_to_what_was_given_at_once(path: Path, strict: bool) -> None:
    pack, communes = _communes(path)
    for i, evidence in enumerate(communes):
        goal = Decimal("85.5") if i % 3 == 0 else None
        _check_adds_up(pack, evidence, score(pack, evidence, strict_evidence=strict, goal=goal))


@pytest.mark.parametrize(("pack_path", "evidence_path"), STAGED, ids=lambda p: Path(p).stem)
@pytest.mark.parametrize("strict", [False, True])
def test_claims_and_stages(pack_path: Path, evidence_path: Path, strict: bool) -> None:
    pack = load_pack(pack_path)
    evidence, _ = load_evidence(evidence_path, pack)
    result = score(pack, evidence, strict_evidence=strict)
    _check_adds_up(pack, evidence, result)
    assert result.stages or evidence_path == SAMPLE_COMMUNE
    assert any(w.code == "W010" for w in result.warnings) or evidence_path != SAMPLE_COMMUNE


def test_each_leaf_from_its_outcome() -> None:
    """A leaf's record has the points and maximum its outcome gives (what the totals summed)."""
    pack, communes = _communes(PACKS[0])
    shapes = []

    def visit(nodes: Any) -> None:
        for child in nodes:
            if type(child) is Node:
                visit(child.children)
            else:
                assert isinstance(child, LeafShape)
                shapes.append(child)

    visit(tree(pack))
    for strict in (False, True):
        for evidence in communes:
            result = score(pack, evidence, strict_evidence=strict)
            later: Records = result.__dict__["_later"]
            docs = later.docs or {}
            leaves = list(result.leaves())
            assert [leaf.code for leaf in leaves] == [s.code for s in shapes]
            for shape, outcome, leaf in zip(shapes, later.outcomes, leaves, strict=True):
                points, applicable, computed = leaf_points(shape, outcome, strict, docs)
                assert (_exact(points), _exact(applicable), _exact(computed)) == (
                    _exact(leaf.points),
                    _exact(leaf.applicable_max),
                    _exact(leaf.computed),
                ), leaf.code


def test_the_same_result_whether_read_or_not() -> None:
    pack = load_pack(SAMPLE_PACK)
    evidence, _ = load_evidence(SAMPLE_COMMUNE, pack)
    read = score(pack, evidence)
    expected = exact(read)  # every record made, every word written
    assert not _lazy(read)
    for copied in (
        lambda r: pickle.loads(pickle.dumps(r)),
        copy.copy,
        copy.deepcopy,
        lambda r: dataclasses.replace(r, commune=r.commune),
    ):
        fresh = score(pack, evidence)
        assert _lazy(fresh)
        other = copied(fresh)
        assert "_later" not in other.__dict__
        assert exact(other) == expected
        assert other == read and fresh == read and other.to_dict() == read.to_dict()
    fresh = score(pack, evidence)
    assert fresh == read and read == fresh  # equality makes the records of a fresh result
    fresh = score(pack, evidence)
    assert fresh.find("1.1") == read.find("1.1") and fresh.leaf("1.1") == read.leaf("1.1")
    assert "_later" not in pickle.loads(pickle.dumps(fresh)).__dict__
    assert exact(fresh) == expected and repr(score(pack, evidence)) == repr(read)


def _read(result: Result, start: threading.Barrier, got: list[Any]) -> None:
    start.wait()
    got.append(result.criteria)


def test_two_threads_get_the_same_records() -> None:
    pack = load_pack(SAMPLE_PACK)
    evidence, _ = load_evidence(SAMPLE_COMMUNE, pack)
    for _ in range(20):
        result = score(pack, evidence)
        start = threading.Barrier(4)
        got: list[tuple[NodeResult | LeafResult, ...]] = []

        threads = [threading.Thread(target=_read, args=(result, start, got)) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert len(got) == 4 and all(c is result.criteria for c in got)
        assert "_later" not in result.__dict__


def test_a_result_made_whole_is_not_lazy() -> None:
    """A result built with its records (the dataclass ``__init__``) keeps them as given."""
    pack = load_pack(SAMPLE_PACK)
    evidence, _ = load_evidence(SAMPLE_COMMUNE, pack)
    made = score(pack, evidence)
    values = {f.name: getattr(made, f.name) for f in dataclasses.fields(Result) if f.init}
    whole = Result(**values)
    assert whole.criteria is made.criteria and whole == made
    assert pickle.loads(pickle.dumps(whole)) == made
