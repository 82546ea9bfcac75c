"""Vietnamese descriptions of fixes: which raw input changes, by how much, and what it gives."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from decimal import Decimal
from functools import partial

from ..compiled import CompiledLeaf, LoadedPack
from ..document_kinds import supported_words
from ..environment import env_with_changes
from ..expr import EvalError, Value
from ..kinds import kind_named, rule_points
from ..model.evidence import Document
from ..model.pack import InputSpec
from ..model.result import Result
from ..numbers import vi_number, vi_points, vi_short
from ..scoring import build_env
from ..vi import bonus_cap_words, vi_date, vi_value
from ..wording import Wording

__all__ = [
    "attach_purpose",
    "change_text",
    "describe_attach",
    "describe_raise",
    "input_default",
    "points_text",
    "rescale_note",
    "total_notes",
    "vi_value",
]


def change_text(
    name: str, spec: InputSpec, old: Value | None, new: Value, words: Wording | None = None
) -> str:
    """A change of one raw input as a task a person can do, from the input's label and unit.

    ``Tăng «Số lượt đào tạo, bồi dưỡng đã hoàn thành» thêm 9 lượt (từ 51 lên 60)``, or the pack's
    own ``task:`` phrase (``Tổ chức thêm 9 lượt bồi dưỡng``) when the input has one.
    """
    w = words
    value = (
        w.value
        if w is not None
        else (lambda v, n=None: vi_value(v) if v is not None else "chưa khai báo")
    )
    unit = spec.unit or ("%" if spec.type == "percent" else "")
    if spec.task is not None and _raises(old, new):
        delta = new - old if isinstance(new, Decimal) and isinstance(old, Decimal) else None
        return spec.task.format(
            delta=value(abs(delta)) if delta is not None else value(new),
            **{"from": value(old, name), "to": value(new, name)},
            unit=unit,
            label=spec.label,
        )
    label = f"«{spec.label}»"
    if isinstance(new, bool):
        if new:
            return f"Thực hiện để bảo đảm {label} (hiện: {value(old)})"
        return f"Chuyển {label} thành «không» (hiện: {value(old)})"
    if isinstance(new, dt.date):
        was = f" (hiện khai báo ngày {vi_date(old)})" if isinstance(old, dt.date) else ""
        return f"Hoàn thành {label} chậm nhất ngày {vi_date(new)}{was}"
    if isinstance(new, str):  # a choice input: its options by their labels
        options = spec.options or {}
        was = f" (hiện: «{options.get(old, old)}»)" if isinstance(old, str) else ""
        return f"Chọn «{options.get(new, new)}» cho {label}{was}"
    if not isinstance(old, Decimal) or not isinstance(new, Decimal):
        return f"Khai báo {label}: {value(new, name)}"
    delta = new - old
    if unit == "%":
        verb, word = ("Nâng", "lên") if delta > 0 else ("Giảm", "xuống")
        return f"{verb} {label} từ {value(old, name)} {word} {value(new, name)}"
    unit_text = f" {unit}" if unit else ""
    if delta > 0:
        return f"Tăng {label} thêm {value(delta)}{unit_text} (từ {value(old)} lên {value(new)})"
    return f"Giảm {label} bớt {value(-delta)}{unit_text} (từ {value(old)} xuống {value(new)})"


def _raises(old: Value | None, new: Value) -> bool:
    """A change a ``task:`` phrase describes: a number raised, a date set, a yes/no turned on."""
    if isinstance(new, bool):
        return new
    if isinstance(new, Decimal):
        return not isinstance(old, Decimal) or new > old
    return True


def _titles(documents: Sequence[Document]) -> str:
    return "; ".join(d.title for d in documents)


def describe_raise(
    pack: LoadedPack,
    leaf: CompiledLeaf,
    metrics: Mapping[str, Value],
    changes: Mapping[str, Value],
    documents: Sequence[Document],
    env: Mapping[str, Value] | None = None,
    already: Sequence[str] = (),
    joined: Mapping[str, str] | None = None,
) -> str:
    """The fix as tasks: each raw input's change in words, the rate it moves, the points reached.
    ``env`` is ``build_env(pack, metrics)`` when the caller has it; ``already`` says what earlier
    tasks of a plan have done for this one (inputs they set, not changed again here); ``joined``
    gives the words of inputs said together (a year-to-date rate's part and whole: the words at
    one of them, "" at the other)."""
    words = Wording(pack)
    inputs = pack.model.inputs
    together = joined or {}
    parts = [
        together[n]
        if n in together
        else change_text(n, inputs[n], metrics.get(n, input_default(pack, n)), v, words)
        for n, v in changes.items()
        if together.get(n) != ""
    ]
    parts += already
    text = "; ".join(parts)
    before = dict(env) if env is not None else build_env(pack, metrics)
    after = env_with_changes(pack, before, metrics, changes)[0]  # build_env of the changed metrics
    text += _effect(words, leaf, before, after, set(changes))
    maximum = leaf.criterion.max
    try:  # the points and the alternative that counted: the rule's numbers, not its words
        outcome = rule_points(leaf.rule, maximum, after)
        text += f": đạt {points_text(pack, outcome.points)}/{points_text(pack, maximum)} điểm"
        kind = kind_named(leaf.rule.kind)
        if kind.composite and outcome.choice is not None:
            text += f" (theo {kind.choice_words(leaf.rule, outcome.choice)})"
    except EvalError:
        pass
    if documents:
        text += "; " + _documents_task(pack, documents)
    if leaf.criterion.survey:
        text += " (chấm qua điều tra xã hội học: điểm là ước tính)"
    return text


def _documents_task(pack: LoadedPack, documents: Sequence[Document]) -> str:
    """``Bổ sung Báo cáo … (tài liệu kiểm chứng tiêu chí 3.2.2)`` (``… mục điểm thưởng T1``)."""
    codes = sorted({c for d in documents for c in d.supports})
    where = (
        f" (tài liệu kiểm chứng {supported_words(codes, pack)[0]})"
        if codes
        else " (tài liệu kiểm chứng)"
    )
    return f"bổ sung {_titles(documents)}{where}"


def describe_attach(
    pack: LoadedPack,
    documents: Sequence[Document],
    secured: Decimal,
    strict: bool,
    *,
    item: str | None = None,
) -> str:
    """``Bổ sung Báo cáo … (tài liệu kiểm chứng tiêu chí 4.1.2): để 2,1 điểm đã có được tính khi
    thẩm định``; ``item``: the bonus item whose documents they are (``… để 1 điểm thưởng được
    cộng khi thẩm định``)."""
    task = _documents_task(pack, documents)
    return f"{task[0].upper()}{task[1:]}: {attach_purpose(pack, secured, strict, item=item)}"


def attach_purpose(
    pack: LoadedPack, secured: Decimal, strict: bool, *, item: str | None = None
) -> str:
    """What attaching documents is for: ``để 2,1 điểm đã có được tính khi thẩm định`` (strict) or
    ``… không bị trừ khi thẩm định``. For the bonus item ``item``: ``để 1 điểm thưởng được cộng
    khi thẩm định`` (strict) or ``… được cộng cả khi thẩm định`` (a self-assessment); ``secured``
    is what the appraised total then adds, and when the bonus cap takes part of the item's
    points, it says so."""
    points = points_text(pack, secured)
    if item is None:
        tail = "được tính khi thẩm định" if strict else "không bị trừ khi thẩm định"
        return f"để {points} điểm đã có {tail}"
    text = f"để {points} điểm thưởng được cộng {'' if strict else 'cả '}khi thẩm định"
    found, group = pack.model.adjustments.item(item), pack.model.adjustments.bonus
    if found is not None and group is not None and secured < found[1].points:
        text += (
            f" ({bonus_cap_words(item, found[1].points, group.max, partial(points_text, pack))})"
        )
    return text


def points_text(pack: LoadedPack, value: Decimal) -> str:
    """Points as reported: rounded once by the pack's rule, with a decimal comma."""
    rounding = pack.model.pack.rounding
    return vi_points(value, rounding.places, rounding.mode)


def input_default(pack: LoadedPack, name: str) -> Value | None:
    """An input's declared ``default`` as a value (None when it has none)."""
    spec = pack.model.inputs[name]
    if spec.default is None:
        return None
    return Decimal(spec.default) if type(spec.default) is int else spec.default


def _effect(
    words: Wording,
    leaf: CompiledLeaf,
    before: dict[str, Value],
    after: dict[str, Value],
    changed: set[str],
) -> str:
    """`` (tỷ lệ 99,84% → 99,9%)`` when the rule reads a rate computed from the changed inputs."""
    rule = leaf.rule
    if kind_named(rule.kind).composite:
        try:
            choice = rule_points(rule, leaf.criterion.max, after).choice
        except EvalError:
            return ""
        if choice is None:
            return ""
        rule = rule.alternatives[choice]
    expr = rule.expr
    if expr is None or not kind_named(rule.kind).shows_value or expr.source in changed:
        return ""
    name = expr.source
    if name not in words.derived or not words.is_percent(name):
        return ""
    old, new = before.get(name), after.get(name)
    if not isinstance(old, Decimal) or not isinstance(new, Decimal) or old == new:
        return ""
    return f" (tỷ lệ {words.value(old, name)} → {words.value(new, name)})"


def rescale_note(result: Result) -> str:
    """Why a change of the total differs from the change of criteria's points: the total is
    brought to the scale from the points that apply ("" when they are the scale)."""
    applicable, scale, info = result.total.applicable_max, result.scale, result.pack
    if applicable == scale or applicable <= 0:
        return ""
    return (
        f"Điểm tổng được quy đổi về thang {vi_number(scale)} từ"
        f" {vi_points(applicable, info.places, info.mode)} điểm áp"
        f" dụng: 1 điểm của tiêu chí bằng {vi_short(scale / applicable)} điểm tổng, nên điểm tổng"
        " tăng hoặc giảm khác số điểm tăng hoặc giảm của các tiêu chí."
    )


def total_notes(result: Result) -> list[str]:
    """The notes on how the total is made that a plan or a what-if carries: the conversion to the
    scale, and the bonus and penalty points it includes (which no plan changes)."""
    notes = [note for note in (rescale_note(result),) if note]
    t, info = result.total, result.pack
    if info.adjustments and (t.bonus or t.penalty):

        def pts(value: Decimal) -> str:
            return vi_points(value, info.places, info.mode)

        notes.append(
            f"Điểm tổng đã gồm điểm thưởng +{pts(t.bonus)} và điểm trừ −{pts(t.penalty)} (các mục"
            " thưởng, trừ của tệp minh chứng; kế hoạch không thêm, bớt mục nào); điểm tổng không"
            f" vượt quá {pts(result.scale)} và không thấp hơn 0."
        )
    return notes
