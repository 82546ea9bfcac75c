"""``parscore import FILE.xlsx -o EVIDENCE.yaml``: read a filled form back into an evidence file."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..compiled import LoadedPack
from ..errors import Issue, UsageError, os_error_text
from ..evidence_yaml import dump_evidence
from ..forms.archive import MAX_WORKBOOK_BYTES as MAX_BYTES
from ..forms.reader import read_form
from ..loader import find_pack, load_pack, pack_search_dirs
from .common import EXIT_OK, add_pack_option, out, write_output
from .output import check_output, protect_inputs


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("workbook", metavar="FILE.xlsx", help="biểu mẫu Excel đã điền")
    parser.add_argument(
        "-o", "--output", required=True, metavar="EVIDENCE.yaml", help="tệp minh chứng ra"
    )
    add_pack_option(parser, "gói có mã ghi trong biểu mẫu, tìm trong rules/")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp minh chứng đã có")


def run(args: argparse.Namespace) -> int:
    source = Path(args.workbook)
    if Path(args.output).suffix.lower() not in (".yaml", ".yml"):
        raise UsageError.single(
            f"tệp ra phải có đuôi .yaml, nhận được '{args.output}'", "ví dụ -o dan-tien-2025.yaml"
        )
    check_output(args.output, force=args.force)
    data = _read(source, args.workbook)
    pack = load_pack(args.pack) if args.pack else None

    def by_id(pack_id: str) -> LoadedPack:
        path = find_pack(pack_id, pack_search_dirs(source))
        protect_inputs([path])
        return load_pack(path)

    evidence, pack = read_form(data, args.workbook, pack, by_id)
    header = [f"Nhập từ biểu mẫu Excel {source.name} bằng parscore import."]
    text = dump_evidence(evidence.model, header)
    write_output(args.output, text.encode("utf-8"), force=args.force)
    m = evidence.model
    out(
        f"Đã ghi minh chứng của {m.commune} vào {args.output} (gói {pack.id}): "
        f"{len(evidence.metrics)} số liệu, {len(m.documents)} tài liệu, "
        f"{len(m.claims)} điểm tự chấm, {len(m.not_applicable)} tiêu chí không áp dụng"
        + (f", {len(m.adjustments)} mục điểm thưởng, điểm trừ." if m.adjustments else ".")
    )
    return EXIT_OK


def _read(source: Path, shown: str) -> bytes:
    try:
        size = source.stat().st_size
        if not source.is_file():
            raise IsADirectoryError(shown)
    except (FileNotFoundError, NotADirectoryError):
        raise UsageError(
            [Issue("PS101", "không tìm thấy tệp", file=shown, hint="kiểm tra lại đường dẫn")]
        ) from None
    except OSError as exc:
        raise UsageError(
            [Issue("PS101", f"không đọc được tệp: {os_error_text(exc)}", file=shown)]
        ) from None
    if size > MAX_BYTES:
        raise UsageError(
            [Issue("PS801", f"tệp Excel quá lớn ({size} byte, tối đa {MAX_BYTES})", file=shown)]
        )
    return source.read_bytes()
