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
