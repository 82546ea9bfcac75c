"""Where parscore's shipped data lives: report templates, rule packs and the sample communes.

A source checkout or editable install uses the folders beside the package (``templates/``,
``rules/``, ``evidence/``); an installed wheel carries copies under ``<prefix>/share/parscore/``
(pyproject ``data-files``). :func:`shipped_dir` returns the first that holds its marker file.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

__all__ = ["shipped_dir", "shipped_rules_dir"]


def shipped_dir(name: str, marker: str) -> Path | None:
    """The shipped folder ``name`` (``templates``, ``rules``, ``evidence``) containing ``marker``
    (a glob pattern), checkout first; ``None`` when neither copy exists."""
    for folder in _candidates(name):
        if folder.is_dir() and any(folder.glob(marker)):
            return folder
    return None


def _candidates(name: str) -> Iterator[Path]:
    """The checkout's folder, then the installed copies (their prefixes are only worked out when
    the checkout has none: ``sysconfig`` expands its paths at each call)."""
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "pyproject.toml").is_file():
        yield checkout / name
    for prefix in (sysconfig.get_path("data"), sys.prefix, site.getuserbase()):
        yield Path(prefix) / "share" / "parscore" / name


def shipped_rules_dir() -> Path | None:
    """The rule packs shipped with parscore (``rules/*.yaml``)."""
    return shipped_dir("rules", "*.yaml")
