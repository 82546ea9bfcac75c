"""The rule packs an auditor may compare: every frozen revision in the database (those a province's
years use first) and the pack files the app can open years with. A choice is named in the URL by
a year (``2024``: the revision the province's communes use that year, else the newest one), by
``v<id>`` (a stored revision) or by a pack file's name."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..compiled import LoadedPack
from ..errors import ParscoreError
from ..loader import load_pack
from .models import Assessment, PackVersion, Province
from .packs import available_pack_files, loaded_pack
from .posted import whole_number

__all__ = ["PackChoice", "pack_choices", "resolve_choice"]


@dataclass(frozen=True)
class PackChoice:
    key: str
    year: int
    label: str
    used: int  # how many of the province's communes use it
    version: PackVersion | None = None
    own: bool = True  # the province's own pack (not a file of another province)
    path: Path | None = None

    def load(self) -> LoadedPack:
        if self.version is not None:
            return loaded_pack(self.version)
        assert self.path is not None
        return file_pack(self.path)


_FILES: dict[tuple[str, float], LoadedPack] = {}


def file_pack(path: Path) -> LoadedPack:
    """The pack in ``path``, loaded once while the file is unchanged."""
    key = (str(path), path.stat().st_mtime)
    pack = _FILES.get(key)
    if pack is None:
        pack = _FILES[key] = load_pack(path)
    return pack


def pack_choices(province: Province) -> list[PackChoice]:
    """Newest year first; within a year the revisions the province uses first, then the
    province's own packs (a pack id its communes use, or a file naming the province) before the
    packs of other provinces."""
    used = Counter(
        Assessment.objects.filter(commune__province=province).values_list("pack_id", flat=True)
    )
    files = []
    for path in available_pack_files():
        try:
            files.append((path, file_pack(path)))
        except (ParscoreError, OSError):
            continue  # a broken file is reported where years are opened, not here
    versions = list(PackVersion.objects.all())
    own_ids = {v.pack_id for v in versions if used.get(v.pk)} | {
        pack.id for _, pack in files if pack.model.pack.province == province.name
    }
    choices: list[PackChoice] = []
    stored = set()
    for v in versions:
        stored.add(v.sha256)
        n = used.get(v.pk, 0)
        where = f" – đang dùng cho {n} xã" if n else ""
        label = f"Năm {v.year}: {v.pack_id} (lần sửa {v.revision}){where}"
        own = v.pack_id in own_ids
        choices.append(PackChoice(f"v{v.pk}", v.year, label, n, version=v, own=own))
    for path, pack in files:
        if pack.sha256 in stored:
            continue
        meta = pack.model.pack
        label = f"Năm {meta.year}: {meta.id} (lần sửa {meta.revision}, tệp {path.name})"
        own = meta.id in own_ids
        choices.append(PackChoice(path.name, meta.year, label, 0, path=path, own=own))
    return sorted(choices, key=lambda c: (-c.year, -c.used, not c.own, c.label))


def resolve_choice(choices: list[PackChoice], wanted: str) -> PackChoice | None:
    """The choice ``wanted`` names (a key, or a year: its most used, else first, choice)."""
    wanted = wanted.strip()
    year = whole_number(wanted)
    if year is not None:
        return next((c for c in choices if c.year == year), None)
    return next((c for c in choices if c.key == wanted), None)
