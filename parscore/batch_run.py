"""Read, check and score many evidence files: one after another, or in worker processes.

Each file is scored on its own: a file that fails (bad YAML, a value out of range, an unknown
pack) becomes a :class:`~parscore.batch.FileError` with every located problem, and the others are
still scored. Scoring uses :func:`~parscore.totals.score_totals` (the points of ``score`` without
the words), so a province of thousands of communes is scored in seconds.

The pack comes from ``--pack`` or, for each file, from its ``pack:`` id among the ``rules/``
folders (found once per id and folder, then reused). Last year's files (``previous``) are scored
under their own year's pack: ``--pack`` is used for them only when it has their id.
"""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .batch import CommuneScore, FileError
from .compiled import LoadedPack
from .errors import Issue, ParscoreError, UsageError
from .loader import (
    LoadedEvidence,
    evidence_from_data,
    evidence_pack_id,
    find_pack,
    load_pack,
    pack_search_dirs,
    read_evidence_document,
)
from .plain_yaml import read_plain_document
from .totals import score_totals
from .yamlio import YamlDocument

__all__ = ["PARALLEL_MIN_FILES", "collect_files", "default_jobs", "score_file", "score_files"]

PARALLEL_MIN_FILES = 200  # below this, starting worker processes costs more than it saves
CHUNK = 48  # files a worker reads, checks and scores together (see _score_chunk)
# Reading a file makes many short-lived objects and no reference cycles to speak of: the cyclic
# garbage collector, run every 700 allocations by default, would spend ~15% of the time scanning.
GC_THRESHOLD = 100_000
EVIDENCE_SUFFIXES = (".yaml", ".yml")

Outcome = CommuneScore | FileError


def collect_files(paths: Sequence[str]) -> list[str]:
    """Files as given, folders expanded to their ``*.yaml`` files (sorted); duplicates dropped.

    A path that does not exist (a typo on the command line, PS101) and a folder with no YAML file
    are usage errors: nothing is scored, rather than a ranking that silently lacks them.
    """
    out: list[str] = []
    seen: set[Path] = set()
    missing = [
        Issue("PS101", "không tìm thấy tệp hay thư mục", file=given, hint="kiểm tra lại đường dẫn")
        for given in paths
        if not os.path.lexists(given)
    ]
    if missing:
        raise UsageError(missing)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = _folder_files(path)
            if not found:
                raise UsageError(
                    [
                        Issue(
                            "PS601",
                            "thư mục không có tệp minh chứng .yaml nào",
                            file=given,
                            hint=_empty_folder_hint(path),
                        )
                    ]
                )
            candidates = found
        else:
            candidates = [(path, path.resolve())]
        for candidate, key in candidates:
            if key not in seen:
                seen.add(key)
                out.append(str(candidate))
    return out


def _empty_folder_hint(folder: Path) -> str:
    if any(p.suffix.lower() == ".xlsx" for p in folder.iterdir()):
        return (
            "thư mục có biểu mẫu Excel: đọc từng biểu mẫu thành tệp minh chứng bằng"
            " parscore import <biểu mẫu>.xlsx -o <xã>-<năm>.yaml rồi chấm thư mục các tệp .yaml"
        )
    return "chỉ đường dẫn tới thư mục chứa các tệp <xã>-<năm>.yaml"


def _folder_files(folder: Path) -> list[tuple[Path, Path]]:
    """The evidence files of ``folder`` (sorted by name), each with its resolved path: the
    folder resolved once, a file's own link followed only when it is one."""
    resolved = folder.resolve()
    found = []
    with os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if name.startswith(".") or not name.endswith(EVIDENCE_SUFFIXES) or not entry.is_file():
                continue
            path = folder / name
            found.append((path, path.resolve() if entry.is_symlink() else resolved / name))
    return sorted(found)


def default_jobs() -> int:
    """Worker processes to use: the machine's cores, at most 8."""
    return max(1, min(os.cpu_count() or 1, 8))


def score_files(
    files: Sequence[str],
    pack: LoadedPack | None = None,
    pack_path: str | None = None,
    *,
    previous: Sequence[bool] | None = None,
    strict_evidence: bool = False,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> list[Outcome]:
    """Score every file, in order. ``pack`` (loaded from ``pack_path``) is used for all files,
    or for last year's files (``previous[i]`` true) only when it has their pack id."""
    flags = list(previous) if previous is not None else [False] * len(files)
    if pack is not None and pack_path is not None:
        _CACHE.by_path[pack_path] = pack  # forked workers inherit it
    with _fewer_collections():
        return _score_all(files, pack_path, flags, strict_evidence, jobs, progress)


def _score_all(
    files: Sequence[str],
    pack_path: str | None,
    flags: list[bool],
    strict_evidence: bool,
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> list[Outcome]:
    total = len(files)
    results: list[Outcome] = []
    parallel = jobs > 1 and total >= PARALLEL_MIN_FILES
    # Chunks small enough for every worker to get several (the last ones finish together).
    size = min(CHUNK, -(-total // (jobs * 4))) if parallel else CHUNK
    chunks = [(files[i : i + size], flags[i : i + size]) for i in range(0, total, size)]
    if parallel:
        gc.freeze()  # forked workers leave the objects they inherit alone: no copy-on-write storm
        try:
            return _with_workers(chunks, pack_path, strict_evidence, jobs - 1, progress)
        finally:
            gc.unfreeze()
    for paths, chunk_flags in chunks:
        results.extend(_score_chunk(paths, pack_path, chunk_flags, strict_evidence))
        if progress is not None:
            progress(len(results), total)
    return results


def _with_workers(
    chunks: Sequence[tuple[Sequence[str], Sequence[bool]]],
    pack_path: str | None,
    strict_evidence: bool,
    workers: int,
    progress: Callable[[int, int], None] | None,
) -> list[Outcome]:
    """The chunks scored by ``workers`` processes from the first and by this one from the last
    (it would otherwise only wait), then put back in order."""
    total = sum(len(paths) for paths, _ in chunks)
    here: dict[int, list[Outcome]] = {}
    shown = 0

    def show(done: int) -> None:
        nonlocal shown
        if progress is not None and done > shown:
            shown = done
            progress(done, total)

    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_start) as pool:
        try:
            with _interrupts_held():  # workers start here; see _worker_start
                futures = [
                    pool.submit(_score_chunk, paths, pack_path, flags, strict_evidence)
                    for paths, flags in chunks
                ]
            for i in reversed(range(len(chunks))):
                if not futures[i].cancel():
                    break  # the workers have it, and every chunk before it
                here[i] = _score_chunk(chunks[i][0], pack_path, chunks[i][1], strict_evidence)
                show(sum(len(chunks[j][0]) for j, f in enumerate(futures) if j in here or f.done()))
            results: list[Outcome] = []
            for i, future in enumerate(futures):
                results.extend(here[i] if i in here else future.result())
                show(len(results))
            return results
        except BaseException:  # Ctrl-C or termination: drop the queued work, stop soon
            pool.shutdown(wait=False, cancel_futures=True)
            raise


@contextmanager
def _fewer_collections() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], GC_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextmanager
def _interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C while worker processes start (they inherit the hold and then ignore Ctrl-C);
    a Ctrl-C pressed meanwhile reaches this process once they have started."""
    mask = getattr(signal, "pthread_sigmask", None)
    if mask is None:
        yield
        return
    mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _worker_start() -> None:
    # The parent handles Ctrl-C and termination (one message, temporary files removed);
    # workers ignore Ctrl-C and die quietly when the pool ends them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    gc.set_threshold(max(gc.get_threshold()[0], GC_THRESHOLD), *gc.get_threshold()[1:])


def score_file(
    path: str, pack_path: str | None, previous: bool = False, strict_evidence: bool = False
) -> Outcome:
    """One file: its scores, or its problems (never raises for bad input)."""
    return _score_chunk([path], pack_path, [previous], strict_evidence)[0]


def _score_chunk(
    paths: Sequence[str], pack_path: str | None, flags: Sequence[bool], strict_evidence: bool
) -> list[Outcome]:
    """Several files, each step for all of them before the next (read, check, score): the code
    and data of one step stay in the processor's caches, which saves a fifth of the time.

    Plain files are read fast, without positions; one that is not plain, or in which anything
    is wrong, is read again with positions and scored on its own, so that every problem is
    located exactly as ``parscore score`` locates it."""
    docs = [read_plain_document(path) for path in paths]
    checked: list[tuple[LoadedPack, LoadedEvidence] | None] = []
    for doc, path, previous in zip(docs, paths, flags, strict=True):
        try:
            if doc is not None:
                pack = _CACHE.pack_for(doc, path, pack_path, previous)
                checked.append((pack, evidence_from_data(doc, pack)))
                continue
        except ParscoreError:
            pass
        checked.append(None)
    outcomes: list[Outcome] = []
    for doc, item, path, previous in zip(docs, checked, paths, flags, strict=True):
        if doc is not None and item is not None:
            try:
                outcomes.append(_commune(doc, path, *item, strict_evidence))
                continue
            except ParscoreError:
                pass  # read again with positions: every problem located exactly as before
        outcomes.append(_score_located(path, pack_path, previous, strict_evidence))
    return outcomes


def _score_located(
    path: str, pack_path: str | None, previous: bool, strict_evidence: bool
) -> Outcome:
    """One file read with positions: its scores, or its located problems."""
    try:
        doc = read_evidence_document(path)
        pack = _CACHE.pack_for(doc, path, pack_path, previous)
        return _commune(doc, path, pack, evidence_from_data(doc, pack), strict_evidence)
    except ParscoreError as exc:
        return FileError(path, tuple(exc.issues), previous)


def _commune(
    doc: YamlDocument,
    path: str,
    pack: LoadedPack,
    evidence: LoadedEvidence,
    strict_evidence: bool,
) -> CommuneScore:
    totals = score_totals(pack, evidence, strict_evidence=strict_evidence)
    model = evidence.model
    labels = tuple(b.label for b in pack.model.pack.bands)
    where = doc.where(("pack",))
    pack_at = (where.line, where.col) if where is not None else None
    return CommuneScore(path, model.commune, model.province, totals, labels, pack_at)


@dataclass
class _PackCache:
    """Packs loaded in this process: by file path, and by (pack id, folders searched)."""

    by_path: dict[str, LoadedPack] = field(default_factory=dict)
    by_id: dict[tuple[str, tuple[Path, ...]], LoadedPack | ParscoreError] = field(
        default_factory=dict
    )

    def pack_for(
        self, doc: YamlDocument, path: str, pack_path: str | None, previous: bool
    ) -> LoadedPack:
        pack_id = doc.data.get("pack") if isinstance(doc.data, dict) else None
        if pack_path is not None:
            given = self.by_path.get(pack_path)
            if given is None:
                given = self.by_path[pack_path] = load_pack(pack_path)
            if not previous or not isinstance(pack_id, str) or pack_id == given.id:
                return given
        pack_id = evidence_pack_id(doc)
        dirs = tuple(pack_search_dirs(Path(path)))
        key = (pack_id, dirs)
        found = self.by_id.get(key)
        if found is None:
            try:
                found = load_pack(find_pack(pack_id, dirs))
            except ParscoreError as exc:
                found = exc
            self.by_id[key] = found
        if isinstance(found, ParscoreError):  # found once; said at each file's 'pack:' key
            raise type(found)(doc.locate(found.issues, ("pack",)))
        return found


_CACHE = _PackCache()
