"""Shared fixtures: paths of the bundled test data and a loaded sample pack."""

from __future__ import annotations

from pathlib import Path

import pytest

from parscore.compiled import LoadedPack
from parscore.loader import LoadedEvidence, load_evidence, load_pack

TESTS = Path(__file__).parent
ROOT = TESTS.parent
DATA = TESTS / "data"
SAMPLE_PACK = DATA / "sample-pack.yaml"
SAMPLE_COMMUNE = DATA / "sample-commune.yaml"


@pytest.fixture(scope="session")
def sample_pack() -> LoadedPack:
    return load_pack(SAMPLE_PACK)


@pytest.fixture(scope="session")
def sample_evidence(sample_pack: LoadedPack) -> LoadedEvidence:
    evidence, _ = load_evidence(SAMPLE_COMMUNE, sample_pack)
    return evidence
