"""Every criterion in the seed plans' appendix tables is in its year's rule pack.

The seed plans (Vietnamese commune and province plans, kept beside the repository in
``../shared/seeds``; set ``PARSCORE_SEEDS`` to use another folder) are the ground truth for
criterion codes, requirements, lead and coordinating agencies and deadlines. This test reads the
packs with plain ``yaml.safe_load`` so it does not depend on the engine.

Seed -> pack: 003 -> 2023 (Hà Châu), 004 -> 2024 (Thái Nguyên province), 000 -> 2025 (Dân Tiến),
002 -> 2026 (Nghiên Loan, targets for 2026-2030, no codes: its goals must be carried verbatim).
001 (Quảng Sơn, Lâm Đồng) has no codes and is not mapped.
"""

from __future__ import annotations

import os
import re
import unicodedata
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "rules"
SEEDS = Path(os.environ.get("PARSCORE_SEEDS", ROOT.parent / "shared" / "seeds"))

TABLE_SEEDS = {"003": 2023, "004": 2024, "000": 2025}
GOALS_SEED, GOALS_YEAR = "002", 2026

CODE_ROW = re.compile(r"^(\d+(?:\.\d+)+)\t")
FIELD_ROW = re.compile(r"^([IVX]+)\.?\t")
DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")

# Rows that are outcomes of the whole province or PCI targets: carried as tracked leaves (no points).
TRACKED_PREFIXES = ("8.2", "8.3", "8.4", "8.5", "9.")

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"seed plans not found in {SEEDS} (set PARSCORE_SEEDS)"
)


# -- helpers -------------------------------------------------------------------------------------


def norm(text: Any) -> str:
    """NFC, one space between words, no leading bullet, case-folded."""
    s = unicodedata.normalize("NFC", str(text)).replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^[-–]\s*", "", s)
    return s.casefold()


def agencies(text: Any) -> str:
    """Agency text compared loosely: ';' and '.' separators read as ','."""
    s = norm(text).replace(";", ",").replace(" - ", " – ")
    s = re.sub(r"\s*[-–]\s+(?=[a-zà-ỹđ])", " ", s)
    s = re.sub(r"\.\s*", ", ", s)
    return re.sub(r",\s*,", ",", s).strip(" ,")


def seed_file(prefix: str) -> Path:
    files = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert files, f"no seed file {prefix}_*.txt in {SEEDS}"
    return files[0]


@cache
def table_rows(prefix: str) -> list[list[str]]:
    """Rows of the appendix table that start with a criterion code or a Roman field number."""
    rows = []
    for line in seed_file(prefix).read_text(encoding="utf-8").splitlines():
        if CODE_ROW.match(line) or FIELD_ROW.match(line):
            parts = line.split("\t")
            rows.append([p.strip() for p in parts] + [""] * (6 - len(parts)))
    return rows


@cache
def load_pack(year: int) -> dict[str, Any]:
    """The pack as plain data (cached: tests only read it)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (RULES / f"{year}.yaml").open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=loader)


def nodes(pack: dict[str, Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}

    def walk(items: list[dict[str, Any]]) -> None:
        for item in items:
            code = item["code"]
            assert isinstance(code, str), f"code {code!r} must be a quoted string"
            assert code not in out, f"duplicate code {code}"
            out[code] = item
            walk(item.get("children") or [])

    walk(pack["criteria"])
    return out


def seed_codes(prefix: str) -> list[str]:
    return [r[0] for r in table_rows(prefix) if CODE_ROW.match(r[0] + "\t")]


# -- table seeds (2023, 2024, 2025) --------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "year"), sorted(TABLE_SEEDS.items()))
def test_every_seed_code_is_a_criterion(prefix: str, year: int) -> None:
    codes = seed_codes(prefix)
    assert len(codes) >= 40, (
        f"parsed only {len(codes)} codes from seed {prefix}: table format changed?"
    )
    present = nodes(load_pack(year))
    missing = [c for c in codes if c not in present]
    assert not missing, f"rules/{year}.yaml lacks seed {prefix} codes: {missing}"


@pytest.mark.parametrize(("prefix", "year"), sorted(TABLE_SEEDS.items()))
def test_roman_field_headers_map_to_field_codes(prefix: str, year: int) -> None:
    """Field I, II… becomes the field code its own rows use (Dân Tiến 2025: II -> "3")."""
    rows = table_rows(prefix)
    top = {n["code"] for n in load_pack(year)["criteria"]}
    for i, row in enumerate(rows):
        if not FIELD_ROW.match(row[0] + "\t"):
            continue
        following = next((r[0] for r in rows[i + 1 :] if CODE_ROW.match(r[0] + "\t")), None)
        assert following is not None, f"field {row[0]} of seed {prefix} has no rows"
        field = following.split(".")[0]
        assert field in top, f"seed {prefix} field {row[0]} ({row[1]}) -> code {field} missing"


@pytest.mark.parametrize(("prefix", "year"), sorted(TABLE_SEEDS.items()))
def test_rows_keep_requirement_agencies_and_deadline(prefix: str, year: int) -> None:
    present = nodes(load_pack(year))
    problems = []
    for code, _title, requirement, deadline, owner, partners in table_rows(prefix):
        if not CODE_ROW.match(code + "\t"):
            continue
        node = present[code]
        if not (requirement or deadline or owner):
            continue  # a group header: an inner node (or a leaf where the seed has no rows)
        if "children" in node:
            problems.append(f"{code}: seed row with a requirement must be a leaf")
            continue
        if requirement:
            want = norm(requirement)[:30]
            if want not in norm(node.get("target", "")):
                problems.append(f"{code}: target lacks seed wording {want!r}")
        if owner and not agencies(node.get("owner", "")).startswith(agencies(owner)[:12]):
            problems.append(f"{code}: owner {node.get('owner')!r} vs seed {owner!r}")
        if partners:
            joined = agencies(", ".join(node.get("partners") or []))
            if not joined.startswith(agencies(partners)[:12]):
                problems.append(f"{code}: partners {node.get('partners')!r} vs seed {partners!r}")
        if deadline:
            got = node.get("deadline")
            m = DATE.search(deadline)
            if m:
                d, mo, y = (int(x) for x in m.groups())
                if str(got) != f"{y:04d}-{mo:02d}-{d:02d}":
                    problems.append(f"{code}: deadline {got!r} vs seed {deadline!r}")
            elif norm(got) != norm(deadline):
                problems.append(f"{code}: deadline {got!r} vs seed {deadline!r}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(("prefix", "year"), sorted(TABLE_SEEDS.items()))
def test_province_outcomes_and_pci_are_tracked(prefix: str, year: int) -> None:
    present = nodes(load_pack(year))
    for code in seed_codes(prefix):
        if code.startswith(TRACKED_PREFIXES):
            node = present[code]
            assert node.get("tracked") is True, f"{code} should be tracked (no points)"
            assert Decimal(str(node["max"])) == 0, f"{code} is tracked but has points"


@pytest.mark.parametrize(("prefix", "year"), sorted(TABLE_SEEDS.items()))
def test_leaf_sources_cite_the_seed(prefix: str, year: int) -> None:
    present = nodes(load_pack(year))
    name = seed_file(prefix).name
    for code in seed_codes(prefix):
        node = present[code]
        source = node.get("source") or {}
        assert source.get("status") in {"official", "derived", "assumed"}, code
        assert name in source.get("ref", ""), f"{code}: source.ref should cite {name}"


# -- seed 002 (2026-2030 goals, no codes) ---------------------------------------------------------

AREA_FIELDS = {
    "Cải cách thể chế": "2",
    "Cải cách thủ tục hành chính": "3",
    "Cải cách tổ chức bộ máy hành chính nhà nước": "4",
    "Cải cách chế độ công vụ": "5",
    "Cải cách tài chính công": "6",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số": "7",
}


def goal_areas() -> dict[str, list[str]]:
    """Section II of seed 002: reform area title -> lines of 'a) Mục tiêu đến hết năm 2030'."""
    text = seed_file(GOALS_SEED).read_text(encoding="utf-8")
    section = text.split("II. MỤC TIÊU, NHIỆM VỤ CỤ THỂ")[1].split("IV. GIẢI PHÁP THỰC HIỆN")[0]
    parts = re.split(r"\n(\d)\. ", section)
    areas: dict[str, list[str]] = {}
    for i in range(1, len(parts), 2):
        body = parts[i + 1]
        title = body.splitlines()[0].strip()
        goals = body.split("a) Mục tiêu đến hết năm 2030")[1].split("b) Nhiệm vụ")[0]
        areas[title] = [line.strip() for line in goals.splitlines() if line.strip()]
    return areas


def test_2026_has_a_field_per_reform_area() -> None:
    areas = goal_areas()
    assert set(areas) == set(AREA_FIELDS), f"seed 002 areas changed: {sorted(areas)}"
    fields = {n["code"]: n for n in load_pack(GOALS_YEAR)["criteria"]}
    for area, code in AREA_FIELDS.items():
        assert code in fields, f"2026 pack lacks field {code} for '{area}'"
        assert norm(area) in norm(fields[code]["title"]), (code, fields[code]["title"])


def test_2026_carries_every_2030_goal_verbatim() -> None:
    texts = " | ".join(
        norm(n.get("target", "")) + " | " + norm(n.get("note", ""))
        for n in nodes(load_pack(GOALS_YEAR)).values()
    )
    missing = [
        f"{area}: {line}"
        for area, lines in goal_areas().items()
        for line in lines
        if norm(line) not in texts
    ]
    assert not missing, "goals of seed 002 not found in rules/2026.yaml:\n" + "\n".join(missing)


def test_2026_cites_seed_002() -> None:
    name = seed_file(GOALS_SEED).name
    pack = load_pack(GOALS_YEAR)
    cited = [n for n in nodes(pack).values() if name in (n.get("source") or {}).get("ref", "")]
    assert len(cited) >= 30, f"only {len(cited)} criteria of rules/2026.yaml cite {name}"


# -- all packs: the shape the loader insists on, checked without the engine --------------------


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_pack_sums_and_sources(year: int) -> None:
    pack = load_pack(year)
    meta = pack["pack"]
    assert meta["id"] == f"thai-nguyen/xa/{year}"
    assert meta.get("replaces") == (None if year == 2023 else f"thai-nguyen/xa/{year - 1}")

    def check(items: list[dict[str, Any]]) -> Decimal:
        total = Decimal(0)
        for item in items:
            assert item.get("source"), f"{item['code']} has no source"
            if item.get("children"):
                assert check(item["children"]) == Decimal(str(item["max"])), item["code"]
            else:
                assert "score" in item, f"{item['code']} has no score"
            total += Decimal(str(item["max"]))
        return total

    assert check(pack["criteria"]) == Decimal(str(meta["total"])) == 100
    statuses = {n["source"]["status"] for n in nodes(pack).values()}
    if statuses != {"official"}:
        assert meta["status"] == "provisional"
