"""The values a pack's expressions read for one commune: defaults, then metrics, then derived."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from decimal import Decimal
from weakref import WeakKeyDictionary

from .compiled import LoadedPack
from .expr import EvalError, Expression, Value, evaluate
from .model.result import ResultWarning

__all__ = ["build_env", "env_with_changes"]

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


_DERIVED: WeakKeyDictionary[LoadedPack, frozenset[str]] = WeakKeyDictionary()
# per pack: the changed names -> the derived values they reach, in the pack's order, and the
# names whose values may differ (the changed names and those derived values)
_REACH: WeakKeyDictionary[
    LoadedPack, dict[frozenset[str], tuple[tuple[tuple[str, Expression], ...], frozenset[str]]]
] = WeakKeyDictionary()


def env_with_changes(
    pack: LoadedPack,
    env: Mapping[str, Value],
    metrics: Mapping[str, Value],
    changes: Mapping[str, Value],
) -> tuple[dict[str, Value], frozenset[str] | None]:
    """``build_env(pack, {**metrics, **changes})`` from ``env = build_env(pack, metrics)``: the
    same environment with only the derived values that read a changed name (directly or through
    another one) evaluated again, in the pack's order; the others are the same values from the
    same inputs. Also the names whose values may differ from ``env``'s: the changed names and the
    derived values they reach (None when the metrics or the changes give a derived value: then
    everything is evaluated again, as ``build_env`` does)."""
    derived = _DERIVED.get(pack)
    if derived is None:
        derived = _DERIVED[pack] = frozenset(name for name, _ in pack.derived)
    if not derived.isdisjoint(metrics) or not derived.isdisjoint(changes):
        return build_env(pack, {**metrics, **changes}), None
    reached, dirty = _reach(pack, frozenset(changes))
    out = dict(env)
    out.update(changes)
    for name, expr in reached:
        out.pop(name, None)
        if expr.names <= out.keys():
            with contextlib.suppress(EvalError):  # left out, as build_env does
                out[name] = evaluate(expr, out)
    return out, dirty


def _reach(
    pack: LoadedPack, changed: frozenset[str]
) -> tuple[tuple[tuple[str, Expression], ...], frozenset[str]]:
    """The derived values that read one of ``changed`` (directly or through another one), in
    the pack's order, and the names that may differ (made once per pack and set of names)."""
    known = _REACH.get(pack)
    if known is None:
        known = _REACH[pack] = {}
    found = known.get(changed)
    if found is None:
        dirty = set(changed)
        reached: list[tuple[str, Expression]] = []
        for name, expr in pack.derived:
            if not dirty.isdisjoint(expr.names):
                dirty.add(name)
                reached.append((name, expr))
        found = known[changed] = (tuple(reached), frozenset(dirty))
    return found
