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
import secrets
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from django.db import connection, transaction

from ..totals import Totals, score_totals
from .evidence import load_assessment
from .evidence_rows import plain_evidence
from .models import Assessment, ScoreCache
from .packs import loaded_pack
from .score_triggers import ensure_triggers
from .totals_codec import decode, encode

__all__ = [
    "engine_fingerprint",
    "forget_all",
    "forget_memory",
    "fresh_totals",
    "preload",
    "totals_of",
    "warm",
]

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
    return _key_for(assessment.pack.sha256, engine_fingerprint())


@cache
def _key_for(pack_sha256: str, engine: str) -> str:
    return hashlib.sha256(f"{pack_sha256}:{engine}".encode()).hexdigest()


def fresh_totals(assessment: Assessment) -> Totals:
    """The year's totals computed now from its stored evidence (no cache)."""
    evidence, pack = load_assessment(assessment)
    return score_totals(pack, evidence)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield ids[i : i + _CHUNK]


# Totals already read in this process: ``pk -> (token, totals)``; the stored totals are these
# while the row's token is unchanged. About 8 KB a year; emptied beyond _MEMO_LIMIT years.
_MEMO: dict[int, tuple[str, Totals]] = {}
_MEMO_LIMIT = 20_000


def _remember(pk: int, token: str, totals: Totals) -> None:
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[pk] = (token, totals)


class _State(NamedTuple):
    revision: int
    computed: int | None
    key: str
    token: str


def _select(columns: str, ids: Sequence[int], where: str = "") -> Iterable[tuple[Any, ...]]:
    """Rows of the cache table for ``ids``, in plain SQL: thousands of ids cost nothing to pass
    (the ORM prepares every id of an ``__in`` list, a third of a ranking's query time)."""
    q = connection.ops.quote_name
    table = q(ScoreCache._meta.db_table)
    with connection.cursor() as cursor:
        for part in _chunks(ids):
            marks = ", ".join(["%s"] * len(part))
            cursor.execute(
                f"SELECT {columns} FROM {table} WHERE {q('assessment_id')} IN ({marks}){where}",
                list(part),
            )
            yield from cursor.fetchall()


def _states(ids: Sequence[int]) -> dict[int, _State]:
    """The cache rows of ``ids`` (without the stored totals)."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("assessment_id", "revision", "computed", "key", "token"))
    return {r[0]: _State(*r[1:]) for r in _select(columns, ids)}


def _stored(ids: Sequence[int]) -> dict[int, tuple[str, bytes]]:
    """``pk -> (token, encoded totals)``."""
    q = connection.ops.quote_name
    columns = ", ".join(q(c) for c in ("assessment_id", "token", "totals"))
    rows = _select(columns, ids, f" AND {q('totals')} IS NOT NULL")
    return {pk: (token, bytes(blob)) for pk, token, blob in rows}


def totals_of(assessments: Sequence[Assessment]) -> dict[int, Totals]:
    """``assessment.pk -> Totals`` of every year given (select their ``pack`` with them), from
    the cache where it is current, else computed and stored."""
    if not assessments:
        return {}
    if not ensure_triggers():
        return {a.pk: fresh_totals(a) for a in assessments}
    ids = [a.pk for a in assessments]
    states = _states(ids)
    missing = [pk for pk in ids if pk not in states]
    if missing:
        # Made before the evidence is read: a change from now on bumps their revision.
        ScoreCache.objects.bulk_create(
            [ScoreCache(assessment_id=pk) for pk in missing], ignore_conflicts=True
        )
        states.update(_states(missing))
    out: dict[int, Totals] = {}
    current: list[int] = []  # cached and current, not in memory yet
    stale: list[tuple[Assessment, int, str]] = []
    for a in assessments:
        state, key = states[a.pk], _key(a)
        if state.computed != state.revision or state.key != key:
            stale.append((a, state.revision, key))
            continue
        memo = _MEMO.get(a.pk)
        if memo is not None and memo[0] == state.token:
            out[a.pk] = memo[1]
        else:
            current.append(a.pk)
    blobs = _stored(current)
    by_pk = {a.pk: a for a in assessments}
    for pk in current:
        if pk not in blobs:  # emptied since its state was read
            stale.append((by_pk[pk], states[pk].revision, _key(by_pk[pk])))
            continue
        token, blob = blobs[pk]
        totals = decode(blob)
        if totals is None:  # not what this module writes: computed again, stored over it
            stale.append((by_pk[pk], states[pk].revision, _key(by_pk[pk])))
            continue
        out[pk] = totals
        _remember(pk, token, totals)
    if stale:
        _compute(stale, out)
    return out


def _compute(stale: list[tuple[Assessment, int, str]], out: dict[int, Totals]) -> None:
    # The evidence is read now, after the revisions were.
    fresh = _recomputed([a for a, _, _ in stale])
    rows, tokens = [], {}
    for a, revision, key in stale:
        totals = out[a.pk] = fresh[a.pk]
        try:
            blob = encode(totals)
        except TypeError:  # a value the format has no place for: not cached
            continue
        tokens[a.pk] = token = secrets.token_hex(16)
        rows.append((revision, key, blob, token, a.pk, revision))
    if not rows:
        return
    # Stored only where nothing changed since the revision was read; in one statement.
    q = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {q(ScoreCache._meta.db_table)} SET {q('computed')} = %s, {q('key')} = %s,"
            f" {q('totals')} = %s, {q('token')} = %s"
            f" WHERE {q('assessment_id')} = %s AND {q('revision')} = %s",
            rows,
        )
    for pk, token in _tokens(list(tokens)).items():
        if token == tokens[pk]:  # stored (a row changed meanwhile keeps its old token)
            _remember(pk, token, out[pk])


def _tokens(ids: Sequence[int]) -> dict[int, str]:
    q = connection.ops.quote_name
    return dict(_select(f"{q('assessment_id')}, {q('token')}", ids))


def _recomputed(years: Sequence[Assessment]) -> dict[int, Totals]:
    """Totals of ``years`` computed from their rows, read for all of them in a few queries
    (:func:`plain_evidence`); a year that path does not take is loaded by the full loader."""
    packs = {a.pk: loaded_pack(a.pack) for a in years}
    built = plain_evidence([a.pk for a in years], packs)
    out: dict[int, Totals] = {}
    for a in years:
        evidence = built.get(a.pk)
        out[a.pk] = score_totals(packs[a.pk], evidence) if evidence is not None else fresh_totals(a)
    return out


def warm(years: Iterable[Assessment] | None = None) -> int:
    """Bring the cached totals of ``years`` (default: every year) up to date now, so that no page
    view pays for them; how many were computed. Called where many years change at once (a pack
    migration) and when the server starts (after an upgrade or the demo's creation). Totals
    already current are left in the database (not read). Without the cache (a database without
    triggers) nothing is computed ahead."""
    if not ensure_triggers():
        return 0
    if years is None:
        years = Assessment.objects.select_related("pack").defer("pack__text").order_by("pk")
    todo = list(years)
    states = _states([a.pk for a in todo])
    stale = [
        a
        for a in todo
        if (s := states.get(a.pk)) is None or s.computed != s.revision or s.key != _key(a)
    ]
    for i in range(0, len(stale), _WARM_CHUNK):
        totals_of(stale[i : i + _WARM_CHUNK])
    return len(stale)


_WARM_CHUNK = 2_000  # years per round (bounded memory, progress stored as it goes)


def preload() -> int:
    """Read the stored totals of the newest years (up to half of what a process keeps) into this
    process's memory, so that a server just started shows its first lists without reading and
    decoding them from the database; how many years were read."""
    if not ensure_triggers():
        return 0
    years = list(
        Assessment.objects.select_related("pack")
        .defer("pack__text")
        .order_by("-year", "pk")[: _MEMO_LIMIT // 2]
    )
    for i in range(0, len(years), _WARM_CHUNK):
        totals_of(years[i : i + _WARM_CHUNK])
    return len(years)


def forget_all() -> None:
    """Drop every cached total (they are recomputed when next shown)."""
    ScoreCache.objects.all().delete()
    forget_memory()


def forget_memory() -> None:
    """Drop the totals this process keeps in memory (they are read again from the database)."""
    _MEMO.clear()
