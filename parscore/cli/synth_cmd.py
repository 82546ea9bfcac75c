"""``parscore synth --pack PACK -n N --seed S -o DIR``: write N synthetic communes' evidence files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import Issue, UsageError
from ..evidence_yaml import dump_evidence
from ..loader import load_pack
from ..synthetic import commune_file_name, synthetic_communes
from .common import EXIT_OK, int_arg, out, write_output

MAX_COMMUNES = 100_000


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", required=True, metavar="PACK", help="tệp gói quy tắc")
    parser.add_argument("-n", type=int_arg, default=10, metavar="N", help="số xã (mặc định 10)")
    parser.add_argument(
        "--seed",
        type=int_arg,
        default=1,
        metavar="S",
        help="hạt giống: cùng hạt giống, cùng số liệu",
    )
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="thư mục ghi các tệp")
    parser.add_argument("--force", action="store_true", help="ghi đè tệp cùng tên đã có")


def run(args: argparse.Namespace) -> int:
    if not 1 <= args.n <= MAX_COMMUNES:
        raise UsageError.single(
            f"số xã phải từ 1 đến {MAX_COMMUNES}, nhận được {args.n}", "ví dụ -n 92"
        )
    pack = load_pack(args.pack)
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        hint = "chỉ định một thư mục (có sẵn hoặc sẽ được tạo), ví dụ -o tong-hop/"
        message = "đường dẫn ra là một tệp, không phải thư mục"
        raise UsageError([Issue("PS602", message, file=args.output, hint=hint)])
    if not args.force and folder.is_dir():
        taken = [n for n in map(commune_file_name, range(1, args.n + 1)) if (folder / n).exists()]
        if taken:
            raise UsageError(
                [
                    Issue(
                        "PS602",
                        f"{len(taken)} tệp đã tồn tại (ví dụ {taken[0]}), không ghi đè",
                        file=args.output,
                        hint="chọn thư mục khác hoặc thêm --force để ghi đè",
                    )
                ]
            )
    folder.mkdir(parents=True, exist_ok=True)
    header = [
        "SYNTHETIC – dữ liệu tổng hợp (giả lập), không phải số liệu thật của xã nào.",
        f"Sinh bằng: parscore synth --pack {Path(args.pack).name} -n {args.n} --seed {args.seed}",
    ]
    for name, evidence in synthetic_communes(pack, args.n, args.seed):
        write_output(
            str(folder / name), dump_evidence(evidence, header).encode("utf-8"), force=args.force
        )
    out(
        f"Đã tạo {args.n} tệp minh chứng tổng hợp (giả lập) trong {folder} "
        f"theo gói {pack.id}, hạt giống {args.seed}."
    )
    return EXIT_OK
