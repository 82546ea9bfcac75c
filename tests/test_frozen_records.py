"""``frozen_record`` classes behave as ``@dataclass(frozen=True)`` makes them: every record class
of the reports and the planner is compared with a dataclass twin of the same fields, on the
records the views make for real communes (construction, equality, hash, repr, replace,
pickling, copying, errors)."""

from __future__ import annotations

import copy
import dataclasses
import pickle
from decimal import Decimal
from typing import Any

import pytest

from parscore.frozen_records import frozen_record
from parscore.loader import evidence_from_data, load_evidence, load_pack
from parscore.planning import levers, optimise, plan_fixes, projection, records, search
from parscore.planning.projection import project_year_end
from parscore.report import context, plan_view, projection_text
from parscore.report.build import build_context
from parscore.report.plan_view import plan_view as make_plan_view
from parscore.report.projection_text import projection_view
from parscore.scoring import score
from parscore.yamlio import load_yaml

from .conftest import DATA, ROOT, SAMPLE_COMMUNE, SAMPLE_PACK, TESTS

MODULES = (context, plan_view, projection_text, records, search, levers, optimise, projection)
CLASSES = [
    cls
    for module in MODULES
    for cls in vars(module).values()
    if isinstance(cls, type)
    and "__frozen_record__" in vars(cls)
    and cls.__module__ == module.__name__
]
COMMUNES = [
    (SAMPLE_PACK, SAMPLE_COMMUNE),
    (DATA / "staged" / "pack.yaml", DATA / "staged" / "commune.yaml"),
    (ROOT / "rules" / "2025.yaml", ROOT / "evidence" / "dan-tien-2025.yaml"),
]


def _twin(cls: type) -> type:
    """The same class made by ``@dataclass(frozen=True)`` (same name, fields and defaults)."""
    namespace: dict[str, Any] = {"__annotations__": {}, "__module__": cls.__module__}
    for f in dataclasses.fields(cls):
        namespace["__annotations__"][f.name] = f.type
        if f.default_factory is not dataclasses.MISSING:
            namespace[f.name] = dataclasses.field(default_factory=f.default_factory)
        elif f.default is not dataclasses.MISSING:
            namespace[f.name] = f.default
    twin = type(cls.__name__, (), namespace)
    twin.__qualname__ = cls.__qualname__
    return dataclasses.dataclass(frozen=True)(twin)


def _values(record: Any) -> dict[str, Any]:
    return {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}


@pytest.fixture(scope="module")
def made() -> list[Any]:
    """Every record the views make for a few communes: reports with a plan and a projection,
    the plans' candidates and options (each record as it is made)."""
    found: list[Any] = []

    def spy(cls: type) -> Any:
        init = cls.__init__

        def record_it(self: Any, *args: Any, **kwargs: Any) -> None:
            init(self, *args, **kwargs)
            found.append(self)

        return record_it

    with pytest.MonkeyPatch.context() as m:
        for cls in CLASSES:
            m.setattr(cls, "__init__", spy(cls))
        for pack_path, commune in COMMUNES:
            pack = load_pack(pack_path)
            evidence, _ = load_evidence(commune, pack)
            for strict in (False, True) if commune == SAMPLE_COMMUNE else (False,):
                result = score(pack, evidence, strict_evidence=strict)
                plan = plan_fixes(pack, evidence, strict_evidence=strict)
                year_end = projection_view(project_year_end(pack, evidence))
                view = make_plan_view(plan)
                build_context(result, pack, evidence, plan=view, projection=year_end)
        doc = load_yaml(TESTS / "projection_cases" / "nhip-deu.yaml")  # a task overdue
        pack = load_pack(DATA / "projection-pack.yaml")
        data = {"commune": "Xã Thử", "year": 2025, "pack": pack.id, **doc.data["evidence"]}
        evidence = evidence_from_data(type(doc)(file=doc.file, data=data), pack)
        projection_view(project_year_end(pack, evidence))
    return found


def test_every_record_class_of_the_views_is_met(made: list[Any]) -> None:
    assert len(CLASSES) >= 30
    missing = set(CLASSES) - {type(r) for r in made}
    assert not missing


def test_records_behave_as_their_dataclass_twins(made: list[Any]) -> None:
    twins: dict[type, type] = {}
    for record in made:
        cls = type(record)
        twin = twins.setdefault(cls, _twin(cls))
        values = _values(record)
        names = list(values)
        made = twin(**values)
        assert repr(record) == repr(made)
        assert cls(**values) == record and cls(*values.values()) == record
        assert (record == made) is False and record != made  # another class: never equal
        try:
            expected: Any = hash(made)
        except TypeError as exc:
            expected = str(exc)
        try:
            got: Any = hash(record)
        except TypeError as exc:
            got = str(exc)
        assert got == expected
        assert dataclasses.replace(record, **{names[0]: values[names[0]]}) == record
        assert pickle.loads(pickle.dumps(record)) == record
        assert copy.deepcopy(record) == record
        # the same fields and values; in field order when made with fields in that order (a
        # record given every field by name keeps the order they were given in)
        assert vars(record) == vars(made)
        assert list(vars(cls(*values.values()))) == list(vars(made)) == names
        assert list(vars(cls(**values))) == names
        assert [f.name for f in dataclasses.fields(cls)] == [
            f.name for f in dataclasses.fields(twin)
        ]
        assert cls.__match_args__ == twin.__match_args__
        first = names[0]
        for obj in (record, made):
            with pytest.raises(dataclasses.FrozenInstanceError) as assigned:
                setattr(obj, first, 1)
            with pytest.raises(dataclasses.FrozenInstanceError) as deleted:
                delattr(obj, first)
            assert (str(assigned.value), str(deleted.value)) == (
                f"cannot assign to field {first!r}",
                f"cannot delete field {first!r}",
            )


@frozen_record
class _Sample:
    code: str
    points: Decimal = Decimal(0)
    rows: list[int] = dataclasses.field(default_factory=list)
    note: str = dataclasses.field(default="", compare=False, repr=False)


def test_defaults_factories_and_field_options_as_dataclasses_makes_them() -> None:
    twin = _twin(_Sample)
    assert _Sample.__doc__ == "_Sample(code, points, rows, note)"  # no signature worded
    assert _Sample("a") == _Sample("a", Decimal(0), [], "")
    first, second = _Sample("a"), _Sample("a")
    assert first.rows is not second.rows  # a new list each time
    assert _Sample("a", note="x") == _Sample("a", note="y")  # compare=False
    assert repr(_Sample("a", note="x")) == "_Sample(code='a', points=Decimal('0'), rows=[])"
    assert hash(_Sample("a", rows=())) == hash(_Sample("a", rows=(), note="z"))  # type: ignore[arg-type]
    assert twin("a").rows == []
    for args, kwargs in [
        ((), {}),
        (("a", 1, [], "", 5), {}),
        (("a",), {"code": "b"}),
        ((), {"x": 1}),
    ]:
        with pytest.raises(TypeError):
            _Sample(*args, **kwargs)
        with pytest.raises(TypeError):
            twin(*args, **kwargs)


def test_a_record_refers_to_itself_as_dataclasses_shows_it() -> None:
    loop = _Sample("a")
    loop.rows.append(loop)  # type: ignore[arg-type]
    assert repr(loop) == "_Sample(code='a', points=Decimal('0'), rows=[...])"


def test_a_subclass_may_add_attributes_but_not_change_fields() -> None:
    class Sub(_Sample):
        pass

    sub = Sub("a")
    sub.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(dataclasses.FrozenInstanceError):
        sub.code = "b"  # type: ignore[misc]


@pytest.mark.parametrize(
    "body",
    [
        "x: int\n    def __post_init__(self) -> None: pass",
        "x: int\n    def __eq__(self, other: object) -> bool: return True",
        "x: int = dataclasses.field(init=False, default=0)",
        "x: int = dataclasses.field(kw_only=True, default=0)",
        "x: dataclasses.InitVar[int]",
    ],
)
def test_what_it_does_not_make_is_refused(body: str) -> None:
    source = f"import dataclasses, typing\nclass Bad:\n    {body}\n"
    namespace: dict[str, Any] = {"__name__": __name__}
    exec(source, namespace)
    with pytest.raises(TypeError):
        frozen_record(namespace["Bad"])


_PLAIN_BODIES = [
    "a: int\n    b: str = 'x'\n    c: list[int] = dataclasses.field(default_factory=list)",
    "a: int = dataclasses.field(default=3, repr=False, compare=False, hash=True, metadata={'k': 1})"
    "\n    b: Decimal = Decimal(2)\n    c: tuple[int, ...] = ()",
    "a: int = dataclasses.field(repr=False)\n    b: int = dataclasses.field(default=1, init=False)",
    "a: typing.ClassVar[int] = 1\n    b: int = 2",  # dataclasses' own path: not a plain record
    "a: dataclasses.InitVar[int]\n    b: int",
    "_: dataclasses.KW_ONLY\n    b: int",
    "a: int\n    __match_args__ = ('x',)",
]


def _made(body: str, make: Any) -> Any:
    source = (
        "from __future__ import annotations\nimport dataclasses, typing\n"
        f'from decimal import Decimal\nclass Record:\n    """A record."""\n    {body}\n'
    )
    namespace: dict[str, Any] = {"__name__": __name__}
    exec(source, namespace)
    return make(namespace["Record"])


def _by_dataclasses(cls: type) -> type:
    return dataclasses.dataclass(init=False, repr=False, eq=False)(cls)


def _by_either(cls: type) -> type:
    from parscore.frozen_records import _made_here

    return cls if _made_here(cls) else _by_dataclasses(cls)


def _what_is_made(cls: Any) -> tuple[Any, ...]:
    options = ("name", "type", "default", "default_factory", "init", "repr", "hash", "compare")
    fields = [
        (n, *(getattr(f, o) for o in options), dict(f.metadata), f.kw_only, f._field_type)
        for n, f in cls.__dataclass_fields__.items()
    ]
    own = {k: v for k, v in vars(cls).items() if not k.startswith("__dataclass_")}
    own.pop("__dict__"), own.pop("__weakref__")
    return (
        fields,
        [f.name for f in dataclasses.fields(cls)],
        repr(cls.__dataclass_params__),
        own,
        dataclasses.is_dataclass(cls),
    )


@pytest.mark.parametrize("body", _PLAIN_BODIES)
def test_a_record_class_is_made_as_dataclasses_makes_it(body: str) -> None:
    """The fast way of making a plain record's fields gives what dataclasses gives, field by
    field (its kind included), with the same class attributes left behind."""
    assert _what_is_made(_made(body, _by_either)) == _what_is_made(_made(body, _by_dataclasses))


@pytest.mark.parametrize(
    "body",
    [
        "a: list[int] = []",
        "a: int\n    b = dataclasses.field(default=1)",
        "a: dict[str, int] = dataclasses.field(default={})",
    ],
)
def test_a_wrong_record_class_is_refused_as_dataclasses_refuses_it(body: str) -> None:
    errors = []
    for make in (_by_either, _by_dataclasses):
        with pytest.raises((TypeError, ValueError)) as refused:
            _made(body, make)
        errors.append((type(refused.value), str(refused.value)))
    assert errors[0] == errors[1]


def test_a_record_with_a_dataclass_base_is_made_by_dataclasses() -> None:
    from parscore.frozen_records import _made_here

    assert not _made_here(type("Sub", (_Sample,), {"__annotations__": {"extra": "int"}}))


@frozen_record
class _Plain:
    code: str
    title: str
    points: Decimal = Decimal(0)
    note: str = ""


def test_some_fields_given_the_others_defaulted_as_dataclasses_does() -> None:
    """A record given its first fields by position, or some by name, takes the others'
    defaults, its fields in their order; a required one missing or given twice is refused."""
    twin = _twin(_Plain)
    for args, kwargs in [
        (("a", "b"), {}),
        (("a", "b", Decimal(1)), {}),
        ((), {"title": "b", "code": "a"}),
        ((), {"note": "n", "code": "a", "title": "b"}),
        (("a",), {"title": "b", "note": "n"}),
    ]:
        made, expected = _Plain(*args, **kwargs), twin(*args, **kwargs)
        assert repr(made) == repr(expected)
        assert list(vars(made).items()) == list(vars(expected).items())
    for args, kwargs in [(("a",), {}), ((), {"code": "a"}), (("a", "b"), {"code": "c"})]:
        with pytest.raises(TypeError):
            _Plain(*args, **kwargs)
        with pytest.raises(TypeError):
            twin(*args, **kwargs)
