"""What would raise a leaf's points, in words: kept as the stable entry point for ``explain`` and
the report; the hints come from the planner's candidates (:mod:`parscore.planning.hints`)."""

from .planning.hints import item_hints, raise_hints

__all__ = ["item_hints", "raise_hints"]
