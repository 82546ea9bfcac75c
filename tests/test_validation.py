"""parscore.validation: pydantic errors mapped to YAML positions and Vietnamese words."""

from __future__ import annotations

from parscore.model.pack import Criterion, RulePack, TiersSpec, TierStep
from parscore.validation import model_at


def test_model_at_follows_lists_and_tagged_unions() -> None:
    assert model_at(RulePack, ("criteria", 0)) is Criterion
    assert model_at(RulePack, ("criteria", 0, "children", 2)) is Criterion
    loc = ("criteria", 0, "score", "tiers", "tiers")
    assert model_at(RulePack, loc) is TiersSpec
    assert model_at(RulePack, (*loc, "steps", 1)) is TierStep
    assert model_at(RulePack, ("nope",)) is None


def test_validate_pruned_checks_the_rest_of_a_file_that_does_not_fit() -> None:
    from parscore.model.evidence import Evidence
    from parscore.validation import validate_pruned
    from parscore.yamlio import parse_yaml

    doc = parse_yaml(
        "commune: X\nas_of: 31/12/2025\ntitel: y\ndocuments:\n"
        "  - { id: a, title: A }\n  - { id: b }\n  - { id: c, title: C, issued: 1/1/2025 }\n"
        "  - { id: d, title: D }\nclaims: { '1.1': 1 }\n",
        "e.yaml",
    )
    model, issues = validate_pruned(Evidence, doc)
    assert sorted((i.code, i.line) for i in issues) == [
        ("PS201", 3),
        ("PS202", 6),
        ("PS203", 2),
        ("PS203", 7),
    ]
    assert model is not None
    # a list with a bad item is left out whole (its items' positions stay right); a mapping
    # loses only the bad entry; the document itself is left as it was
    assert model.documents == [] and model.claims == {"1.1": 1}
    assert doc.data["documents"][1] == {"id": "b"}
    missing, issues = validate_pruned(Evidence, parse_yaml("province: X\n", "e.yaml"))
    assert missing is None and [i.code for i in issues] == ["PS202"]
