"""``parscore explain EVIDENCE CODE``: one criterion, its inputs, rule, points and evidence."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..compiled import LoadedPack
from ..errors import Issue, UsageError, did_you_mean
from ..model.pack import Criterion
from ..model.result import LeafResult
from ..planning.candidates import Rescorer
from ..raising import item_hints, raise_hints
from ..report.text import render_explain, render_item_explain
from ..scoring import score
from ..vi import STRICT_EVIDENCE_RULE
from .common import EXIT_OK, add_pack_option, load_commune, out


def register(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("evidence", metavar="EVIDENCE", help="tệp minh chứng của xã (YAML)")
    parser.add_argument(
        "code", metavar="CODE", help="mã tiêu chí, ví dụ 3.2.2 (hoặc mã mục điểm thưởng, trừ)"
    )
    add_pack_option(parser)
    parser.add_argument(
        "--strict-evidence",
        action="store_true",
        help=f"như khi thẩm định: {STRICT_EVIDENCE_RULE}",
    )


def run(args: argparse.Namespace) -> int:
    evidence, pack = load_commune(args.evidence, args.pack)
    result = score(pack, evidence, strict_evidence=args.strict_evidence)
    node = result.find(args.code)
    if node is None and pack.model.adjustments.item(args.code) is not None:
        known = Rescorer(pack, evidence, args.strict_evidence, known=result)
        fixes = item_hints(args.code, pack, evidence, rescorer=known)
        out(render_item_explain(result, pack, evidence, args.code, fixes))
        return EXIT_OK
    if node is None:
        codes = [c.code for c in pack.walk()] + pack.model.adjustments.codes()
        raise UsageError(
            [
                Issue(
                    "PS501",
                    f"gói quy tắc {pack.id} không có tiêu chí"
                    + (" hay mục thưởng, trừ" if pack.model.adjustments.codes() else "")
                    + f" '{args.code}'",
                    hint=_former(pack, args.code, args.evidence)
                    or did_you_mean(args.code, codes)
                    or "xem mã tiêu chí bằng lệnh parscore score",
                )
            ]
        )
    hints: list[str] = []
    if isinstance(node, LeafResult):
        hints = raise_hints(
            node,
            pack.leaves[node.code],
            evidence.model.as_of,
            pack=pack,
            evidence=evidence,
            strict_evidence=args.strict_evidence,
        )
    # a code (not a stable id) may have named another criterion in the replaced pack
    note = _reused(pack, node.code, args.evidence) if args.code == node.code else None
    out((note or "") + render_explain(result, pack, node.code, hints))
    return EXIT_OK


def _former(pack: LoadedPack, code: str, evidence_path: str) -> str | None:
    """A code of the pack this one replaces (``pack.replaces``, found as evidence finds its pack):
    what it is now (renumbered, matched by its stable id) or that it was removed, so that an
    auditor reading last year's code is told where it went."""
    found = _replaced_criterion(pack, code, evidence_path)
    if found is None:
        return None
    replaced, node = found
    now = pack.code_of(node.key)
    if now is not None:
        return f"tiêu chí {code} của gói {replaced} nay là tiêu chí {now} (cùng mã định danh)"
    return (
        f"tiêu chí {code} «{node.title}» có ở gói {replaced} nhưng đã bỏ ở gói này; xem thay đổi "
        f"bằng lệnh parscore diff <gói {replaced}> <gói {pack.id}>"
    )


def _reused(pack: LoadedPack, code: str, evidence_path: str) -> str | None:
    """A note when ``code`` named another criterion (another stable id) in the pack this one
    replaces: an auditor reading last year's code would otherwise read this year's criterion."""
    found = _replaced_criterion(pack, code, evidence_path)
    key = next((n.key for n in pack.walk() if n.code == code), None)
    if found is None or key is None or found[1].key == key:
        return None
    replaced, node = found
    now = pack.code_of(node.key)
    where = f"nay là tiêu chí {now} (cùng mã định danh)" if now is not None else "đã bỏ ở gói này"
    return (
        f"Lưu ý: mã {code} ở gói {replaced} là một tiêu chí khác, «{node.title}», {where}; "
        f"dưới đây là tiêu chí {code} của gói {pack.id}.\n\n"
    )


def _replaced_criterion(
    pack: LoadedPack, code: str, evidence_path: str
) -> tuple[str, Criterion] | None:
    """The id of the pack this one replaces and its criterion at ``code``, if both are found."""
    from ..errors import ParscoreError
    from ..loader import find_pack, load_pack, pack_search_dirs

    replaced = pack.model.pack.replaces
    if not replaced:
        return None
    try:
        old = load_pack(find_pack(replaced, pack_search_dirs(Path(evidence_path))))
    except ParscoreError:
        return None
    node = next((n for n in old.walk() if n.code == code), None)
    return (replaced, node) if node is not None else None
