"""Action ids that survive unrelated edits of the document.

Position is never part of an id: adding an action above another, or fixing a typo in a
different item, must not change it. An explicit id in the document wins; otherwise the id is
a readable slug of the first significant words plus 6 hex digits of the SHA-1 of the
normalised description. Two identical descriptions in one document get ``-2``, ``-3`` in
document order.
"""

from __future__ import annotations

import hashlib
import re

from action_tracker.parsing.brackets import replace_links, sub_enclosed

_STOP = {
    "a", "an", "the", "to", "of", "for", "and", "or", "in", "on", "at", "with", "by", "from",
    "is", "are", "be", "we", "our", "that", "this", "it", "as", "so", "into", "when",
}
_EXPLICIT_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_.]*-?\d+[A-Za-z0-9_.-]*$|^[A-Za-z]+-[\w-]+$")
_AUTOLINK_RE = re.compile(r"<https?://[^>]*>")
_PUNCT_RE = re.compile(r"[`*_~>#|()\[\]{}\"'“”‘’.,;:!?]")
_WORD_RE = re.compile(r"[a-z0-9]+")
_PUNCT_ASCII = b"`*_~>#|()[]{}\"'.,;:!?"  # _PUNCT_RE's ASCII characters
_ASCII_PUNCT = bytes.maketrans(_PUNCT_ASCII, b" " * len(_PUNCT_ASCII))


def normalise_description(text: str) -> str:
    """Lower-case words of the description: Markdown link targets, markup and case removed."""
    if "[" in text:
        # \[([^\]]*)\]\([^)]*\) then \[([^\]]*)\]\[[^\]]*\], in linear time
        text = replace_links(replace_links(text, "inline"), "reference")
    if "<" in text:
        text = sub_enclosed(_AUTOLINK_RE, " ", text, ">")  # linear, unlike .sub
    text = text.lower()
    if text.isascii():  # the same as the regex below (its other characters are not ASCII)
        text = text.encode().translate(_ASCII_PUNCT).decode()
    else:
        text = _PUNCT_RE.sub(" ", text)
    return " ".join(text.split())  # the same whitespace as \s, without the regex


def looks_like_id(value: str) -> bool:
    """``AI-3``, ``A12``, ``pm-2026-01-db-1``: letters and digits, not a bare row number."""
    value = value.strip()
    return bool(value) and len(value) <= 40 and bool(_EXPLICIT_RE.match(value)) and any(
        c.isdigit() for c in value)


def slug_id(description: str) -> str:
    norm = normalise_description(description)
    # Usually every word is plain ASCII letters and digits: then the words are the split.
    tokens = (norm.split(" ") if norm.isascii() and norm.replace(" ", "").isalnum()
              else _WORD_RE.findall(norm))
    words = [w for w in tokens if w not in _STOP][:6]
    slug = "-".join(words)[:48].strip("-") or "action"
    digest = hashlib.sha1(norm.encode("utf-8")).hexdigest()[:6]
    return f"{slug}-{digest}"


def assign_ids(explicit: list[str | None], descriptions: list[str]) -> list[str]:
    """Final ids in document order: explicit ids kept, others derived, repeats numbered."""
    seen: dict[str, int] = {}
    result = []
    for given, description in zip(explicit, descriptions, strict=True):
        base = given.strip() if given else slug_id(description)
        if given:
            result.append(base)  # duplicates of explicit ids are reported, not renamed
            continue
        count = seen.get(base, 0) + 1
        seen[base] = count
        result.append(base if count == 1 else f"{base}-{count}")
    return result
