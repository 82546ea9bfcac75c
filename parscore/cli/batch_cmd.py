"""``parscore batch PATH...``: score many communes, rank them, count bands, compare years."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from ..batch import BatchSummary, CommuneScore, FileError, repeated_communes, summarise
from ..batch_run import collect_files, default_jobs, score_files
from ..errors import UsageError
from ..loader import load_pack
from ..report.batch_table import batch_csv, batch_json, render_batch_text
from ..vi import STRICT_EVIDENCE_RULE
from .common import EXIT_OK, EXIT_SHORT, add_pack_option, int_arg, out, write_output
from .output import check_output
from .progress import progress_bar

MAX_JOBS = 64  # worker processes: more would only exhaust memory
FORMATS = {".csv": "csv", ".xlsx": "xlsx", ".html": "html", ".htm": "html", ".json": "json"}


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="tệp minh chứng (.yaml) hoặc thư mục chứa chúng"
    )
    add_pack_option(parser)
    parser.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="ghi kết quả ra tệp .csv, .xlsx, .html hoặc .json (mặc định: in bảng ra màn hình)",
    )
    parser.add_argument(
        "--csv-vi",
        action="store_true",
        help="tệp .csv để mở bằng Excel đặt vùng Việt Nam: cột ngăn bởi dấu chấm phẩy,"
        " số thập phân dấu phẩy (mặc định: dấu phẩy ngăn cột, dấu chấm thập phân, cho chương trình)",
    )
    parser.add_argument("--force", action="store_true", help="ghi đè tệp kết quả đã có")
    parser.add_argument(
        "--previous",
        nargs="+",
        metavar="PATH",
        help="minh chứng năm trước (tệp hoặc thư mục) để tính mức tăng giảm theo tên xã",
    )
    parser.add_argument(
        "--strict-evidence",
        action="store_true",
        help=f"như khi thẩm định: {STRICT_EVIDENCE_RULE}",
    )
    parser.add_argument(
        "-j",
        "--jobs",
        type=int_arg,
        metavar="N",
        help="số tiến trình chấm song song (mặc định: số lõi CPU; 1 = không song song)",
    )


def run(args: argparse.Namespace) -> int:
    fmt = _format(args.output)
    if args.csv_vi and fmt != "csv":
        raise UsageError.single(
            "--csv-vi chỉ dùng với tệp ra .csv", "ví dụ -o xep-hang.csv --csv-vi"
        )
    if args.output:
        check_output(args.output, force=args.force)
    files = collect_files(args.paths)
    previous_files = collect_files(args.previous) if args.previous else []
    pack = load_pack(args.pack) if args.pack else None
    jobs = args.jobs if args.jobs is not None else default_jobs()
    if not 1 <= jobs <= MAX_JOBS:
        raise UsageError.single(
            f"--jobs phải là số nguyên từ 1 đến {MAX_JOBS}", "ví dụ --jobs 2 (mặc định: số lõi CPU)"
        )
    progress = progress_bar("Đang chấm")
    outcomes = score_files(
        [*files, *previous_files],
        pack,
        args.pack,
        previous=[False] * len(files) + [True] * len(previous_files),
        strict_evidence=args.strict_evidence,
        jobs=jobs,
        progress=progress,
    )
    if progress is not None:
        progress.close()
    errors = [o for o in outcomes if isinstance(o, FileError)]
    current = [o for o in outcomes[: len(files)] if isinstance(o, CommuneScore)]
    last_year = [o for o in outcomes[len(files) :] if isinstance(o, CommuneScore)]
    summary = summarise(current, errors, last_year)
    for error in summary.errors:
        for line in error.lines():
            sys.stderr.write(line + "\n")
    if summary.errors:
        sys.stderr.write(_errors_line(summary.errors, len(outcomes)) + "\n")
    for name, where in repeated_communes(summary.communes):
        sys.stderr.write(
            f"Cảnh báo: «{name}» có trong {len(where)} tệp và được xếp hạng {len(where)} lần:"
            f" {', '.join(where)} (nếu là một xã, chỉ giữ một tệp rồi chấm lại)\n"
        )
    if args.output:
        write_output(args.output, _render(summary, fmt, args.csv_vi), force=args.force)
        out(
            f"Đã ghi kết quả của {len(summary.communes)} xã vào {args.output}"
            + (f" ({len(summary.errors)} tệp lỗi)." if summary.errors else ".")
        )
    else:
        out(render_batch_text(summary))
    return EXIT_SHORT if summary.errors else EXIT_OK


def _errors_line(errors: Sequence[FileError], total: int) -> str:
    """How many files failed and what happened to them: a file of another pack (PS506) or a
    previous-year file of the same or a later year (PS509) was scored, only not ranked or not
    compared; the others were not scored at all."""
    codes = [{i.code for i in e.issues} for e in errors]
    other_pack = sum(1 for c in codes if c == {"PS506"})
    not_compared = sum(1 for c in codes if c == {"PS509"})
    parts = [
        f"{n} {what}"
        for n, what in (
            (len(errors) - other_pack - not_compared, "tệp không được chấm"),
            (other_pack, "tệp được chấm theo gói khác nên không xếp hạng chung"),
            (not_compared, "tệp năm trước được chấm nhưng không so sánh với năm nay"),
        )
        if n
    ]
    rest = (
        "mọi xã năm nay vẫn được chấm và xếp hạng"
        if all(e.previous for e in errors)
        else "các xã còn lại vẫn được chấm và xếp hạng"
    )
    return f"{len(errors)}/{total} tệp có lỗi: {'; '.join(parts)}; {rest}."


def _format(output: str | None) -> str | None:
    if output is None:
        return None
    fmt = FORMATS.get(Path(output).suffix.lower())
    if fmt is None:
        raise UsageError.single(
            f"không ghi được dạng tệp '{Path(output).suffix or output}'",
            "dùng đuôi .csv, .xlsx, .html hoặc .json",
        )
    return fmt


def _render(summary: BatchSummary, fmt: str | None, excel_vi: bool = False) -> bytes:
    if fmt == "csv":
        return batch_csv(summary, excel_vi=excel_vi)
    if fmt == "json":
        return (json.dumps(batch_json(summary), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "xlsx":
        from ..report.batch_xlsx import batch_xlsx

        return batch_xlsx(summary)
    from ..report.batch_html import render_batch_html

    return render_batch_html(summary).encode("utf-8")
