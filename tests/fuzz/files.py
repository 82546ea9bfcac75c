"""The real inputs the fuzz tests start from, and a place to write each mutated one."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from parscore.compiled import LoadedPack
from parscore.loader import load_pack

from ..conftest import DATA, ROOT

__all__ = ["EVIDENCE", "PACKS", "PACK_CASES", "loaded", "written"]

PACKS: tuple[Path, ...] = (*sorted((ROOT / "rules").glob("*.yaml")), DATA / "sample-pack.yaml")
PACK_CASES: tuple[Path, ...] = tuple(sorted((ROOT / "rules" / "tests").glob("*/*.yaml")))
# each evidence file with the pack it is scored under
EVIDENCE: tuple[tuple[Path, Path], ...] = (
    (ROOT / "evidence" / "dan-tien-2025.yaml", ROOT / "rules" / "2025.yaml"),
    (ROOT / "evidence" / "ha-chau-2023.yaml", ROOT / "rules" / "2023.yaml"),
    (DATA / "sample-commune.yaml", DATA / "sample-pack.yaml"),
)


@cache
def loaded(path: Path) -> LoadedPack:
    """A real pack, loaded once per test session."""
    return load_pack(path)


@contextmanager
def written(name: str, text: str) -> Iterator[Path]:
    """``text`` written (UTF-8, whatever it holds) as ``name`` in a fresh folder."""
    with tempfile.TemporaryDirectory(prefix="parscore-fuzz-") as folder:
        path = Path(folder) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        yield path
