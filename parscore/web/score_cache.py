"""Cached totals of commune years, so pages that list many communes score only what changed.

:func:`totals_of` returns ``score_totals(pack, evidence)`` (self-assessment, not strict) of each
year given, exactly as computing it afresh would: a year is recomputed when its
:class:`~parscore.web.models.ScoreCache` row's ``revision`` (bumped by database triggers on any
change of what its evidence is built from, see :mod:`parscore.web.score_triggers`) differs
from the revision its totals were computed at, or when the key differs: the pack's sha256 and
a fingerprint of the engine's code (an upgraded engine may score differently).

Race-free without locks: the revision is read *before* the evidence, and totals are stored
only if the revision is still the one read, so a change made while scoring is never hidden.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from django.db import transaction

from ..totals import Totals, score_totals
from .evidence import load_assessment
from .models import Assessment, ScoreCache
from .score_triggers import ensure_triggers

__all__ = ["engine_fingerprint", "forget_all", "fresh_totals", "totals_of"]

_CHUNK = 500  # ids per query (SQLite's limit on parameters)


@cache
def engine_fingerprint() -> str:
    """A digest of the engine's source (every ``parscore`` module outside the web app and the
    command line), so that cached totals of an older engine are never used."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root)
        if relative.parts[0] in ("web", "cli"):
            continue
        digest.update(str(relative).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(assessment: Assessment) -> str:
    text = f"{assessment.pack.sha256}:{engine_fingerprint()}"
    return hashlib.sha256(text.encode()).hexdigest()


def fresh_totals(assessment: Assessment) -> Totals:
    """The year's totals computed now from its stored evidence (no cache)."""
    evidence, pack = load_assessment(assessment)
    return score_totals(pack, evidence)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


def _rows(ids: Sequence[int]) -> dict[int, ScoreCache]:
    out: dict[int, ScoreCache] = {}
    for part in _chunks(ids):
        out.update((r.assessment_id, r) for r in ScoreCache.objects.filter(assessment_id__in=part))
    return out


def totals_of(assessments: Sequence[Assessment]) -> dict[int, Totals]:
    """``assessment.pk -> Totals`` of every year given (select their ``pack`` with them), from
    the cache where it is current, else computed and stored."""
    if not assessments:
        return {}
    if not ensure_triggers():
        return {a.pk: fresh_totals(a) for a in assessments}
    ids = [a.pk for a in assessments]
    rows = _rows(ids)
    missing = [pk for pk in ids if pk not in rows]
    if missing:
        # Made before the evidence is read: a change from now on bumps their revision.
        ScoreCache.objects.bulk_create(
            [ScoreCache(assessment_id=pk) for pk in missing], ignore_conflicts=True
        )
        rows.update(_rows(missing))
    out: dict[int, Totals] = {}
    stale: list[tuple[Assessment, int, str, Totals]] = []
    for a in assessments:
        row, key = rows[a.pk], _key(a)
        if row.computed == row.revision and row.key == key and row.totals is not None:
            out[a.pk] = pickle.loads(row.totals)  # written by this module only
            continue
        totals = fresh_totals(a)
        out[a.pk] = totals
        stale.append((a, row.revision, key, totals))
    if stale:
        with transaction.atomic():
            for a, revision, key, totals in stale:
                # Stored only if nothing changed since the revision was read.
                ScoreCache.objects.filter(assessment_id=a.pk, revision=revision).update(
                    computed=revision, key=key, totals=pickle.dumps(totals, protocol=5)
                )
    return out


def forget_all() -> None:
    """Drop every cached total (they are recomputed when next shown)."""
    ScoreCache.objects.all().delete()
