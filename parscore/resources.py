"""Where parscore's shipped data lives: report templates, rule packs and the sample communes.

A source checkout or editable install uses the folders beside the package (``templates/``,
``rules/``, ``evidence/``); an installed wheel carries copies under ``<prefix>/share/parscore/``
(pyproject ``data-files``). :func:`shipped_dir` returns the first that holds its marker file.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

__all__ = ["shipped_dir", "shipped_rules_dir"]


def shipped_dir(name: str, marker: str) -> Path | None:
    """The shipped folder ``name`` (``templates``, ``rules``, ``evidence``) containing ``marker``
    (a glob pattern), checkout first; ``None`` when neither copy exists."""
    package = Path(__file__).resolve().parent
    checkout = package.parent
    candidates = []
    if (checkout / "pyproject.toml").is_file():
        candidates.append(checkout / name)
    for prefix in (sysconfig.get_path("data"), sys.prefix, site.getuserbase()):
        candidates.append(Path(prefix) / "share" / "parscore" / name)
    for folder in candidates:
        if folder.is_dir() and any(folder.glob(marker)):
            return folder
    return None


def shipped_rules_dir() -> Path | None:
    """The rule packs shipped with parscore (``rules/*.yaml``)."""
    return shipped_dir("rules", "*.yaml")
