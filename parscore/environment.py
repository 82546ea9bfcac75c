"""The values a pack's expressions read for one commune: defaults, then metrics, then derived."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .expr import EvalError, Value, evaluate
from .model.result import ResultWarning

__all__ = ["build_env"]

_DEFAULTS: WeakKeyDictionary[LoadedPack, dict[str, Value]] = WeakKeyDictionary()


def build_env(
    pack: LoadedPack, metrics: Mapping[str, Value], warnings: list[ResultWarning] | None = None
) -> dict[str, Value]:
    """Declared defaults, then metrics, then derived values (those whose inputs are present)."""
    defaults = _DEFAULTS.get(pack)
    if defaults is None:
        defaults = {}
        for name, spec in pack.model.inputs.items():
            if spec.default is not None:
                value = spec.default
                defaults[name] = Decimal(value) if type(value) is int else value
        _DEFAULTS[pack] = defaults
    env: dict[str, Value] = dict(defaults)
    env.update(metrics)
    for name, expr in pack.derived:
        if expr.names <= env.keys():
            try:
                env[name] = evaluate(expr, env)
            except EvalError as exc:
                if warnings is not None:
                    warnings.append(ResultWarning("W001", f"không tính được '{name}': {exc}"))
    return env
