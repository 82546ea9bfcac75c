"""Shared fixtures: paths of the bundled test data and a loaded sample pack."""

from __future__ import annotations

import os
from collections.abc import Iterator
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


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Compiled templates go to a folder of the test run, not the user's cache."""
    old = os.environ.get("PARSCORE_CACHE_DIR")
    os.environ["PARSCORE_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if old is None:
        os.environ.pop("PARSCORE_CACHE_DIR", None)
    else:
        os.environ["PARSCORE_CACHE_DIR"] = old
