"""What a browser posts back from a page's form (pure text: usable before Django is set up)."""

from __future__ import annotations

import html
import re

__all__ = ["form_values"]


def form_values(page: str) -> dict[str, str]:
    """The form's fields as the page shows them (what a browser would post back)."""
    values: dict[str, str] = {}
    for m in re.finditer(r'<input id="[^"]+" name="([^"]+)" value="([^"]*)"', page):
        values[m.group(1)] = html.unescape(m.group(2))
    for m in re.finditer(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', m.group(2))
        values[m.group(1)] = chosen.group(1) if chosen else ""
    for m in re.finditer(r'<textarea id="[^"]+" name="([^"]+)"[^>]*>(.*?)</textarea>', page, re.S):
        values[m.group(1)] = html.unescape(m.group(2)).replace("\n", "\r\n")  # a browser's lines
    shown = re.search(r'<input type="hidden" name="da-hien" value="([^"]*)"', page)
    if shown is not None:  # what the page shows, as a browser sends it back
        values["da-hien"] = html.unescape(shown.group(1))
    return values
