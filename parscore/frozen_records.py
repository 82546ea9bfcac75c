"""Frozen records: what ``@dataclass(frozen=True)`` makes, without compiling code for each class.

``dataclasses`` writes six methods of every frozen class (``__init__``, ``__repr__``, ``__eq__``,
``__hash__``, ``__setattr__``, ``__delattr__``) as Python source and compiles them when the class
is created: 1–2 ms a class. For the report's context records and the planner's records that was a
good part of what a view costs beyond ``score`` (issue #16). A class decorated with
:func:`frozen_record` is still a dataclass (``dataclasses.fields``, ``replace``, ``asdict``,
``is_dataclass`` and the fields' defaults as dataclasses makes them), and its six methods are
shared functions that do what the generated ones do: positional and keyword arguments, defaults
and ``default_factory``, equality and hash over the compared fields, the same ``repr``, and
``FrozenInstanceError`` on assignment (tests compare each with ``@dataclass(frozen=True)``).

A class without a docstring gets its name and its fields' names as one (dataclasses adds their
types and defaults). Only plain records: no ``__post_init__``, ``InitVar``, ``kw_only``, ``init=False``
field or method of its own among those six (refused when the class is made); a class that needs
one uses ``@dataclass(frozen=True)``. To ``dataclasses`` the class is not frozen
(``__dataclass_params__``): a ``@dataclass(frozen=True)`` subclass of it is refused, a
``@frozen_record`` one is not.
"""

from __future__ import annotations

import abc
import dataclasses
import inspect
import re
import reprlib
from collections.abc import Callable
from typing import Any, TypeVar

from typing_extensions import dataclass_transform

__all__ = ["frozen_record"]

T = TypeVar("T")
_MISSING: Any = dataclasses.MISSING
_OWN = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__")
_SPECIAL = re.compile(r"\b(?:ClassVar|InitVar|KW_ONLY)\b")  # annotations dataclasses treats apart


@dataclasses.dataclass(init=False, repr=False, eq=False)
class _Made:
    """What dataclasses makes of a plain record: its parameters, and the kind of a real field."""

    x: int


_PARAMS = _Made.__dataclass_params__  # type: ignore[attr-defined]
_FIELD_KIND = getattr(_Made.__dataclass_fields__["x"], "_field_type")  # noqa: B009


class _Spec:
    """What the shared methods need of a record class (a plain class: a ``NamedTuple`` costs
    more to make than the records it would serve)."""

    __slots__ = (
        "after_required",
        "cls",
        "compared",
        "defaults",
        "factories",
        "hashed",
        "named",
        "names",
        "required",
        "shown",
        "template",
    )

    def __init__(
        self,
        cls: Any,  # the record class
        names: tuple[str, ...],  # every field, in order (all are arguments of __init__)
        named: frozenset[str],  # the same names
        defaults: tuple[Any, ...],  # per field: its default, or _MISSING
        factories: tuple[Callable[[], Any] | None, ...],  # per field: its default_factory, or None
        compared: Callable[[Any], tuple[Any, ...]],  # the fields ``__eq__`` compares, as a tuple
        hashed: Callable[[Any], tuple[Any, ...]],  # the fields ``__hash__`` hashes
        shown: tuple[str, ...],  # the fields ``__repr__`` shows
    ) -> None:
        self.cls = cls
        self.names = names
        self.named = named
        self.defaults = defaults
        self.factories = factories
        self.compared = compared
        self.hashed = hashed
        self.shown = shown
        # the fields without a default; every field with its default (None when one is made
        # by a factory): an instance given some fields by name starts from it
        self.required = frozenset(n for n, d in zip(names, defaults, strict=True) if d is _MISSING)
        self.template: dict[str, Any] | None = (
            None
            if any(f is not None for f in factories)
            else dict(zip(names, defaults, strict=True))
        )
        # how many fields, from the first, hold every required one
        self.after_required = max(
            (i + 1 for i, d in enumerate(defaults) if d is _MISSING), default=0
        )


@dataclass_transform(frozen_default=True, field_specifiers=(dataclasses.field,))
def frozen_record(cls: type[T]) -> type[T]:
    """``@dataclass(frozen=True)`` for a plain record class, its methods shared (see the module)."""
    own = [name for name in (*_OWN, "__post_init__") if name in cls.__dict__]
    if own:
        raise TypeError(f"{cls.__qualname__} defines {own[0]}: use @dataclass(frozen=True)")
    if not cls.__doc__:  # else dataclasses words one from ``inspect.signature`` (~5 ms at first)
        cls.__doc__ = f"{cls.__name__}({', '.join(inspect.get_annotations(cls))})"
    if not _made_here(cls):
        dataclasses.dataclass(init=False, repr=False, eq=False)(cls)  # the fields, nothing compiled
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    if len(fields) != len(cls.__dataclass_fields__):  # type: ignore[attr-defined]
        pseudo = set(cls.__dataclass_fields__) - {f.name for f in fields}  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__qualname__}.{min(pseudo)}: use @dataclass(frozen=True)")
    names: list[str] = []
    compared: list[str] = []
    hashed: list[str] = []
    shown: list[str] = []
    for f in fields:
        name = f.name
        if not f.init or f.kw_only is True:
            raise TypeError(f"{cls.__qualname__}.{name}: use @dataclass(frozen=True)")
        if hasattr(type(cls.__dict__.get(name)), "__set__"):
            raise TypeError(f"{cls.__qualname__}.{name} is a descriptor")
        names.append(name)
        if f.compare:
            compared.append(name)
        if f.compare if f.hash is None else f.hash:
            hashed.append(name)
        if f.repr:
            shown.append(name)
    cls.__frozen_record__ = _Spec(  # type: ignore[attr-defined]
        cls,
        tuple(names),
        frozenset(names),
        tuple([f.default for f in fields]),
        tuple([_factory(f) for f in fields]),
        _getter(tuple(compared)),
        _getter(tuple(hashed)),
        tuple(shown),
    )
    for name, method in zip(_OWN, (_init, _repr, _eq, _hash, _setattr, _delattr), strict=True):
        setattr(cls, name, method)
    return cls


def _made_here(cls: Any) -> bool:
    """Make ``cls`` what ``dataclasses.dataclass(init=False, repr=False, eq=False)`` makes of it,
    when it is a plain record: no dataclass base, every annotation a string (``from __future__
    import annotations``) naming no ``ClassVar``, ``InitVar`` or ``KW_ONLY``. dataclasses tests each
    such string three times against the module's names (~0.3 ms a record class); here nothing is
    tested that cannot be. False (nothing done) for any other class: dataclasses makes it."""
    annotations: dict[str, Any] = inspect.get_annotations(cls)
    if any(hasattr(base, "__dataclass_fields__") for base in cls.__mro__[1:]):
        return False
    if not all(type(a) is str and not _SPECIAL.search(a) for a in annotations.values()):
        return False
    fields: dict[str, dataclasses.Field[Any]] = {}
    for name, annotation in annotations.items():
        value = cls.__dict__.get(name, _MISSING)
        if isinstance(value, dataclasses.Field):
            f = value
            if f.default is _MISSING:  # as dataclasses: the class keeps the default, if any
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
        else:
            f = dataclasses.field(default=value)
        f.name, f.type = name, annotation
        setattr(f, "_field_type", _FIELD_KIND)  # noqa: B010
        if f.kw_only is _MISSING:
            f.kw_only = False
        if f.default is not _MISSING and f.default.__class__.__hash__ is None:
            raise ValueError(
                f"mutable default {type(f.default)} for field {name} is not allowed:"
                " use default_factory"
            )
        fields[name] = f
    for name, value in cls.__dict__.items():
        if isinstance(value, dataclasses.Field) and name not in annotations:
            raise TypeError(f"{name!r} is a field but has no type annotation")
    cls.__dataclass_params__ = _PARAMS
    cls.__dataclass_fields__ = fields
    if "__match_args__" not in cls.__dict__:
        cls.__match_args__ = tuple(  # type: ignore[misc]
            [n for n, f in fields.items() if f.init and not f.kw_only]
        )
    abc.update_abstractmethods(cls)
    return True


def _factory(f: dataclasses.Field[Any]) -> Callable[[], Any] | None:
    factory: Any = f.default_factory
    return None if factory is _MISSING else factory


def _getter(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    def values(obj: Any) -> tuple[Any, ...]:
        return tuple([getattr(obj, n) for n in names])

    return values


def _init(self: Any, *args: Any, **kwargs: Any) -> None:
    spec: _Spec = self.__frozen_record__
    names = spec.names
    given = len(args)
    if given == len(names) and not kwargs:  # every field by position
        self.__dict__.update(zip(names, args, strict=True))
        return
    if not given and kwargs.keys() == spec.named:  # every field by name (in the order given)
        self.__dict__.update(kwargs)
        return
    template = spec.template
    if (
        not given and template is not None and spec.required <= kwargs.keys() <= spec.named
    ):  # some fields by name, the others' defaults (in field order: the template's)
        state = self.__dict__
        state.update(template)
        state.update(kwargs)
        return
    if (
        not kwargs and template is not None and spec.after_required <= given < len(names)
    ):  # the first fields by position, the others' defaults
        state = self.__dict__
        state.update(template)
        state.update(zip(names, args, strict=False))
        return
    if given > len(names):
        raise TypeError(
            f"{spec.cls.__qualname__}.__init__() takes {len(names) + 1} positional arguments"
            f" but {given + 1} were given"
        )
    values = dict(zip(names, args, strict=False))
    for i in range(given, len(names)):
        name = names[i]
        value = kwargs.pop(name, _MISSING)
        if value is _MISSING:
            factory = spec.factories[i]
            if factory is not None:
                value = factory()
            else:
                value = spec.defaults[i]
                if value is _MISSING:
                    raise TypeError(
                        f"{spec.cls.__qualname__}.__init__() missing required argument: {name!r}"
                    )
        values[name] = value
    if kwargs:
        name = next(iter(kwargs))
        if name in values:
            raise TypeError(
                f"{spec.cls.__qualname__}.__init__() got multiple values for argument {name!r}"
            )
        raise TypeError(
            f"{spec.cls.__qualname__}.__init__() got an unexpected keyword argument {name!r}"
        )
    self.__dict__.update(values)  # in field order, as the generated __init__ assigns them


@reprlib.recursive_repr()
def _repr(self: Any) -> str:
    spec: _Spec = self.__frozen_record__
    shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in spec.shown)
    return f"{self.__class__.__qualname__}({shown})"


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        compared = self.__frozen_record__.compared
        return compared(self) == compared(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__frozen_record__.hashed(self))


def _setattr(self: Any, name: str, value: Any) -> None:
    spec: _Spec = self.__frozen_record__
    if type(self) is spec.cls or name in spec.names:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")
    super(spec.cls, self).__setattr__(name, value)


def _delattr(self: Any, name: str) -> None:
    spec: _Spec = self.__frozen_record__
    if type(self) is spec.cls or name in spec.names:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")
    super(spec.cls, self).__delattr__(name)
