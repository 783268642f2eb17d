"""Postmortem parsing: Markdown (CommonMark + GitHub tables and task lists) with optional
YAML or TOML front matter, into a :class:`~action_tracker.models.Postmortem`.

Public entry points, which sync, digest and validate import:

- ``parse_file(path, *, display_path=None) -> Postmortem``: never raises for bad content;
  unreadable files come back with an error ``Problem``.
- ``parse_text(text, path) -> Postmortem``.

Stages: :mod:`frontmatter` splits the metadata block, :mod:`document` turns the body into
blocks with file line numbers (markdown-it-py tokens), :mod:`outline` places each block in
its section, then :mod:`actions`, :mod:`lessons` and :mod:`metadata` read what they need.
"""

from __future__ import annotations

import re
import stat
from pathlib import Path

from action_tracker.markers import id_problem
from action_tracker.models import ActionItem, Postmortem, Problem
from action_tracker.parsing import shortcuts
from action_tracker.parsing.actions import collect_actions, front_matter_actions
from action_tracker.parsing.dates import document_order, reading_order
from action_tracker.parsing.document import parse_markdown, unhide_headings
from action_tracker.parsing.fields import lead_owner, worded_status
from action_tracker.parsing.frontmatter import split_front_matter
from action_tracker.parsing.ids import assign_ids
from action_tracker.parsing.lessons import collect_lessons, resolved_lessons
from action_tracker.parsing.metadata import name_set, read_metadata
from action_tracker.parsing.outline import outline
from action_tracker.parsing.raw import RawAction
from action_tracker.parsing.top_sections import top_sections

MAX_BYTES = 20 * 1024 * 1024  # far beyond any postmortem; protects CI from a stray dump

__all__ = ["parse_file", "parse_text", "printable_path"]


def _to_item(raw: RawAction, action_id: str, problems: list[Problem],
             names: frozenset[str]) -> ActionItem:
    f = raw.fields
    if f.owner is None:  # "Infra will run the upgrade", "[SRE] Removed legacy access"
        f.owner = lead_owner(raw.description, names)
    for bad in f.impossible_dates:
        problems.append(Problem(
            line=raw.line, severity="warning",
            message=f"due date {bad!r} does not exist; write a real date as YYYY-MM-DD",
        ))
    not_planned = f.status == "cancelled"  # "won't fix": done, and closed as not planned
    said = f.status or worded_status(raw.description)  # "Removed the legacy credentials"
    status = "done" if not_planned else said if said in ("open", "done") else "unknown"
    return ActionItem(
        id=action_id, description=raw.description, owner=f.owner, due=f.due,
        priority=f.priority, type=f.type, status=status, ticket=f.ticket, line=raw.line,
        details=raw.details, due_text=f.due_text, not_planned=not_planned,
    )


def _stem(path: str) -> str:
    """``Path(path).stem`` without building a path object (once per document)."""
    name = path.rstrip("/").rpartition("/")[2]
    if name in ("", ".", "..") or "\\" in path or path.startswith("//"):
        return Path(path).stem  # the cases pathlib treats specially
    dot = name.rfind(".")
    return name[:dot] if 0 < dot < len(name) - 1 else name


def parse_text(text: str, path: str) -> Postmortem:
    """Parse a postmortem's text; ``path`` is how the file is shown (and its id fallback)."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # "5/8/2020" is the 5th of August where the document's other dates put the day first.
    with reading_order(document_order(text)):
        return _parse_text(text, path)


def _parse_text(text: str, path: str) -> Postmortem:
    stem = _stem(path)
    if not text.strip():
        return Postmortem(path=path, id=stem, problems=[
            Problem(line=1, severity="warning", message="document is empty")])
    front = split_front_matter(text)
    problems: list[Problem] = list(front.problems)
    # Tokenizing is most of the time: plain sections are read without markdown-it (results
    # are the same; see shortcuts.py).
    body = unhide_headings(front.body)
    sections = top_sections(body) if shortcuts.ENABLED else []
    doc = parse_markdown(body, line_offset=front.body_offset, sections=sections)
    contexts = outline(doc.blocks)
    raws = front_matter_actions(front.data, front.item_lines, problems)
    raws += collect_actions(doc.blocks, contexts, problems)
    ids = assign_ids([r.explicit_id for r in raws], [r.description for r in raws])
    meta = read_metadata(front.data, doc.blocks, path)
    # Owners the document names elsewhere (an owner column, "Owner: Dana") are people too.
    names = meta.names | name_set([o for r in raws if r.fields.owner
                                   for o in r.fields.owner.split(",")])
    actions = [_to_item(r, i, problems, names) for r, i in zip(raws, ids, strict=True)]
    problems.extend(meta.problems)
    doc_id = front.data.get("id")
    problems.sort(key=lambda p: (p.line or 0))
    lessons = resolved_lessons(collect_lessons(doc.blocks, contexts), doc.references)
    lessons_line = None if lessons.is_empty() else next(
        (doc.blocks[c.root].line for c in contexts if c.kind == "lessons"), None)
    return _with_id_problems(Postmortem(
        path=path, id=str(doc_id) if doc_id else stem, title=meta.title, date=meta.date,
        severity=meta.severity, status=meta.status, authors=meta.authors, actions=actions,
        lessons=lessons, problems=problems,
        id_line=_id_line(text, front.body_offset) if doc_id else None,
        references=doc.references, lessons_line=lessons_line,
    ))


def _with_id_problems(pm: Postmortem) -> Postmortem:
    """Ids too long for an issue's marker are errors here, so ``validate`` reports them
    (sync skips those actions: see :func:`action_tracker.markers.id_problem`)."""
    found = []
    message = id_problem("postmortem", pm.id)
    if message:
        found.append(Problem(line=pm.id_line or 1, severity="error", message=message))
    for action in pm.actions:
        message = id_problem("action", action.id)
        if message:
            found.append(Problem(line=action.line or None, severity="error", message=message))
    if not found:
        return pm
    problems = sorted([*pm.problems, *found], key=lambda p: (p.line or 0))
    return pm.model_copy(update={"problems": problems})


_ID_KEY_RE = re.compile(r"(?:id|\"id\"|'id')\s*[:=]")


def _id_line(text: str, front_lines: int) -> int | None:
    """The file line of the top-level front-matter ``id`` (YAML ``id:``, TOML ``id =``)."""
    for number, line in enumerate(text.split("\n", front_lines)[:front_lines], start=1):
        if _ID_KEY_RE.match(line):
            return number
    return None


def _unreadable(shown: str, stem: str, message: str) -> Postmortem:
    return Postmortem(path=shown, id=stem, problems=[Problem(severity="error", message=message)])


def printable_path(shown: str) -> str | None:
    """``shown`` with the bytes of a file name that is not UTF-8 written as ``\\xff``, or
    None when it is UTF-8 (Python keeps such bytes as lone surrogates, which no output,
    URL or JSON can encode)."""
    try:
        shown.encode("utf-8")
    except UnicodeEncodeError:
        return shown.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return None


def parse_file(path: Path, *, display_path: str | None = None) -> Postmortem:
    """Read and parse one file; any reason it cannot be read becomes an error ``Problem``."""
    shown = display_path or path.as_posix()
    safe = printable_path(shown)
    if safe is not None:  # no link, marker or line of output could name this file
        return _unreadable(safe, printable_path(path.stem) or path.stem,
                           "file name is not valid UTF-8; rename the file (UTF-8 names only)")
    try:
        info = path.stat()  # one system call for both questions
        if stat.S_ISDIR(info.st_mode):
            return _unreadable(shown, path.name, "is a folder, not a postmortem file")
        size = info.st_size
        if size > MAX_BYTES:
            return _unreadable(shown, path.stem, f"file is {size // (1024 * 1024)} MB; "
                               f"postmortems over {MAX_BYTES // (1024 * 1024)} MB are not read")
        data = path.read_bytes()
    except FileNotFoundError:
        return _unreadable(shown, path.stem, "no such file")
    except OSError as exc:
        return _unreadable(shown, path.stem, f"cannot read the file: {exc.strerror or exc}")
    if b"\x00" in data[:8192]:
        return _unreadable(shown, path.stem, "binary file, not a Markdown postmortem")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return Postmortem(path=shown, id=path.stem, problems=[Problem(
            line=line, severity="error",
            message=f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the file as UTF-8")])
    return parse_text(text, shown)
