"""parscore diff: text, Markdown, HTML and JSON; golden outputs; bad input is exit 2."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from parscore.cli.main import main

from .conftest import DATA, ROOT, SAMPLE_COMMUNE, SAMPLE_PACK, TESTS

GOLDEN = TESTS / "golden"
UPDATE = os.environ.get("PARSCORE_UPDATE_GOLDEN") == "1"
OLD = "tests/data/sample-pack.yaml"
NEW = "tests/data/sample-pack-2026.yaml"
COMMUNE = "tests/data/sample-commune.yaml"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {name}: run `make update-golden`"
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed: review, then `make update-golden`"
    )


@pytest.fixture()
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_golden_diff_of_the_2024_and_2025_packs(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(capsys, "diff", "rules/2024.yaml", "rules/2025.yaml")
    assert code == 0 and not err
    _golden("diff-2024-2025.txt", out)


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_golden_diff_of_the_sample_years_with_drift(
    at_root: None, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    code, out, err = _run(capsys, "diff", OLD, NEW, "--evidence", COMMUNE, "--format", fmt)
    assert code == 0 and not err
    if fmt == "json":
        # the pack hashes depend on the bytes of the files, line endings included: leave them out
        data = json.loads(out)
        for side in ("old", "new"):
            data[side].pop("sha256")
        out = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    _golden(f"diff-sample.{ {'text': 'txt'}.get(fmt, fmt) }", out)


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys,
        "diff",
        str(SAMPLE_PACK),
        str(DATA / "sample-pack-2026.yaml"),
        "--evidence",
        str(SAMPLE_COMMUNE),
        "--format",
        "json",
    )
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"old", "new", "changes", "drift"}
    assert data["old"]["id"] == "mau/xa/2025" and data["new"]["id"] == "mau/xa/2026"
    for change in data["changes"]:
        assert {"kind", "id", "code", "old", "new", "message"} <= set(change)
    (drift,) = data["drift"]
    assert {"commune", "file", "old", "new", "delta", "criteria", "missing_inputs"} <= set(drift)
    assert set(drift["old"]) == {
        "points",
        "points_display",
        "max",
        "applicable_max",
        "score",
        "band",
        "goal",
        "gap",
        "goal_met",
    }
    from decimal import Decimal

    total = sum((Decimal(c["delta"]) for c in drift["criteria"]), Decimal(0))
    assert total + Decimal(drift["rounding_effect"]) == Decimal(drift["delta"])
    assert Decimal(drift["new"]["score"]) - Decimal(drift["old"]["score"]) == Decimal(
        drift["delta"]
    )


def test_identical_packs_have_no_changes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "diff", str(SAMPLE_PACK), str(SAMPLE_PACK))
    assert code == 0 and "Hai gói quy tắc như nhau: không có thay đổi nào." in out
    code, out, _ = _run(capsys, "diff", str(SAMPLE_PACK), str(SAMPLE_PACK), "--format", "json")
    assert code == 0 and json.loads(out)["changes"] == []


def test_html_is_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = SAMPLE_PACK.read_text(encoding="utf-8").replace(
        "title: Hoàn thành Kế hoạch CCHC\n", 'title: "<script>alert(1)</script>"\n'
    )
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    code, out, _ = _run(capsys, "diff", str(SAMPLE_PACK), str(new), "--format", "html")
    assert code == 0
    assert "<script>" not in out and "&lt;script&gt;" in out


def test_markdown_table_cells_hold_a_hostile_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A criterion code is free text: in the drift table it is escaped like the title, so a pipe
    cannot add a column and a tag is not raw HTML in the rendered Markdown."""
    text = SAMPLE_PACK.read_text(encoding="utf-8").replace('code: "1.3"', 'code: "1.3<b>|x"')
    new = tmp_path / "new.yaml"
    new.write_text(text, encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "diff",
        str(SAMPLE_PACK),
        str(new),
        "--evidence",
        str(SAMPLE_COMMUNE),
        "--format",
        "md",
    )
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("| 1.3")]
    assert len(rows) == 2, out  # the added 1.3<b>|x and the removed 1.3
    for row in rows:
        assert len(re.split(r"(?<!\\)\|", row)) == 10, row  # eight cells between nine pipes
    assert "<b>" not in out


def test_a_renumbered_criterions_codes_stay_on_one_line_in_html(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """«3.2.3 → 3.2.2» wrapped onto three lines of the code column (seen in Chromium)."""
    code, out, _ = _run(
        capsys, "diff", "rules/2024.yaml", "rules/2025.yaml", "--evidence",
        "evidence/dan-tien-2025.yaml", "--format", "html",
    )  # fmt: skip
    assert code == 0
    assert '<td class="code">3.2.3 → 3.2.2</td>' in out
    assert re.search(r"td\.code \{ white-space: nowrap; \}", out)


def test_a_folder_of_communes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "xa"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        shutil.copy(SAMPLE_COMMUNE, folder / name)
    (folder / "ghi-chu.txt").write_text("không phải minh chứng", encoding="utf-8")
    code, out, _ = _run(
        capsys,
        "diff",
        str(SAMPLE_PACK),
        str(DATA / "sample-pack-2026.yaml"),
        "--evidence",
        str(folder),
        "--format",
        "json",
    )
    assert code == 0
    assert [Path(d["file"]).name for d in json.loads(out)["drift"]] == ["a.yaml", "b.yaml"]


def test_output_file_is_not_overwritten_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "diff.html"
    target.write_text("của tôi", encoding="utf-8")
    code, _, err = _run(
        capsys, "diff", str(SAMPLE_PACK), str(SAMPLE_PACK), "--format", "html", "-o", str(target)
    )
    assert code == 2 and "PS602" in err and target.read_text(encoding="utf-8") == "của tôi"
    code, _, _ = _run(
        capsys,
        "diff",
        str(SAMPLE_PACK),
        str(SAMPLE_PACK),
        "--format",
        "html",
        "-o",
        str(target),
        "--force",
    )
    assert code == 0 and target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_bad_inputs_are_exit_two_with_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "diff", "khong-co.yaml", "cung-khong-co.yaml")
    assert code == 2 and err.count("PS101") == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        SAMPLE_COMMUNE.read_text(encoding="utf-8").replace("online_rate: 80", "online_rate: cao"),
        encoding="utf-8",
    )
    code, _, err = _run(capsys, "diff", str(SAMPLE_PACK), str(SAMPLE_PACK), "--evidence", str(bad))
    assert code == 2 and "PS504" in err and "bad.yaml" in err and "Traceback" not in err
    empty = tmp_path / "rong"
    empty.mkdir()
    code, _, err = _run(
        capsys, "diff", str(SAMPLE_PACK), str(SAMPLE_PACK), "--evidence", str(empty)
    )
    assert code == 2 and "không có tệp minh chứng" in err


@pytest.mark.parametrize(
    ("name", "start"),
    [("so-sanh.html", "<!DOCTYPE html>"), ("so-sanh.md", "# So sánh"), ("so-sanh.json", "{")],
)
def test_without_format_the_output_file_name_chooses_it(
    at_root: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, start: str
) -> None:
    target = tmp_path / name
    code, _, _ = _run(capsys, "diff", OLD, NEW, "--evidence", COMMUNE, "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith(start)


def test_an_explicit_format_wins_over_the_file_name(
    at_root: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "so-sanh.txt.html"
    code, _, _ = _run(capsys, "diff", OLD, NEW, "--format", "text", "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("So sánh gói quy tắc\n")


@pytest.mark.parametrize("fmt", ["text", "md", "html", "json"])
def test_evidence_of_neither_pack_is_pointed_out(
    at_root: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    other = tmp_path / "xa-2019.yaml"
    other.write_text(
        (ROOT / COMMUNE)
        .read_text(encoding="utf-8")
        .replace("pack: mau/xa/2025", "pack: mau/xa/2019")
        .replace("year: 2025", "year: 2019"),
        encoding="utf-8",
    )
    code, out, _ = _run(
        capsys, "diff", OLD, NEW, "--evidence", COMMUNE, str(other), "--format", fmt
    )
    assert code == 0
    if fmt == "json":
        drifts = json.loads(out)["drift"]
        assert [d["evidence_pack"] for d in drifts] == ["mau/xa/2025", "mau/xa/2019"]
        return
    warning = "minh chứng này lập theo gói mau/xa/2019, không phải gói cũ hay gói mới"
    assert out.count(warning) == 1
    assert out.index(warning) > out.index("xa-2019.yaml")


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_a_scoring_change_without_a_new_revision_is_pointed_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    text = SAMPLE_PACK.read_text(encoding="utf-8")
    assert text.count("  revision: 1\n") == 1
    edits = {
        "points.yaml": (("{ min: 98,   points: 0.5 }", "{ min: 98,   points: 0.25 }"),),
        "points-bumped.yaml": (
            ("{ min: 98,   points: 0.5 }", "{ min: 98,   points: 0.25 }"),
            ("  revision: 1\n", "  revision: 2\n"),
        ),
        "title.yaml": (("title: Hoàn thành Kế hoạch CCHC\n", "title: Hoàn thành Kế hoạch\n"),),
    }
    warning = "hai gói cùng mã mau/xa/2025 và cùng lần sửa 1"
    for name, replacements in edits.items():
        edited = text
        for old, new in replacements:
            assert old in edited
            edited = edited.replace(old, new)
        path = tmp_path / name
        path.write_text(edited, encoding="utf-8")
        code, out, _ = _run(capsys, "diff", str(SAMPLE_PACK), str(path), "--format", fmt)
        assert code == 0
        assert (warning in out) == (name == "points.yaml"), name


@pytest.mark.parametrize("name", ["so-sanh.docx", "so-sanh.xlsx", "so-sanh.pdf"])
def test_an_output_name_diff_cannot_write_is_refused(
    at_root: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    """Text saved under a Word, Excel or PDF name would not open: the name is refused, exit 2."""
    target = tmp_path / name
    code, _, err = _run(capsys, "diff", OLD, NEW, "-o", str(target))
    assert code == 2 and "PS601" in err and name in err and ".html" in err
    assert not target.exists() and "Traceback" not in err


@pytest.mark.parametrize("name", ["so-sanh.txt", "so-sanh"])
def test_a_text_name_gets_text(
    at_root: None, tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    target = tmp_path / name
    code, _, _ = _run(capsys, "diff", OLD, NEW, "-o", str(target))
    assert code == 0 and target.read_text(encoding="utf-8").startswith("So sánh gói quy tắc\n")


def test_a_rule_pack_given_as_evidence_is_named_as_such(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """One located sentence (PS111), not every key a commune's file does not allow."""
    code, out, err = _run(capsys, "diff", OLD, NEW, "--evidence", COMMUNE, OLD)
    assert code == 2 and not out
    assert "PS111" in err and "gói quy tắc, không phải tệp minh chứng" in err
    assert "sample-pack.yaml" in err and "PS201" not in err and "PS202" not in err


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
@pytest.mark.parametrize(
    ("old", "new", "warning"),
    [
        ("rules/2025.yaml", "rules/2025.yaml", "gói cũ và gói mới là cùng một tệp"),
        (
            "rules/2025.yaml",
            "rules/lam-dong-2025.yaml",
            "hai gói của hai tỉnh khác nhau (gói cũ: Thái Nguyên; gói mới: Lâm Đồng)",
        ),
        ("rules/2025.yaml", "rules/2024.yaml", "gói cũ (năm 2025) mới hơn gói mới (năm 2024)"),
        ("rules/2024.yaml", "rules/2025.yaml", None),
    ],
)
def test_a_pair_that_reads_wrongly_is_pointed_out_first(
    at_root: None,
    capsys: pytest.CaptureFixture[str],
    fmt: str,
    old: str,
    new: str,
    warning: str | None,
) -> None:
    """The same file twice, two provinces' packs, or the newer pack given as the old one: said
    under the summary, before any change (the comparison itself still runs, exit 0)."""
    code, out, _ = _run(capsys, "diff", old, new, "--format", fmt)
    assert code == 0
    if warning is None:
        assert "Lưu ý: " not in out
        return
    assert out.count(warning) == 1
    assert out.index(warning) < out.index("thay đổi") + 400  # at the top, under the summary
    assert "Thông tin gói quy tắc" not in out[: out.index(warning)]


def test_json_names_each_packs_province(at_root: None, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(
        capsys, "diff", "rules/2025.yaml", "rules/lam-dong-2025.yaml", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and (data["old"]["province"], data["new"]["province"]) == (
        "Thái Nguyên",
        "Lâm Đồng",
    )


def test_html_shows_what_moves_scores_or_trust_first_and_folds_the_rest(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """607 rows in one table hid 30 threshold changes among 116 owner changes: the ones that
    move points, which pack it is, and a source's status stay open; the others are folded."""
    code, out, _ = _run(capsys, "diff", "rules/2023.yaml", "rules/2024.yaml", "--format", "html")
    assert code == 0
    folded = "".join(re.findall(r"<details class=\"rest\">.*?</details>", out, flags=re.S))
    shown = re.sub(r"<details class=\"rest\">.*?</details>", "", out, flags=re.S)
    assert "trạng thái nguồn: giả định → suy ra" in shown
    assert "Gói quy tắc – năm: 2023 → 2024" in shown
    assert "ngưỡng" in shown and "điểm tối đa" in shown
    assert "cơ quan chủ trì" in folded and "cơ quan chủ trì" not in shown
    assert "trích dẫn nguồn" in folded and "trích dẫn nguồn:" not in shown
    assert "thay đổi không làm thay đổi điểm" in folded


def test_html_writes_each_changed_scoring_rule_in_words_under_both_packs(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    """As the web comparison does: labels and Vietnamese numbers, not «prov_on_time_rate >
    99.78» and kind names."""
    code, out, _ = _run(capsys, "diff", "rules/2024.yaml", "rules/2025.yaml", "--format", "html")
    assert code == 0
    assert "<h2>Cách chấm điểm thay đổi ở 23 tiêu chí</h2>" in out
    row = out.split("<td>3.2.1 – ", 1)[1].split("</tr>", 1)[0]
    assert "Theo bậc của tỷ lệ «Số hồ sơ TTHC cấp tỉnh nói trên" in row
    assert "Lấy phương án có điểm cao nhất: (1) 2 điểm khi tỷ lệ" in row and "&gt; 99,78%" in row


def test_another_provinces_commune_is_named_with_its_province(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "diff", "rules/2024.yaml", "rules/2025.yaml", "--evidence",
        "evidence/quang-son-2025.yaml", "evidence/dan-tien-2025.yaml",
    )  # fmt: skip
    assert code == 0
    said = "(xã thuộc tỉnh Lâm Đồng: điểm theo quy tắc của tỉnh khác)"
    assert out.count(said) == 1
    assert out.index(said) > out.index("Quảng Sơn (evidence/quang-son-2025.yaml)")


def test_a_file_named_alone_and_in_its_folder_is_drifted_once(
    at_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(
        capsys, "diff", "rules/2024.yaml", "rules/2025.yaml", "--evidence",
        "evidence/dan-tien-2025.yaml", "evidence/", "--format", "json",
    )  # fmt: skip
    files = [d["file"] for d in json.loads(out)["drift"]]
    assert code == 0 and len(files) == 3 and files[0] == "evidence/dan-tien-2025.yaml"


@pytest.mark.parametrize(
    ("fmt", "shown"), [("text", "    mới: Lấy phương án"), ("md", "| Lấy phương án")]
)
def test_text_and_markdown_also_word_each_changed_rule_under_both_packs(
    at_root: None, capsys: pytest.CaptureFixture[str], fmt: str, shown: str
) -> None:
    code, out, _ = _run(capsys, "diff", "rules/2024.yaml", "rules/2025.yaml", "--format", fmt)
    assert code == 0 and "Cách chấm điểm thay đổi ở 23 tiêu chí" in out
    section = out.split("Cách chấm điểm thay đổi ở 23 tiêu chí", 1)[1]
    assert shown in section and "&gt; 99,78%" not in section and "> 99,78%" in section


@pytest.mark.parametrize("fmt", ["text", "md", "html"])
def test_what_neither_pack_can_use_is_said_once_for_both(
    at_root: None, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """Hà Châu's evidence of 2023 has values neither the 2024 nor the 2025 pack declares: each
    was listed twice, once a pack, the new pack's list after the old one's (the three sample
    communes: 201 such lines, 83 of them saying again what the old pack's list said)."""
    code, out, _ = _run(
        capsys, "diff", "rules/2024.yaml", "rules/2025.yaml", "--evidence",
        "evidence/ha-chau-2023.yaml", "--format", fmt,
    )  # fmt: skip
    assert code == 0
    both = "cả hai gói: số liệu cchc_trainings_invited – gói không khai báo đầu vào này"
    assert out.count(both) == 1
    assert "gói cũ: số liệu cchc_trainings_invited" not in out
    assert "gói mới: số liệu cchc_trainings_invited" not in out
    # what one pack alone cannot use still names it, after what neither can
    old_only = "gói cũ: số liệu dossiers_full_online – gói không khai báo đầu vào này"
    new_only = "gói mới: số liệu law_monitoring_done – gói không khai báo đầu vào này"
    assert out.index(both) < out.index(old_only) < out.index(new_only)
