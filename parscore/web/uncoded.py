"""What web pages say of a problem: the engine's Vietnamese message and where it is, without the
engine's code (``PS505``). The command line prints the code for whoever looks it up;
commune staff reading a page have no use for it. Two doors cover every page: the messages
framework's storage (:class:`Messages`, the ``MESSAGE_STORAGE`` setting: every flash message,
an engine exception's text included) and :func:`parscore.web.evidence.issue_text` (an engine
issue written into a form's or an import's list of problems); the web's own problem texts
carry no code."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.messages.storage.fallback import FallbackStorage

__all__ = ["Messages", "uncoded"]

# an engine code where Issue.format writes it: "PS505 " after a location, "PS205: " first
_CODE = re.compile(r"(?<![\w/.-])PS\d{3}(?![\w/.-]):? ?")


def uncoded(text: str) -> str:
    """``text`` without the engine's codes (``PS505``) in it."""
    return _CODE.sub("", text) if "PS" in text else text


class Messages(FallbackStorage):
    """The messages framework's storage (cookie, then session), each message without a code:
    ``messages.error(request, str(exc))`` says an engine error as a page should."""

    def add(self, level: int, message: Any, extra_tags: str = "") -> None:
        shown = uncoded(str(message)) if message else message
        super().add(level, message if shown == message else shown, extra_tags)  # safe text kept
