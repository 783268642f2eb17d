"""Small text judgements shared by actions and lessons: placeholders and guidance."""

from __future__ import annotations

import re

_PLACEHOLDER_RE = re.compile(
    r"^(?:tbd|tbc|todo|n/?a|none|nope|nothing|-+|\.+|…|x+|y+|z+|\?+|lorem ipsum.*|"
    r"<[^>]*>|\[[^\]]*\]|description|action item|owner|insert .*|add .* here|"
    r"your .* here|placeholder.*)$",
    re.IGNORECASE,
)


# Filler a template leaves for the author: "… another item", "{{ summary }} [link to
# issue]", "<placeholder>" anywhere in the text, "TBD" with only punctuation or a bullet
# around it.
_FILLER_RE = re.compile(
    r"^\W*(?:(?:\.{3}|…)\s*(?:and\s+)?(?:an?other|more|etc)\b.*|"
    r"(?:tbd|tbc|todo|n/?a)(?:\W+(?:tbd|tbc|todo|n/?a))*|"
    r"(?:action item|action|item|task|follow[- ]?up|issue|ticket)\s*#?\d{1,2})\W*$"
    r"|\{\{[^{}]*\}\}|\{%[^%{}]*%\}|<(?:placeholder|insert|fill|add|describe|your|link|todo|tbd)\b[^<>]*>",
    re.IGNORECASE,
)
# Instructions to the author, not work to do: they talk about the document itself ("List
# issues that have been created as corrective actions from this incident.", "For each issue,
# include the following", "Describe what went well here").
_INSTRUCTION_RE = re.compile(
    r"^\W*(?:for each (?:issue|item|action|ticket|task|follow[- ]?up|lesson)\b|"
    r"(?:please )?(?:list|describe|explain|summari[sz]e|enumerate|outline|include|provide|"
    r"fill in|capture|note down|document|link to|add links?|insert)\b"
    r"(?=.*\b(?:this (?:incident|outage|event|section|postmortem|post-mortem|document|"
    r"template|review)|here|below|the following|as (?:corrective|follow)|"
    r"(?:have|has) been (?:created|filed|opened)|were (?:created|filed|opened)|"
    r"if (?:any|applicable)|for each|(?:each|every) (?:issue|ticket|item|action))\b))",
    re.IGNORECASE,
)

# The first words ``_INSTRUCTION_RE`` can start with (tried before the regex: this runs for
# every item and cell).
_INSTRUCTION_WORDS = frozenset({
    "for", "please", "list", "describe", "explain", "summarise", "summarize", "enumerate",
    "outline", "include", "provide", "fill", "capture", "note", "document", "link", "add",
    "insert",
})


def is_placeholder(text: str) -> bool:
    """Empty, ``TBD``, ``<fill in>``, ``XXX``, template filler and instructions to the
    author, or guidance written wholly in italics or quotes."""
    stripped = text.strip().rstrip(".").strip()
    if not stripped:
        return True
    if _PLACEHOLDER_RE.match(stripped):
        return True
    if ("…" in stripped or "..." in stripped or "{" in stripped or "<" in stripped
            or len(stripped) < 16) and _FILLER_RE.search(stripped):
        return True
    words = stripped.lstrip(" \t*_\"'“‘(<[>#:;,.!?-–—•·").split(None, 1)
    first = words[0].lower() if words else ""
    if first in _INSTRUCTION_WORDS and _INSTRUCTION_RE.match(stripped):
        return True
    return is_guidance(text)


def is_guidance(text: str) -> bool:
    """Template guidance: the whole paragraph in italics (``_List any tasks …_``) or in
    quotes (``"Describe the fix here."``)."""
    t = text.strip()
    if len(t) > 2 and t[0] in "\"“" and t.rstrip(".")[-1] in "\"”" and t.count('"') <= 2:
        return True
    return len(t) > 2 and (
        (t[0] == "_" and t.rstrip(".")[-1] == "_") or
        (t[0] == "*" and t[1] != "*" and t.rstrip(".")[-1] == "*" and t.rstrip(".")[-2] != "*")
    )


# ``[text][label]``, ``[text][]`` and ``[label]`` (not an inline link ``[text](url)``, not a
# definition ``[label]: url``); code spans are skipped by the caller's split.
_REF_LINK_RE = re.compile(
    r"(?<![\\\]])(!?)\[((?:\\.|[^\[\]\\])+)\](?:\[((?:\\.|[^\[\]\\])*)\])?(?![(:\[])")
_CODE_SPAN_RE = re.compile(r"(`+).+?\1", re.DOTALL)


def _reference_key(label: str) -> str:
    """A label as markdown-it stores it in ``env["references"]`` (normalizeReference)."""
    return " ".join(label.split()).lower().upper()


def resolve_references(text: str, references: dict[str, str]) -> str:
    """``text`` with reference-style links made inline (``[fixed][fix-pr]`` ->
    ``[fixed](https://…)``) from the document's definitions.

    A lesson or an action copied into an issue or the digest leaves its definitions behind
    (they sit at the end of the document), so there the link would show as bracket noise.
    A full reference whose label is not defined is reduced to its text; a bare ``[label]``
    that is not defined is left as written (it is just text in brackets)."""
    if "[" not in text:
        return text

    def replace(m: re.Match[str]) -> str:
        bang, inner, label = m.group(1), m.group(2), m.group(3)
        href = references.get(_reference_key(label or inner))
        if href is None:
            return inner if label is not None else m.group(0)
        href = href.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
        return f"{bang}[{inner}]({href})"

    out: list[str] = []
    last = 0
    for code in _CODE_SPAN_RE.finditer(text):
        out.append(_REF_LINK_RE.sub(replace, text[last:code.start()]))
        out.append(code.group(0))
        last = code.end()
    out.append(_REF_LINK_RE.sub(replace, text[last:]))
    return "".join(out)
