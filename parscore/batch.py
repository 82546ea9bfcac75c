"""Many communes at once: ranks, band counts, per-field averages and change from last year.

:func:`summarise` takes the communes already scored (:class:`CommuneScore`, from
:mod:`parscore.batch_run`) and the files that failed, and returns a :class:`BatchSummary` that
every output (text, CSV, Excel, HTML, JSON) renders. Pure: no I/O, no clock.

- Ranks use the published (rounded) official score (the last appraisal round the evidence has,
  else the computed score), highest first; field points and averages are official too; ties share a rank and the next rank skips (competition
  ranking: 1, 2, 2, 4) or, when the pack says ``ranking: {ties: dense}``, does not (1, 2, 2, 3).
  Tied communes are listed by name.
- Every commune must be scored under the same pack; one that names another pack is reported as an
  error rather than ranked against the others.
- Last year's score is matched by commune name (Unicode-normalised, case and spacing ignored) and,
  when both files give one, province. A name that matches two of last year's files is ambiguous
  and gets no change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from .errors import Issue
from .model.pack import DEFAULT_INDEX_NAME
from .model.result import PackInfo
from .names import name_key
from .numbers import round_to
from .totals import Totals

__all__ = [
    "BatchSummary",
    "CommuneScore",
    "FieldInfo",
    "FileError",
    "RankedCommune",
    "competition_ranks",
    "match_key",
    "rank_order",
    "ranks_of",
    "repeated_communes",
    "summarise",
]

ZERO = Decimal(0)


@dataclass(frozen=True)
class CommuneScore:
    """One evidence file scored: where it came from and its totals."""

    file: str
    commune: str
    province: str | None
    totals: Totals
    band_labels: tuple[str, ...] = ()  # the pack's bands, best first
    pack_at: tuple[int, int] | None = None  # line and column of the file's ``pack:`` key


@dataclass(frozen=True)
class FileError:
    """A file that could not be scored, with every located problem found in it."""

    file: str
    issues: tuple[Issue, ...]
    previous: bool = False  # one of the --previous files

    @property
    def message(self) -> str:
        """Each problem on a line, located (``file:line:col: CODE path: message``)."""
        return "\n".join(self.lines())

    def lines(self) -> list[str]:
        return [
            issue.format() if issue.file else f"{self.file}: {issue.format()}"
            for issue in self.issues
        ]


@dataclass(frozen=True)
class FieldInfo:
    code: str
    title: str
    max: Decimal


@dataclass(frozen=True)
class RankedCommune:
    rank: int
    score: CommuneScore
    previous: CommuneScore | None = None

    @property
    def change(self) -> Decimal | None:
        """This year's rounded score minus last year's, when last year's is known."""
        if self.previous is None:
            return None
        return self.score.totals.official.score - self.previous.totals.official.score

    def field_points(self, code: str) -> Decimal | None:
        return self._points.get(code)

    @cached_property
    def _points(self) -> dict[str, Decimal]:
        """Official points by field code (those of the stage the score is official in; the first
        field of a code, as a scan in order finds it)."""
        points: dict[str, Decimal] = {}
        for f in self.score.totals.fields:
            points.setdefault(f.code, f.official_points)
        return points


@dataclass(frozen=True)
class BatchSummary:
    pack: PackInfo | None  # None when no commune could be scored
    fields: tuple[FieldInfo, ...]  # scored fields (tracked ones left out), in pack order
    communes: tuple[RankedCommune, ...]  # rank order
    errors: tuple[FileError, ...]
    bands: dict[str, int]  # band label -> communes, in the pack's band order
    averages: dict[str, Decimal]  # field code -> mean exact points
    average_score: Decimal | None  # mean of the rounded scores
    band_order: tuple[str, ...] = field(default=())
    previous_count: int = 0  # last year's files scored

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    @property
    def index_name(self) -> str:
        """The name of the index ranked (the pack's ``index.name``)."""
        return self.pack.index if self.pack is not None else DEFAULT_INDEX_NAME

    def rounded(self, value: Decimal) -> Decimal:
        """A reported number: rounded once by the pack's rule."""
        if self.pack is None:
            return value
        return round_to(value, self.pack.places, self.pack.mode)

    def scores(self) -> list[Decimal]:
        return [c.score.totals.official.score for c in self.communes]

    def previous_packs(self) -> list[str]:
        """Last year's packs (``id (lần sửa n)``) of the matched communes, when not the ranked
        pack: their change is the communes' own plus what the change of rules did."""
        ranked = (self.pack.id, self.pack.revision) if self.pack is not None else None
        found = {
            (c.previous.totals.pack.id, c.previous.totals.pack.revision)
            for c in self.communes
            if c.previous is not None
        }
        return [f"{i} (lần sửa {r})" for i, r in sorted(found) if (i, r) != ranked]


def match_key(commune: str, province: str | None = None) -> tuple[str, str]:
    """Commune and province as compared across years: NFC, case-folded, single spaces."""

    return name_key(commune), name_key(province)


def competition_ranks(scores: Sequence[Decimal]) -> list[int]:
    """Rank of each score (highest first); equal scores share a rank: 1, 2, 2, 4."""
    return ranks_of(scores, "competition")


def ranks_of(scores: Sequence[Decimal], ties: str = "competition") -> list[int]:
    """Rank of each score (highest first); equal scores share a rank, and the next rank skips
    (``competition``: 1, 2, 2, 4) or does not (``dense``: 1, 2, 2, 3)."""
    order = sorted(range(len(scores)), key=lambda i: scores[i], reverse=True)
    ranks = [0] * len(scores)
    distinct = 0
    for position, i in enumerate(order):
        if position and scores[i] == scores[order[position - 1]]:
            ranks[i] = ranks[order[position - 1]]
            continue
        distinct += 1
        ranks[i] = distinct if ties == "dense" else position + 1
    return ranks


def rank_order(
    scores: Sequence[Decimal], keys: Sequence[tuple[str, ...]], ties: str = "competition"
) -> list[tuple[int, int]]:
    """``(index, rank)`` of each score in rank order: highest first, ties share a rank by the
    pack's rule (:func:`ranks_of`) and are listed by ``keys`` (the commune's name, then file)."""
    ranks = ranks_of(scores, ties)
    return [(i, ranks[i]) for i in sorted(range(len(scores)), key=lambda i: (ranks[i], keys[i]))]


def summarise(
    scored: Sequence[CommuneScore],
    errors: Iterable[FileError] = (),
    previous: Sequence[CommuneScore] = (),
    band_labels: Sequence[str] | None = None,
) -> BatchSummary:
    """Rank ``scored`` and add up bands, field averages and change from ``previous``.

    ``band_labels`` is the pack's band order (taken from the communes' results when omitted).
    """
    all_errors = list(errors)
    kept = _one_pack(scored, all_errors)
    pack = kept[0].totals.pack if kept else None
    names = [match_key(c.commune) for c in kept]
    scores = [c.totals.official.score for c in kept]
    keys = [(*names[i], kept[i].file) for i in range(len(kept))]
    order = rank_order(scores, keys, pack.ranking if pack is not None else "competition")
    previous = _earlier_years(previous, pack, all_errors)
    last_year = _previous_index(previous)
    communes = tuple(RankedCommune(r, kept[i], _match(kept[i], last_year)) for i, r in order)
    fields = _fields(kept)
    points: dict[str, list[Decimal]] = {f.code: [] for f in fields}
    for c in kept:
        for total in c.totals.fields:
            found = points.get(total.code)
            if found is not None:
                found.append(total.official_points)
    averages = {code: sum(values, ZERO) / len(values) for code, values in points.items() if values}
    if band_labels is None:
        band_labels = kept[0].band_labels if kept else ()
    labels = list(band_labels)
    for c in kept:
        band = c.totals.official.band
        if band is not None and band not in labels:
            labels.append(band)
    bands = {label: 0 for label in labels}
    for c in kept:
        if c.totals.official.band is not None:
            bands[c.totals.official.band] += 1
    return BatchSummary(
        pack=pack,
        fields=fields,
        communes=communes,
        errors=tuple(sorted(all_errors, key=lambda e: (e.previous, e.file))),
        bands=bands,
        averages=averages,
        average_score=sum(scores, ZERO) / len(scores) if scores else None,
        band_order=tuple(labels),
        previous_count=len(previous),
    )


def _one_pack(scored: Sequence[CommuneScore], errors: list[FileError]) -> list[CommuneScore]:
    """Keep the communes of the pack most of them use; the others become errors."""
    if not scored:
        return []
    counts: dict[str, int] = {}
    for c in scored:
        counts[c.totals.pack.id] = counts.get(c.totals.pack.id, 0) + 1
    main = max(counts, key=lambda pack_id: (counts[pack_id], pack_id == scored[0].totals.pack.id))
    kept = []
    for c in scored:
        if c.totals.pack.id == main:
            kept.append(c)
            continue
        message = (
            f"xã {c.commune} được chấm theo gói '{c.totals.pack.id}', khác gói '{main}' của "
            "các xã còn lại: không xếp hạng chung được"
        )
        hint = "chấm riêng từng gói, hoặc chỉ định một gói cho cả lượt bằng --pack"
        line, col = c.pack_at or (None, None)
        issue = Issue("PS506", message, file=c.file, line=line, col=col, hint=hint)
        errors.append(FileError(c.file, (issue,)))
    return kept


def _earlier_years(
    previous: Sequence[CommuneScore], pack: PackInfo | None, errors: list[FileError]
) -> list[CommuneScore]:
    """Keep last year's files of a year before the ranked pack's; one of the same or a later year
    (this year's folder given twice, the two folders swapped) becomes an error: its change would
    not be a change since last year."""
    if pack is None:
        return list(previous)
    kept = []
    for p in previous:
        year = p.totals.pack.year
        if year < pack.year:
            kept.append(p)
            continue
        message = (
            f"tệp năm trước của xã {p.commune} được chấm theo gói năm {year}, không trước năm "
            f"{pack.year} đang xếp hạng: không so sánh với năm trước được"
        )
        hint = f"đưa vào --previous tệp minh chứng năm {pack.year - 1}; tệp năm nay để ở PATH"
        line, col = p.pack_at or (None, None)
        issue = Issue("PS509", message, file=p.file, line=line, col=col, hint=hint)
        errors.append(FileError(p.file, (issue,), previous=True))
    return kept


def repeated_communes(communes: Iterable[RankedCommune]) -> list[tuple[str, list[str]]]:
    """Communes ranked from more than one file (by name and province, as years are matched):
    ``(name as written, files)`` in ranking order. Two files of one commune (a copy left in the
    folder) rank it twice and push every commune below it down a rank."""
    groups: dict[tuple[str, str], list[CommuneScore]] = {}
    for c in communes:
        groups.setdefault(match_key(c.score.commune, c.score.province), []).append(c.score)
    out = []
    for scores in groups.values():
        if len(scores) > 1:
            first = scores[0]
            name = first.commune + (f" ({first.province})" if first.province else "")
            out.append((name, [s.file for s in scores]))
    return out


def _previous_index(previous: Sequence[CommuneScore]) -> dict[str, list[CommuneScore]]:
    """Last year's communes by normalised name."""
    index: dict[str, list[CommuneScore]] = {}
    for p in previous:
        index.setdefault(match_key(p.commune)[0], []).append(p)
    return index


def _match(current: CommuneScore, index: dict[str, list[CommuneScore]]) -> CommuneScore | None:
    name, province = match_key(current.commune, current.province)
    candidates = index.get(name, [])
    if province:
        candidates = [
            p for p in candidates if not p.province or match_key("", p.province)[1] == province
        ]
    return candidates[0] if len(candidates) == 1 else None


def _fields(scored: Sequence[CommuneScore]) -> tuple[FieldInfo, ...]:
    if not scored:
        return ()
    return tuple(
        FieldInfo(f.code, f.title, f.max) for f in scored[0].totals.fields if not f.tracked
    )
