"""``parscore lint`` as terminal text, in Vietnamese."""

from __future__ import annotations

from ..lint import LintReport

__all__ = ["render_lint_text", "render_provenance_table"]

_SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo", "info": "lưu ý"}


def render_lint_text(report: LintReport) -> str:
    """One line per finding, each naming the pack file (leaves without a source and leaves still
    ``assumed`` are listed together at the end), then the pack's counts."""
    lines = []
    for f in report.findings:
        if f.code == "PL121":
            continue
        tail = f" (gợi ý: {f.hint})" if f.hint else ""
        lines.append(f"{f.location}: {_SEVERITY_VI[f.severity.value]} {f.code}: {f.message}{tail}")
    if report.without_source:
        lines.append(
            f"{report.file}: {len(report.without_source)} tiêu chí chưa ghi nguồn (PL120): "
            + ", ".join(report.without_source)
        )
    if report.assumed:
        lines.append(
            f"{report.file}: {len(report.assumed)} tiêu chí có giá trị còn là giả định (PL121): "
            + ", ".join(report.assumed)
        )
    errors, warnings, infos = (report.count(s) for s in ("error", "warning", "info"))
    verdict = "cần sửa trước khi ban hành" if errors else "không có lỗi"
    lines.append(
        f"{report.file}: {report.pack_id}: {errors} lỗi, {warnings} cảnh báo, {infos} lưu ý – {verdict}."
    )
    return "\n".join(lines)


def render_provenance_table(rows: list[tuple[str, str, dict[str, int]]]) -> str:
    """A Markdown table: for each pack file, how many values are official, borrowed, derived, assumed.

    The README's pack table is this output (a test keeps them equal).
    """
    lines = [
        "| file | pack id | official | borrowed | derived | assumed |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for file, pack_id, counts in rows:
        cells = " | ".join(str(counts[s]) for s in ("official", "borrowed", "derived", "assumed"))
        missing = f" (+{counts['none']} without source)" if counts.get("none") else ""
        lines.append(f"| `{file}` | `{pack_id}` | {cells}{missing} |")
    return "\n".join(lines)
