"""Rule packs in the web app: frozen copies in the database, loaded once per process.

A year is tied to a :class:`~parscore.web.models.PackVersion` holding the pack's exact text;
loading it goes through the engine's own loader (:func:`parscore.loader.pack_from_text`), so the
web app checks packs exactly as the command line does.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..compiled import LoadedPack
from ..loader import load_pack, pack_from_text
from ..resources import shipped_rules_dir
from .models import PackVersion

__all__ = ["available_pack_files", "freeze_pack", "loaded_pack"]

_LOADED: dict[str, LoadedPack] = {}


def loaded_pack(version: PackVersion) -> LoadedPack:
    """The frozen pack, loaded (cached by its sha256: the same text is the same pack)."""
    pack = _LOADED.get(version.sha256)
    if pack is None:
        pack = _LOADED[version.sha256] = pack_from_text(version.text, f"{version.pack_id}.yaml")
    return pack


def freeze_pack(path: Path) -> PackVersion:
    """Store the pack file ``path`` (checked by the loader) unless the same text is stored."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    pack = _LOADED.get(sha)
    if pack is None:
        pack = _LOADED[sha] = load_pack(path)
    text = data.decode("utf-8")
    meta = pack.model.pack
    version, _ = PackVersion.objects.get_or_create(
        sha256=pack.sha256,
        defaults={
            "pack_id": meta.id,
            "revision": meta.revision,
            "title": meta.title,
            "year": meta.year,
            "text": text,
        },
    )
    return version


def available_pack_files() -> list[Path]:
    """The rule packs that can be used to open a year: the working folder's ``rules/``, then the
    packs shipped with parscore."""
    seen: set[str] = set()
    out: list[Path] = []
    for folder in (Path.cwd() / "rules", shipped_rules_dir()):
        if folder is None or not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            if path.name not in seen:
                seen.add(path.name)
                out.append(path)
    return out
