"""JavaScript the Chromium tests run in a page, shared by the report tests and the web app's tests
(a test file imports these from here, never from another test file: each runs alone)."""

from __future__ import annotations

__all__ = ["FOLDED_SHOWN"]

# Whether the content of each folded (closed) <details> is shown (rendered, not skipped).
FOLDED_SHOWN = """() => Array.from(document.querySelectorAll("details:not([open])")).map(d =>
  Array.from(d.children).filter(c => c.tagName !== "SUMMARY").every(c => c.checkVisibility()))"""
