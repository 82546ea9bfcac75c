"""``parscore diff --format html``: one self-contained page, rendered by Jinja (autoescaped).

It uses the report module's Jinja environment (built-in ``templates/`` folder, strict undefined
names, the Vietnamese number filters), with three filters of its own.
"""

from __future__ import annotations

from collections.abc import Callable

from ..compiled import LoadedPack
from ..diffing import KIND_VI, Change, DriftCauses, PackDiff
from .diff_text import change_line, diff_sections, drift_view, pack_line, summary_line
from .diff_words import pair_warnings, read_first, revision_warning, rules_in_words
from .filters import Formatter
from .render import make_environment

__all__ = ["render_diff_html"]


def _trend(text: str) -> str:
    return "up" if text.startswith("+") else "down" if text.startswith("−") else ""


def render_diff_html(
    diff: PackDiff, labels: dict[str, str], packs: tuple[LoadedPack, LoadedPack] | None = None
) -> str:
    """The page; with the two ``packs``, each changed scoring rule is also written out in words
    under both (as ``parscore explain`` and the web comparison word it)."""
    places = max((d.new.pack.places for d in diff.drift), default=2)
    env = make_environment("html", Formatter(places, "half_up"))

    def describe(change: Change) -> str:
        return change_line(diff, change)

    filters: dict[str, Callable[..., str]] = {
        "describe": describe,
        "pack_line": pack_line,
        "trend": _trend,
    }
    env.filters.update(filters)
    causes = DriftCauses(diff.changes, diff.readers, diff.packs)
    return env.get_template("diff.html.j2").render(
        diff=diff,
        summary=summary_line(diff),
        warning=revision_warning(diff.old, diff.new, diff.changes),
        pair_warnings=pair_warnings(diff.old, diff.new),
        rules=rules_in_words(*packs, diff.changes) if packs is not None else [],
        sections=[
            (
                title,
                [c for c in changes if read_first(c)],
                [c for c in changes if not read_first(c)],
            )
            for title, changes in diff_sections(diff)
        ],
        kinds=KIND_VI,
        views=[drift_view(d, labels, causes) for d in diff.drift],
    )
