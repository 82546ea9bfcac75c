"""The fast paths of safe YAML reading give exactly PyYAML's answers: the memoised tag of a plain
scalar, and plain digits read as integers."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from parscore.yamlio import _LOADER, parse_yaml

SETTINGS = settings(max_examples=400, deadline=None)
plain = st.text(alphabet="0123456789+-._:eExXoObBnNyYtTfFaAlLsSuU~ ", min_size=1, max_size=12)


def _tag(text: str, loader: type) -> str | None:
    try:
        root = yaml.compose(f"k: {text}\n", Loader=loader)
    except yaml.YAMLError:
        return None
    value = root.value[0][1]
    return value.tag if isinstance(value, ScalarNode) else None


@SETTINGS
@given(plain)
def test_memoised_tags_match_pure_python_resolution(text: str) -> None:
    assert _tag(text, _LOADER) == _tag(text, yaml.SafeLoader)
    assert _tag(text, _LOADER) == _tag(text, _LOADER)  # second time: from the memo
    for quoted in (f'"{text}"', f"'{text}'"):
        assert _tag(quoted, _LOADER) == _tag(quoted, yaml.SafeLoader) == "tag:yaml.org,2002:str"


@SETTINGS
@given(st.from_regex(r"[0-9][0-9_]{0,12}", fullmatch=True))
def test_integers_read_as_pyyaml_reads_them(text: str) -> None:
    node = yaml.compose(f"k: {text}\n", Loader=yaml.SafeLoader).value[0][1]
    if node.tag != "tag:yaml.org,2002:int":
        return
    expected = SafeConstructor().construct_yaml_int(node)
    assert parse_yaml(f"k: {text}\n").data["k"] == expected
