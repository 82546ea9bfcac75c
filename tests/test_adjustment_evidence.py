"""Bonus and penalty items may require documents (``evidence:``, written as a criterion's). A bonus
whose required documents are not all there is not counted under strict evidence (appraisal), as a
criterion's points are not, and is flagged "at risk" otherwise; a penalty is always counted: it is
the appraisers' finding against the commune, which the commune's documents cannot undo.

Hand-worked on the staged sample (tests/data/staged): the criteria give 17.5 of 20 → 87.5 (no
criterion requires documents, so strict evidence leaves them alone). Items: T1 +1.5, T2 +1
(bonus capped at 2), V1 −1, V2 −1 (penalty capped at 3). Here T1 requires a decision
(``quyet_dinh``) and V1 a record (``bien_ban``)."""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from parscore.cli.main import main
from parscore.compiled import LoadedPack
from parscore.forms.reader import read_form
from parscore.forms.workbook import build_form
from parscore.loader import evidence_from_data, pack_from_text
from parscore.scoring import score
from parscore.totals import score_totals
from parscore.yamlio import YamlDocument

from .adjustment_helpers import (
    DECISION,
    RECORD,
    STAGED,
    item_doc,
    item_evidence,
    item_files,
    item_pack_text,
)


@pytest.fixture(scope="module")
def pack() -> LoadedPack:
    return pack_from_text(item_pack_text(), "pack.yaml")


@pytest.mark.parametrize(
    ("documents", "strict", "bonus", "penalty", "expected"),
    [
        ([], False, "2", "2", "87.5"),  # 2.5 capped at 2, T1 at risk: 87.5 + 2 − 2
        ([], True, "1", "2", "86.5"),  # T1 left out: T2 alone; V1 counted all the same
        ([item_doc("quyet_dinh")], True, "2", "2", "87.5"),  # the decision is there
        ([item_doc("bao_cao")], True, "1", "2", "86.5"),  # a report is not the decision asked for
        ([item_doc(None)], True, "1", "2", "86.5"),  # nor a document of no kind
        ([item_doc("quyet_dinh", "T2")], True, "1", "2", "86.5"),  # it supports another item
    ],
)
def test_a_bonus_counts_under_strict_evidence_only_with_its_documents(
    pack: LoadedPack,
    documents: list[dict[str, Any]],
    strict: bool,
    bonus: str,
    penalty: str,
    expected: str,
) -> None:
    evidence = item_evidence(pack, documents=documents)
    result = score(pack, evidence, strict_evidence=strict)
    t = result.total
    assert (t.bonus, t.penalty, t.score) == (D(bonus), D(penalty), D(expected))
    totals = score_totals(pack, evidence, strict_evidence=strict).total  # batch: the same
    assert (totals.bonus, totals.penalty, totals.score) == (t.bonus, t.penalty, t.score)


def test_each_claimed_item_says_whether_its_documents_are_there(pack: LoadedPack) -> None:
    lines = {a.code: a for a in score(pack, item_evidence(pack), strict_evidence=True).adjustments}
    t1, t2, v1 = lines["T1"], lines["T2"], lines["V1"]
    assert (t1.required, t1.missing, t1.counted, t1.at_risk) == (1, (DECISION,), False, False)
    assert (t2.required, t2.missing, t2.counted) == (0, (), True)  # requires nothing
    assert (v1.required, v1.missing, v1.counted) == (1, (RECORD,), True)  # a penalty counts
    relaxed = score(pack, item_evidence(pack)).adjustments
    assert [(a.code, a.counted, a.at_risk) for a in relaxed if a.missing] == [
        ("T1", True, True),  # counted in a self-assessment, lost at appraisal
        ("V1", True, False),
    ]


def test_json_result_gives_each_items_documents_as_a_criterions(pack: LoadedPack) -> None:
    evidence = item_evidence(pack, documents=[item_doc("bien_ban", "V1", "bb-2")])
    data = score(pack, evidence, strict_evidence=True).to_dict()["adjustments"]
    t1 = data["bonus"]["items"][0]
    assert t1["evidence"] == {"required": 1, "found": 0, "missing": [DECISION], "documents": []}
    assert t1["counted"] is False
    assert (data["bonus"]["listed"], data["bonus"]["counted"]) == ("2.5", "1")
    v1 = data["penalty"]["items"][0]
    assert v1["evidence"] == {"required": 1, "found": 1, "missing": [], "documents": ["bb-2"]}
    assert v1["counted"] is True and v1["documents"] == ["bb-2"]


def test_appraisal_rounds_leave_out_the_bonus_as_the_computed_total_does(
    pack: LoadedPack,
) -> None:
    """The staged commune's rounds: round 2 (official) 17.5 → 87.5 + 2 − 2 = 87.5; under strict
    evidence, without the decision T1 is not counted: 87.5 + 1 − 2 = 86.5."""
    commune = (STAGED / "commune.yaml").read_text(encoding="utf-8")
    doc = YamlDocument(file="<t>", data=__import__("yaml").safe_load(commune), positions={})
    evidence = evidence_from_data(doc, pack)
    assert score(pack, evidence).official.score == D("87.5")
    strict = score(pack, evidence, strict_evidence=True)
    assert strict.official_stage == "round_2"
    assert (strict.official.bonus, strict.official.score) == (D(1), D("86.5"))
    assert strict.stages["round_1"].score == D("76.5")  # 15.5 → 77.5 + 1 − 2
    batch = score_totals(pack, evidence, strict_evidence=True)
    assert batch.official.score == D("86.5")


def test_score_and_explain_say_why_the_bonus_is_not_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack, commune = item_files(tmp_path)
    assert main(["score", str(commune), "--pack", str(pack), "--strict-evidence"]) == 0
    out = capsys.readouterr().out
    # T2's 1 point is counted either way: the cap of 2 leaves T1 1 of its 1.5 (the planner's
    # words for its fix)
    assert (
        "Điểm thưởng: +1; điểm trừ: −2 (87,5 + 1 − 2 = 86,5; 1 điểm thưởng của mục T1 (mục T1"
        " được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 2 điểm) không được tính khi thẩm định:"
        f" thiếu tài liệu kiểm chứng {DECISION})" in out
    )
    assert main(["score", str(commune), "--pack", str(pack)]) == 0
    assert (
        "87,5 + 2 − 2 = 87,5; các mục thưởng cộng lại 2,5 điểm, chỉ tính tối đa 2 điểm; 1 điểm"
        " thưởng của mục T1 (mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 2 điểm) có"
        " nguy cơ không được tính khi thẩm định" in capsys.readouterr().out
    )
    args = ["explain", str(commune), "T1", "--pack", str(pack), "--strict-evidence"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert f"Tài liệu kiểm chứng phải có: {DECISION}" in out
    assert "Tài liệu kiểm chứng: cần 1, có 0 (tài liệu: chưa có)" in out
    assert f"  Còn thiếu: {DECISION}" in out
    assert "→ Không được tính khi thẩm định: thiếu tài liệu kiểm chứng" in out
    assert main(["explain", str(commune), "V1", "--pack", str(pack), "--strict-evidence"]) == 0
    assert "→ Điểm trừ vẫn được tính dù thiếu tài liệu kiểm chứng" in capsys.readouterr().out


def test_reports_show_an_items_missing_documents(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from .report_helpers import cell_texts, docx_tables, parse_html

    pack, commune = item_files(tmp_path)
    written = {}
    for suffix in (".html", ".md", ".docx"):
        out = tmp_path / f"bao-cao{suffix}"
        args = ["report", str(commune), "--pack", str(pack), "--strict-evidence", "-o", str(out)]
        assert main(args) == 0
        written[suffix] = out.read_bytes()
    page = parse_html(written[".html"].decode("utf-8"))
    table = page.find("table", class_="trace adjustments")
    rows = {r.attrs["data-code"]: cell_texts(r) for r in table.find("tbody").find_all("tr")}
    assert rows["T1"][-1] == f"Cần 1, có 0 Còn thiếu: {DECISION}"
    assert rows["T1"][-2].startswith(f"Bổ sung {DECISION}")  # "Cách nâng điểm": see below
    assert rows["T1"][-3].endswith(
        f"Không được tính khi thẩm định: thiếu tài liệu kiểm chứng {DECISION}"
    )
    assert rows["V1"][-3].endswith("Điểm trừ vẫn được tính dù thiếu tài liệu kiểm chứng: " + RECORD)
    assert rows["T2"][-1] == "—"
    md = written[".md"].decode("utf-8")
    assert "– Sáng kiến Một cửa số (không được tính khi thẩm định" in md
    assert "\n- **T2** Được Bộ" in md  # each item on its own line
    t1 = md[md.index("**T1.") : md.index("**T2.")]
    assert f"- Tài liệu kiểm chứng phải có: cần 1, có 0; còn thiếu: {DECISION}" in t1
    assert "- **Không được tính khi thẩm định" in t1
    [word] = [t for t in docx_tables(written[".docx"]) if t[0][:2] == ["Mã", "Mục"]]
    t1_row = next(row for row in word if row[0] == "T1")
    assert t1_row[-1] == f"Cần 1, có 0\nCòn thiếu: {DECISION}"


def test_the_form_offers_and_reads_the_kind_a_bonus_requires(pack: LoadedPack) -> None:
    """A decision supporting T1 was PS806 ("a kind the pack never asks for") when only criteria
    asked for kinds."""
    evidence = item_evidence(pack, documents=[item_doc("quyet_dinh")])
    book = openpyxl.load_workbook(io.BytesIO(build_form(pack, evidence)))
    assert book["Tài liệu"]["B2"].value == "Quyết định"
    rows = {r[0].value: r for r in book["Điểm thưởng, điểm trừ"].iter_rows(min_row=2)}
    assert rows["T1"][2].value == (
        "Sáng kiến chuyển đổi số được cấp tỉnh công nhận\nTài liệu kiểm chứng cần có:"
        f" {DECISION} (Quyết định) (thiếu thì không được tính khi thẩm định)"
    )
    assert rows["V1"][2].value.endswith("(Biên bản) (điểm trừ vẫn tính dù thiếu)")
    assert rows["T2"][2].value == "Được Bộ, ngành trung ương khen thưởng về chuyển đổi số"
    back, _ = read_form(build_form(pack, evidence), "xa.xlsx", pack)
    assert back.model.documents == evidence.model.documents
    assert score(pack, back, strict_evidence=True).total.bonus == D(2)


def test_a_changed_item_requirement_is_a_pack_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pack, _ = item_files(tmp_path)
    assert main(["diff", str(STAGED / "pack.yaml"), str(pack), "--format", "json"]) == 0
    changes = json.loads(capsys.readouterr().out)["changes"]
    fields = {c.get("field") for c in changes if c["kind"] == "pack_changed"}
    assert {"adjustments.bonus.items.T1", "adjustments.penalty.items.V1"} <= fields
    assert main(["diff", str(STAGED / "pack.yaml"), str(pack)]) == 0
    out = capsys.readouterr().out
    assert (
        "Điểm thưởng – mục T1: tài liệu kiểm chứng (không có) → Quyết định công nhận sáng kiến"
        " của UBND tỉnh (Quyết định)" in out
    )
    assert f"Điểm trừ – mục V1: tài liệu kiểm chứng (không có) → {RECORD} (Biên bản)" in out


def test_one_check_of_required_documents_for_criteria_and_items() -> None:
    """Each document meets one requirement; a kind asks for a document of that kind."""
    from parscore.model.evidence import Document
    from parscore.model.pack import EvidenceRequirement as Req
    from parscore.required_documents import documents_check

    required = [Req(kind="quyet_dinh", title="Quyết định"), Req(title="Bất kỳ văn bản nào")]
    decision = Document(id="qd", title="QĐ", kind="quyet_dinh")
    report = Document(id="bc", title="BC", kind="bao_cao")
    assert documents_check(required, [decision]).missing == ("Bất kỳ văn bản nào",)
    assert documents_check(required, [report]).missing == ("Quyết định",)
    check = documents_check(required, [report, decision])
    assert (check.required, check.found, check.missing, check.documents) == (2, 2, (), ("bc", "qd"))
    assert documents_check([], [report]).documents == ("bc",)


@pytest.mark.parametrize("suffix", [".md", ".html", ".docx"])
def test_the_minutes_say_a_bonus_without_its_documents_is_not_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    from .report_helpers import docx_text

    pack, commune = item_files(tmp_path)
    out = tmp_path / f"bien-ban{suffix}"
    args = ["minutes", str(commune), "--pack", str(pack), "--strict-evidence", "-o", str(out)]
    assert main(args) == 0
    text = docx_text(out.read_bytes()) if suffix == ".docx" else out.read_text(encoding="utf-8")
    text = re.sub(r"</?span[^>]*>", "", text)  # (HTML: the reason keeps its lines in a span)
    assert (
        "Thưởng 1,5 điểm – Sáng kiến chuyển đổi số được cấp tỉnh công nhận: Sáng kiến Một cửa số"
        f" (không được tính khi thẩm định: thiếu tài liệu kiểm chứng {DECISION})." in text
    )


def test_a_wrong_kind_for_an_item_names_the_item_not_a_criterion(pack: LoadedPack) -> None:
    documents = [
        item_doc("thong_bao", "T1", "tb-1"),
        {"id": "tb-2", "title": "Văn bản", "kind": "thong_bao", "supports": ["V1", "1.1"]},
    ]
    warnings = item_evidence(pack, documents=documents).warnings
    first, second = (w for w in warnings if w.code == "W020")
    assert "(tài liệu cho mục điểm thưởng T1)" in first.message
    assert first.hint == "các mục đó cần loại: quyet_dinh (Quyết định)"
    assert "(tài liệu cho tiêu chí 1.1; mục điểm trừ V1)" in second.message
    assert second.hint.startswith("các tiêu chí, mục đó cần loại: ")


T1_HINT = (
    f"Bổ sung {DECISION} (tài liệu kiểm chứng mục điểm thưởng T1): để 1 điểm thưởng được cộng"
    "{both} khi thẩm định (mục T1 được 1,5 điểm, tổng điểm thưởng chỉ tính tối đa 2 điểm)"
    " ({gain}công sức 1)"
)


@pytest.mark.parametrize(
    ("strict", "hint"),
    [
        (True, T1_HINT.format(both="", gain="+1 điểm tổng, ")),  # appraisal: it adds 1
        (False, T1_HINT.format(both=" cả", gain="")),  # self-assessment: it keeps 1 of 1.5
    ],
)
def test_reports_say_how_to_have_a_bonus_counted_as_explain_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], strict: bool, hint: str
) -> None:
    """The table of items gets the criteria's "Cách nâng điểm": the planner's fix for a bonus
    missing its document, in the words ``explain T1`` uses (one source); other items get none."""
    from .report_helpers import cell_texts, docx_tables, parse_html

    pack, commune = item_files(tmp_path)
    flag = ["--strict-evidence"] if strict else []
    assert main(["explain", str(commune), "T1", "--pack", str(pack), *flag]) == 0
    assert capsys.readouterr().out.endswith(f"Để tăng điểm:\n  - {hint}\n")
    written = {}
    for suffix in (".html", ".md", ".docx"):
        out = tmp_path / f"bao-cao{suffix}"
        assert main(["report", str(commune), "--pack", str(pack), *flag, "-o", str(out)]) == 0
        written[suffix] = out.read_bytes()
    table = parse_html(written[".html"].decode("utf-8")).find("table", class_="trace adjustments")
    header = cell_texts(table.find("thead").find("tr"))
    assert header == ["Mã", "Mục", "Điểm", "Loại", "Lý do", "Cách nâng điểm", "Tài liệu kiểm chứng"]
    rows = {r.attrs["data-code"]: cell_texts(r) for r in table.find("tbody").find_all("tr")}
    assert {code: cells[5] for code, cells in rows.items()} == {
        "T1": hint,
        "T2": "—",  # requires nothing
        "V1": "—",  # a penalty: its documents cannot undo it
        "V2": "—",
    }
    md = written[".md"].decode("utf-8")
    items = md[md.index("**T1. ") :]
    assert items.count("- Cách nâng điểm: ") == 1
    assert f"- Cách nâng điểm: {hint}\n" in items[: items.index("**T2. ")]
    [word] = [t for t in docx_tables(written[".docx"]) if t[0][:2] == ["Mã", "Mục"]]
    assert word[0][5] == "Cách nâng điểm"
    assert {row[0]: row[5] for row in word[1:]} == {"T1": hint, "T2": "—", "V1": "—", "V2": "—"}


def test_no_hint_when_the_bonus_cap_leaves_the_item_nothing_to_add(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With a bonus cap of 1, T2 (1, no document required) fills it: T1's decision would add
    nothing, so neither ``explain`` nor the report suggests it (no "để 0 điểm thưởng")."""
    pack, commune = item_files(tmp_path)
    text = pack.read_text(encoding="utf-8")
    assert text.count("    max: 2\n") == 1
    pack.write_text(text.replace("    max: 2\n", "    max: 1\n"), encoding="utf-8")
    for flag in ([], ["--strict-evidence"]):
        assert main(["explain", str(commune), "T1", "--pack", str(pack), *flag]) == 0
        assert "Để tăng điểm" not in capsys.readouterr().out
        out = tmp_path / f"bao-cao{len(flag)}.md"
        assert main(["report", str(commune), "--pack", str(pack), *flag, "-o", str(out)]) == 0
        assert "Cách nâng điểm: " not in out.read_text(encoding="utf-8")


def test_a_pack_without_items_asks_for_no_item_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """The report's hints for items cost nothing for a pack without bonus or penalty items (and
    for the web's score panel, which shows no hints): no re-score is made for them."""
    import parscore.report.build as build
    from parscore.report.build import build_context

    from .report_helpers import CASES, load_case

    def refuse(*args: Any, **kwargs: Any) -> list[str]:
        raise AssertionError("item_hints called")

    monkeypatch.setattr(build, "item_hints", refuse)
    evidence, pack = load_case(CASES["full"])
    assert build_context(score(pack, evidence), pack, evidence).adjustments == ()
    staged, with_items = load_case(CASES["staged"])  # items, none missing a document
    assert not build_context(score(with_items, staged), with_items, staged).item_hints
    pack_t = pack_from_text(item_pack_text(), "pack.yaml")
    evidence_t = item_evidence(pack_t)  # T1 misses its decision: the panel still asks nothing
    panel = build_context(score(pack_t, evidence_t), pack_t, evidence_t, gaps=False)
    assert [a.hints for a in panel.adjustments] == [(), (), (), ()]
