"""JavaScript the Chromium tests run in a page, shared by the report tests and the web app's tests
(a test file imports these from here, never from another test file: each runs alone)."""

from __future__ import annotations

__all__ = ["FOLDED_SHOWN", "WITHOUT_FIELD_SIZING"]

# Whether the content of each folded (closed) <details> is shown (rendered, not skipped).
FOLDED_SHOWN = """() => Array.from(document.querySelectorAll("details:not([open])")).map(d =>
  Array.from(d.children).filter(c => c.tagName !== "SUMMARY").every(c => c.checkVisibility()))"""

# Run before a page's own scripts (``add_init_script``): the page as a browser without CSS
# ``field-sizing`` (Firefox, an older Safari) draws it, its boxes of lines not grown by the CSS.
WITHOUT_FIELD_SIZING = """(() => {
  const supports = CSS.supports.bind(CSS);
  CSS.supports = (...a) => String(a[0]).includes("field-sizing") ? false : supports(...a);
  document.addEventListener("DOMContentLoaded", () => {
    const style = document.createElement("style");
    style.textContent = "textarea.lines { field-sizing: fixed !important; }";
    document.head.append(style);
  }, { capture: true });
})()"""
