"""A package's names from their modules when first used (parscore.lazy_names): the module is
imported only then, the value is kept in the package, other names are refused as usual."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import parscore
import parscore.planning


def test_a_name_is_imported_when_first_asked_for_then_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "lazy_pkg_for_test"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from parscore.lazy_names import lazy_names\n"
        "__getattr__ = lazy_names(__name__, {'answer': 'deep.inner', 'missing': 'inner'})\n",
        encoding="utf-8",
    )
    (package / "deep").mkdir()
    (package / "deep" / "__init__.py").write_text("", encoding="utf-8")
    (package / "deep" / "inner.py").write_text("answer = [42]\n", encoding="utf-8")
    (package / "inner.py").write_text("other = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import lazy_pkg_for_test  # type: ignore[import-not-found]

        assert "lazy_pkg_for_test.deep.inner" not in sys.modules
        value = lazy_pkg_for_test.answer
        assert value == [42] and "lazy_pkg_for_test.deep.inner" in sys.modules
        assert vars(lazy_pkg_for_test)["answer"] is value  # kept: the next lookup is plain
        with pytest.raises(
            AttributeError, match="module 'lazy_pkg_for_test' has no attribute 'nope'"
        ):
            lazy_pkg_for_test.nope  # noqa: B018
        with pytest.raises(AttributeError):  # listed, but its module does not define it
            lazy_pkg_for_test.missing  # noqa: B018
    finally:
        for name in [m for m in sys.modules if m.startswith("lazy_pkg_for_test")]:
            del sys.modules[name]


@pytest.mark.parametrize("package", [parscore, parscore.planning])
def test_parscore_packages_refuse_unknown_names_by_their_own_name(package: object) -> None:
    name = getattr(package, "__name__")  # noqa: B009
    with pytest.raises(AttributeError) as raised:
        getattr(package, "no_such_name")  # noqa: B009
    assert str(raised.value) == f"module {name!r} has no attribute 'no_such_name'"
