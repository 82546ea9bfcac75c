"""``python -m parscore``."""

from .cli import entry

raise SystemExit(entry())
