"""Free text typed into the web app's forms (notes, explanations, the meeting's details): refused
when it holds a control character (it would break the Word and Excel files, as the engine's
loader refuses it in evidence files) or is longer than the field allows."""

from __future__ import annotations

from ..safe_text import first_control_char

__all__ = ["LINE", "LONG", "text_problem", "typed_lines"]

LINE = 300  # a name, a position, a place
LONG = 5000  # a note, an explanation, a conclusion


def text_problem(text: str, limit: int = LONG) -> str:
    """A Vietnamese problem with ``text``, or ``""`` (no engine code: a page says it)."""
    pos = first_control_char(text)
    if pos is not None:
        return (
            f"văn bản chứa ký tự điều khiển không in được (U+{ord(text[pos]):04X}) ở ký tự"
            f" thứ {pos + 1} (gợi ý: xóa ký tự này, thường lẫn vào khi sao chép)"
        )
    if len(text) > limit:
        return f"văn bản quá dài ({len(text)} ký tự, tối đa {limit}; hãy rút gọn)"
    return ""


def typed_lines(text: str) -> str:
    """Text from a multi-line box with its line breaks as ``\n`` (a browser sends ``\r\n``):
    stored, compared and exported alike whichever page or file it came from."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
