"""Names people see for their files: a document's stable id, and the name a download is saved
under. Vietnamese letters become their plain Latin letters (``Báo cáo`` → ``bao-cao``) instead of
being cut out (``b-o-c-o``); a download keeps the name the file was uploaded with."""

from __future__ import annotations

import re
import unicodedata

from ..safe_text import clean_text

__all__ = ["ascii_slug", "download_names"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")
# kept out of a saved file's name: path separators, what Windows refuses, quotes
_NOT_IN_NAME = re.compile(r'[\\/:*?"<>|]+')
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,5}$")
# never seen in a saved file's name: control and format characters (right-to-left and
# left-to-right marks, zero-width spaces and joiners, a soft hyphen, a byte-order mark…), lone
# surrogates: they hide letters or change the order a name is read in
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
_NAME_CHARS = 120  # of a download's name, before its suffix


def _latin(text: str) -> str:
    """``text`` with Vietnamese (and other) accents taken off: ``Đắk Lắk`` → ``Dak Lak``."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _visible(text: str) -> str:
    """``text`` without characters that are not seen (:data:`_INVISIBLE`)."""
    return "".join(c for c in clean_text(text) if unicodedata.category(c) not in _INVISIBLE)


def ascii_slug(text: str, limit: int = 40) -> str:
    """Lower-case Latin letters, digits and dashes: ``Báo cáo 96/BC-UBND`` → ``bao-cao-96-bc-ubnd``
    (empty when nothing is left)."""
    return _NOT_SLUG.sub("-", _latin(text).lower()).strip("-")[:limit].strip("-")


def download_names(uploaded: str, title: str, doc_id: str, suffix: str) -> tuple[str, str]:
    """The name a document's file is saved under, and its plain-ASCII form (for browsers that
    read only ``filename=``): the uploaded file's name (else the document's title, else its id),
    without control or invisible characters, path separators or characters Windows refuses,
    ending with the suffix of the type its content has (``suffix``), whatever the uploaded name
    said."""
    name = ""
    base = uploaded.replace("\\", "/").rsplit("/", 1)[-1]
    for text in (_SUFFIX.sub("", _visible(base)), _visible(title)):
        text = " ".join(_NOT_IN_NAME.sub(" ", text).split()).strip(" .")
        if text:
            name = unicodedata.normalize("NFC", text)[:_NAME_CHARS].rstrip(" .")
            break
    fallback = ascii_slug(doc_id, _NAME_CHARS) or "tai-lieu"
    plain = _NOT_ASCII_NAME.sub("-", _latin(name)).strip("-.")[:_NAME_CHARS] or fallback
    return (name or fallback) + suffix, plain + suffix
