"""The rule packs carry the seed plans faithfully: codes, requirements, owners, partners, deadlines.

The facts of each seed plan are kept in the repository as test data (``tests/data/seeds/*.yaml``,
cells as the plan writes them, with the plan named), so these tests run in a fresh clone and never
skip. Cells are compared whole (after NFC, one space between words and case folding). Packs are read
with plain ``yaml.safe_load`` so the tests do not depend on the engine.

Plan -> pack: Hà Châu 2023 -> rules/2023.yaml, Thái Nguyên 2024 -> rules/2024.yaml, Dân Tiến 2025 ->
rules/2025.yaml (appendix tables with codes); Nghiên Loan 2026–2030 -> rules/2026.yaml (goals by
reform area, no codes); Quảng Sơn 2025 -> rules/lam-dong-2025.yaml (appendix rows by reform area, no
codes: the data names the criteria each row maps to).
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "tests" / "data" / "seeds"
TABLE_PLANS = ("ha-chau-2023", "thai-nguyen-2024", "dan-tien-2025")
PACK_FILES = ("2023", "2024", "2025", "2026", "lam-dong-2025")

# Rows that are outcomes of the whole province or PCI targets: carried as tracked leaves (no points).
TRACKED_PREFIXES = ("8.2", "8.3", "8.4", "8.5", "9.")
DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


# -- helpers -------------------------------------------------------------------------------------


def norm(text: Any) -> str:
    """NFC, one space between words, no leading bullet, case-folded."""
    s = unicodedata.normalize("NFC", str(text or "")).replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip()
    s = re.sub(r"^[-–]\s*", "", s)
    return s.casefold()


def requirement(text: Any) -> str:
    """A requirement cell: bullets ("- ") at its start or after a sentence are layout, not words."""
    return re.sub(r"(?:^|(?<=[.;:]))\s*[-–]\s+", " ", norm(text)).strip()


def agencies(text: Any) -> str:
    """An agency cell as its words in order: separators (, ; . - bullets) are layout."""
    return " ".join(re.sub(r"[,;.\-–]", " ", norm(text)).split())


@cache
def seed(name: str) -> dict[str, Any]:
    with (SEEDS / f"{name}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


@cache
def load_pack(stem: str) -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with (ROOT / "rules" / f"{stem}.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.load(fh, Loader=loader)
    return data


def pack_of(plan: dict[str, Any]) -> dict[str, Any]:
    return load_pack(Path(plan["pack"]).stem)


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


def deadline_text(value: Any) -> str:
    """A pack deadline as the plan writes it: a date as d/m/yyyy, text as it is."""
    if hasattr(value, "year"):
        return f"{value.day}/{value.month}/{value.year}"
    return str(value or "")


def same_deadline(cell: str, value: Any) -> bool:
    """The same text; or, where the pack keeps a date, the cell's one date ("Trong ngày 31/12/2025")."""
    dates = DATE.findall(cell)
    if hasattr(value, "year") and len(dates) == 1:
        d, m, y = (int(x) for x in dates[0])
        return deadline_text(value) == f"{d}/{m}/{y}"
    return norm(cell) == norm(deadline_text(value))


# -- every plan's document is named in its pack -------------------------------------------------

ALL_PLANS = (*TABLE_PLANS, "nghien-loan-2026", "quang-son-2025")


@pytest.mark.parametrize("name", ALL_PLANS)
def test_pack_names_the_plan_document(name: str) -> None:
    """Users read the plan's title; its file name is kept for developers only (``file``)."""
    plan = seed(name)
    documents = pack_of(plan)["pack"]["documents"]
    document = documents[plan["document"]]
    assert document["title"] == plan["plan"]
    assert plan["seed_file"] in document["file"]


# -- table plans (2023, 2024, 2025) -------------------------------------------------------------


@pytest.mark.parametrize("name", TABLE_PLANS)
def test_every_plan_code_is_a_criterion(name: str) -> None:
    plan = seed(name)
    assert len(plan["rows"]) >= 40
    present = nodes(pack_of(plan))
    missing = [r["code"] for r in plan["rows"] if r["code"] not in present]
    assert not missing, f"{plan['pack']} lacks codes of {plan['plan']}: {missing}"


@pytest.mark.parametrize("name", TABLE_PLANS)
def test_roman_fields_map_to_field_codes(name: str) -> None:
    """Field I, II… becomes the field code its own rows use (Dân Tiến 2025: II -> "3")."""
    plan = seed(name)
    top = {n["code"] for n in pack_of(plan)["criteria"]}
    for field in plan["fields"]:
        assert field["code"] in top, f"{plan['plan']}: field {field['field']} -> {field['code']}"


@pytest.mark.parametrize("name", TABLE_PLANS)
def test_rows_keep_requirement_agencies_and_deadline_whole(name: str) -> None:
    plan = seed(name)
    present = nodes(pack_of(plan))
    problems = []
    for row in plan["rows"]:
        code, node = row["code"], present[row["code"]]
        if not (row["requirement"] or row["deadline"] or row["owner"]):
            continue  # a group header: an inner node (or a leaf where the plan has no cells)
        if "children" in node:
            problems.append(f"{code}: a row with a requirement must be a leaf")
            continue
        if row["requirement"] and requirement(row["requirement"]) not in requirement(
            node.get("target")
        ):
            problems.append(f"{code}: target lacks the requirement cell {row['requirement']!r}")
        if row["owner"] and agencies(node.get("owner")) != agencies(row["owner"]):
            problems.append(f"{code}: owner {node.get('owner')!r} vs plan {row['owner']!r}")
        if row["partners"]:
            joined = agencies(", ".join(node.get("partners") or []))
            if joined != agencies(row["partners"]):
                problems.append(f"{code}: partners {node.get('partners')!r} vs {row['partners']!r}")
        if row["deadline"] and not same_deadline(row["deadline"], node.get("deadline")):
            problems.append(f"{code}: deadline {node.get('deadline')!r} vs {row['deadline']!r}")
    assert not problems, f"{plan['plan']}:\n" + "\n".join(problems)


@pytest.mark.parametrize("name", TABLE_PLANS)
def test_province_outcomes_and_pci_are_tracked(name: str) -> None:
    plan = seed(name)
    present = nodes(pack_of(plan))
    for row in plan["rows"]:
        if row["code"].startswith(TRACKED_PREFIXES):
            node = present[row["code"]]
            assert node.get("tracked") is True, f"{row['code']} should be tracked (no points)"
            assert Decimal(str(node["max"])) == 0, f"{row['code']} is tracked but has points"


@pytest.mark.parametrize("name", TABLE_PLANS)
def test_rows_cite_their_plan(name: str) -> None:
    plan = seed(name)
    present = nodes(pack_of(plan))
    for row in plan["rows"]:
        source = present[row["code"]].get("source") or {}
        assert source.get("doc") == plan["document"], f"{row['code']}: source.doc"
        assert row["code"] in source.get("ref", ""), f"{row['code']}: source.ref names the row"


# -- Nghiên Loan 2026–2030 (goals, no codes) ------------------------------------------------------

AREA_FIELDS = {
    "Cải cách thể chế": "2",
    "Cải cách thủ tục hành chính": "3",
    "Cải cách tổ chức bộ máy hành chính nhà nước": "4",
    "Cải cách chế độ công vụ": "5",
    "Cải cách tài chính công": "6",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số": "7",
}


def test_2026_has_a_field_per_reform_area() -> None:
    areas = {a["area"]: a for a in seed("nghien-loan-2026")["areas"]}
    assert set(areas) == set(AREA_FIELDS)
    fields = {n["code"]: n for n in load_pack("2026")["criteria"]}
    for area, code in AREA_FIELDS.items():
        assert norm(area) in norm(fields[code]["title"]), (code, fields[code]["title"])


def test_2026_carries_every_2030_goal_verbatim() -> None:
    texts = " | ".join(
        norm(n.get("target")) + " | " + norm(n.get("note"))
        for n in nodes(load_pack("2026")).values()
    )
    missing = [
        f"{area['area']}: {goal}"
        for area in seed("nghien-loan-2026")["areas"]
        for goal in area["goals"]
        if norm(goal) not in texts
    ]
    assert len(seed("nghien-loan-2026")["areas"]) == 6
    assert not missing, "2030 goals not found in rules/2026.yaml:\n" + "\n".join(missing)


def test_2026_cites_the_plan() -> None:
    cited = [
        n
        for n in nodes(load_pack("2026")).values()
        if (n.get("source") or {}).get("doc") == "nghien-loan-2026"
    ]
    assert len(cited) >= 30


# -- Quảng Sơn 2025 (Lâm Đồng): appendix rows and goals -----------------------------------------


def _quang_son_rows() -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = seed("quang-son-2025")["rows"]
    return rows


def test_quang_son_rows_map_to_leaves_in_the_plans_fields() -> None:
    """Section I…VII of the appendix is field 1…7 of the pack, in the plan's order."""
    pack = load_pack("lam-dong-2025")
    present = nodes(pack)
    romans = [f["field"] for f in seed("quang-son-2025")["fields"]]
    assert romans == ["I", "II", "III", "IV", "V", "VI", "VII"]
    titles = [n["title"] for n in pack["criteria"]]
    for i, field in enumerate(seed("quang-son-2025")["fields"]):
        assert norm(titles[i]).startswith(norm(field["title"])[:20]), (field, titles[i])
    mapped = set()
    for row in _quang_son_rows():
        for code in row["codes"]:
            assert code in present and "children" not in present[code], code
            assert code.split(".")[0] == str(romans.index(row["section"]) + 1), (row, code)
            mapped.add(code)
    assert len(_quang_son_rows()) >= 50


def test_quang_son_products_are_required_evidence_whole() -> None:
    present = nodes(load_pack("lam-dong-2025"))
    problems = []
    for row in _quang_son_rows():
        if not row["product"]:
            continue
        for code in row["codes"]:
            titles = [norm(e["title"]) for e in present[code].get("evidence") or []]
            if norm(row["product"]) not in titles:
                problems.append(f"{code}: product {row['product']!r} not in evidence")
    assert not problems, "\n".join(problems)


def test_quang_son_owners_partners_deadlines_and_follow_up_whole() -> None:
    """A leaf's first row gives its owner, partners and deadline; later rows of the same leaf
    (more products of one task) are named in its note; every follow-up cell is in the note."""
    present = nodes(load_pack("lam-dong-2025"))
    seen: set[str] = set()
    problems = []
    for row in _quang_son_rows():
        for code in row["codes"]:
            node = present[code]
            note = norm(node.get("note"))
            if code not in seen:
                if row["owner"] and agencies(node.get("owner")) != agencies(row["owner"]):
                    problems.append(f"{code}: owner {node.get('owner')!r} vs {row['owner']!r}")
                joined = agencies(", ".join(node.get("partners") or []))
                if row["partners"] and joined != agencies(row["partners"]):
                    problems.append(f"{code}: partners {joined!r} vs {row['partners']!r}")
                if row["deadline"] and not same_deadline(row["deadline"], node.get("deadline")):
                    problems.append(
                        f"{code}: deadline {node.get('deadline')!r} vs {row['deadline']!r}"
                    )
            else:
                for key in ("owner", "partners", "deadline"):
                    if row[key] and norm(row[key]) not in note + " | " + norm(node.get(key)):
                        problems.append(f"{code}: {key} {row[key]!r} of a later row not in note")
            if row["follow"] and norm(row["follow"]) not in note:
                problems.append(f"{code}: follow-up {row['follow']!r} not in note")
            seen.add(code)
        for code in row.get("deadline_codes", []):
            node = present[code]
            if not same_deadline(row["deadline"], node.get("deadline")):
                problems.append(f"{code}: deadline {node.get('deadline')!r} vs {row['deadline']!r}")
            if agencies(node.get("owner")) != agencies(row["owner"]):
                problems.append(f"{code}: owner {node.get('owner')!r} vs {row['owner']!r}")
    assert not problems, "\n".join(problems)


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=\.)\s+(?=[0-9A-ZĐÀ-Ỹ])", text) if s.strip()]


def test_quang_son_goals_are_targets_verbatim() -> None:
    """Every sentence of the plan's goals (section I, "a) Mục tiêu") is some leaf's target."""
    targets = " | ".join(norm(n.get("target")) for n in nodes(load_pack("lam-dong-2025")).values())
    goals = seed("quang-son-2025")["goals"]
    assert len(goals) >= 25
    missing = [
        f"{g['area']}: {sentence}"
        for g in goals
        for sentence in _sentences(g["text"])
        if norm(sentence) not in targets
    ]
    assert not missing, "goals of the Quảng Sơn plan not found as targets:\n" + "\n".join(missing)


def test_lam_dong_never_borrows_thai_nguyen_targets() -> None:
    """Lâm Đồng's thresholds are the Quảng Sơn plan's own: no source cites a Thái Nguyên plan."""
    pack = load_pack("lam-dong-2025")
    assert set(pack["pack"]["documents"]) == {"quang-son-2025", "par-2024"}
    for node in nodes(pack).values():
        assert "Thái Nguyên" not in str(node.get("source")), node["code"]
        assert "Thái Nguyên" not in str(node.get("target")), node["code"]


# -- all packs: the shape the loader insists on, checked without the engine --------------------


@pytest.mark.parametrize("stem", PACK_FILES)
def test_pack_sums_and_sources(stem: str) -> None:
    pack = load_pack(stem)
    meta = pack["pack"]

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

    assert check(pack["criteria"]) == Decimal(str(meta["total"]))
    statuses = {n["source"]["status"] for n in nodes(pack).values()}
    assert statuses <= {"official", "borrowed", "derived", "assumed"}
    assert "official" not in statuses, "no value of any pack comes from its own decision yet"
    assert meta["status"] == "provisional"


@pytest.mark.parametrize("year", [2023, 2024, 2025, 2026])
def test_thai_nguyen_chain(year: int) -> None:
    meta = load_pack(str(year))["pack"]
    assert meta["id"] == f"thai-nguyen/xa/{year}"
    assert meta.get("replaces") == (None if year == 2023 else f"thai-nguyen/xa/{year - 1}")
