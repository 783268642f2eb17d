"""Hypothesis strategies: postmortem-shaped Markdown, front matter and config files built
from the pieces real documents (and hostile ones) are made of.

``FUZZ_EXAMPLES`` sets how many examples each fuzz test tries (default: a short run for the
suite; ``benchmarks/fuzz_campaign.py`` raises it for a long campaign)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

# The suite's run is short and the same every time (derandomized); a campaign is random.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                derandomize="FUZZ_EXAMPLES" not in os.environ,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# Pieces of lines: structure, metadata shapes, brackets, dates, odd characters.
PIECES = [
    "# ", "## ", "### ", "Action items", "Follow-ups", "Lessons learned", "What went well",
    "What went wrong", "Timeline", "Corrective actions", "Later (Q3 2026)", "Done",
    "| ", " |", "|", "|---|---|", "| Action | Owner | Due | Priority | Status |", ":-:",
    "- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "- [x] ", "  ", "    ", "\t", "> ", ">",
    "[", "]", "(", ")", "[a](http://x/issues/1)", "[#12]", "[ref]: http://x", "![i](u)",
    "<", ">", "<http://a/b>", "<details>", "&amp;", "\\", "`", "```", "~~~", "**", "__", "_",
    "*", "~~", "@ana", "@", "#12", "acme/app#3", "AB-12", "b/123456", "P1", "P0:", "[high]",
    "[prevent]", "(owner: Ana, due 2026-03-01)", "Owner: Bo Chen", "due ", "by ", "Due: ",
    "2026-01-12", "03/01/2026", "1 March 2026", "9999-12-31", "0001-01-01", "2026-02-30",
    "Q4 2025", "EOW", "next sprint", "status: done", "TODO", "✅", "❌", "won't fix",
    "Fix the thing", "Add an alert", "owner", ",", ";", ":", " — ", " - ", " | ", "=", "-",
    "---", "+++", "===", "é", "\u200b", "\u2028", "\u00a0", "\ufeff", "\x0b", "\r", "𝔘",
    "ſ", "K", "İ", "0", "19", "20",
]
piece = st.sampled_from(PIECES) | st.text(max_size=8)
line = st.lists(piece, max_size=6).map("".join)
markdown_body = st.lists(line, max_size=40).map("\n".join)

FRONT_PIECES = [
    "title: ", "date: ", "id: ", "severity: ", "authors:", "actions:", "  - ", "    ",
    "description: ", "owner: ", "due: ", "done: true", "priority: ", "&a ", "*a", "&b ",
    "*b", "<<: *a", "[", "]", "{", "}", ", ", "a", "'", '"', "!!int ", "!!str ", "? ",
    "2026-01-12", "9999-12-31", "0001-01-01", "2026-02-30", "1" * 30, "null", "~", "#",
    "|", ">", "- ", "x = ", "[a]", "[[b]]", "= 1", "\t",
]
front_line = st.lists(st.sampled_from(FRONT_PIECES) | st.text(max_size=4),
                      max_size=6).map("".join)
front_matter = st.tuples(st.sampled_from(["---", "+++"]),
                         st.lists(front_line, max_size=12).map("\n".join)).map(
    lambda fence_raw: f"{fence_raw[0]}\n{fence_raw[1]}\n{fence_raw[0]}\n")


def nested(depth: int) -> str:
    return "x: " + "[" * depth + "]" * depth


documents = st.one_of(
    markdown_body,
    st.tuples(front_matter, markdown_body).map("".join),
    st.tuples(st.sampled_from(["", "---\n", "+++\n"]),
              st.integers(0, 400).map(nested), markdown_body).map(
        lambda t: f"{t[0]}{t[1]}\n{t[0]}{t[2]}"),
)

# Config files: the real keys with values of any YAML shape, and the shapes that broke it.
CONFIG_KEYS = {
    "paths": None, "exclude": None, "owners": None, "due_days": None, "templates_dir": None,
    "labels": ["tracking", "priority_prefix", "type_prefix", "removed", "digest", "color"],
    "sync": ["close_removed", "assign_owners"],
    "digest": ["period", "due_soon_days", "mention", "close_previous", "title", "max_items",
               "webhook_timeout", "webhook_retries"],
    "github": ["write_interval", "max_retries", "max_rate_limit_wait", "timeout"],
}
scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=20),
    st.sampled_from(["/srv/x/*.md", "", "**.md", "a,b", "x" * 60, "{period}", "{", "{x}",
                     "postmortems/**/*.md", ".", "..", "P1", "#5319e7", "\x00", "1" * 5001]),
)
yaml_values = st.recursive(
    scalars, lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.text(max_size=8), children, max_size=4), max_leaves=12)


def _section(key: str) -> st.SearchStrategy[object]:
    subkeys = CONFIG_KEYS[key]
    if subkeys is None:
        return yaml_values
    return st.dictionaries(st.sampled_from(subkeys), yaml_values, max_size=4) | yaml_values


config_data = st.dictionaries(st.sampled_from(sorted(CONFIG_KEYS)), st.none(), max_size=5).flatmap(
    lambda keys: st.fixed_dictionaries({key: _section(key) for key in keys}))
config_text_pieces = st.lists(st.sampled_from(
    ["paths:", "labels:", "  tracking: ", "due_days:", "  P1: ", "&a ", "*a", "[", "]", "{",
     "}", "- ", "  ", "'", ": ", "!!float ", "!!binary ", "1" * 5001, "\n", "#", "?", "x"])
    | st.text(max_size=6), max_size=20).map("".join)
