"""parscore.pack_index: a pack's id from the first lines of its file, with a full parse on doubt."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from parscore.errors import UsageError
from parscore.loader import find_pack
from parscore.pack_index import header_pack_id, pack_id_of
from parscore.yamlio import load_yaml

from .conftest import DATA, ROOT


@pytest.mark.parametrize("path", sorted((ROOT / "rules").glob("*.yaml")))
def test_header_id_is_the_parsed_id_of_every_bundled_pack(path: Path) -> None:
    assert header_pack_id(path) == load_yaml(path).data["pack"]["id"]


@pytest.mark.parametrize(
    "text",
    [
        "pack: {id: x/y/1, title: T}\n",  # flow mapping
        "pack:\n  id: !!str x/y/1\n",  # a tag
        "pack:\n  id: &a x/y/1\n",  # an anchor
        '---\npack:\n  id: "x/y/1"\n',  # a document marker
        'pack:\n  id: "x\\u0041"\n',  # an escape
        "pack:\n\tid: x/y/1\n",  # a tab
        "pack:\n  title: T\nrules: []\n",  # no id in the pack block
        "commune: X\npack: x/y/1\n",  # an evidence file names a pack; it is not one
        "pack:\n  id: x/y/1 :\n",  # not a plain value
    ],
)
def test_doubt_means_no_header_id(tmp_path: Path, text: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(text, encoding="utf-8")
    assert header_pack_id(path) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("# c\n\npack:\n  # c\n  title: T\n  id: a/b/1  # c\n", "a/b/1"),
        ("pack:\n  id: 'a/b/1'\n", "a/b/1"),
        ('pack:\r\n  id: "a/b/1"\r\n', "a/b/1"),
    ],
)
def test_plain_headers(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert header_pack_id(path) == expected


def test_pack_id_of_falls_back_to_parsing_and_follows_changes(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text("pack: {id: a/b/1}\n", encoding="utf-8")
    assert pack_id_of(path) == "a/b/1"  # a flow mapping: parsed in full
    path.write_text("pack: {id: a/b/22}\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    assert pack_id_of(path) == "a/b/22"  # a changed file is read again
    path.write_text("pack: [\n", encoding="utf-8")
    assert pack_id_of(path) is None  # not a readable pack
    assert pack_id_of(tmp_path / "missing.yaml") is None


def test_find_pack_uses_ids_and_lists_them_when_not_found(tmp_path: Path) -> None:
    folder = tmp_path / "rules"
    folder.mkdir()
    (folder / "a.yaml").write_bytes((DATA / "sample-pack.yaml").read_bytes())
    (folder / "b.yaml").write_text("pack: {id: khac/xa/2025}\n", encoding="utf-8")
    assert find_pack("mau/xa/2025", [folder]) == folder / "a.yaml"
    assert find_pack("khac/xa/2025", [folder]) == folder / "b.yaml"
    with pytest.raises(UsageError) as info:
        find_pack("mau/xa/2030", [folder])
    assert "mau/xa/2025" in info.value.issues[0].hint
