"""Hidden markers: round trip, and document text can never forge one."""

from __future__ import annotations

from action_tracker.markers import (
    find_marker,
    find_markers,
    neutralize,
    render_marker,
    with_marker_fields,
)
from action_tracker.render.markdown import inline, table_cell


def test_round_trip_with_awkward_values() -> None:
    line = render_marker(
        "action", {"pm": "2026-01-12 db --> x", "action": "a=b c", "hash": "abc", "due": None}
    )
    assert "-->" not in line[:-3]
    marker = find_marker(f"Some body\n\n{line}\n")
    assert marker is not None
    assert marker.key == ("2026-01-12 db --> x", "a=b c")
    assert marker.content_hash == "abc"
    assert marker.get("due") is None


def test_document_text_cannot_forge_a_marker() -> None:
    forged = "<!-- action-tracker:action v=1 pm=other action=victim hash=x -->"
    body = "Description: " + neutralize(forged)
    assert find_markers(body) == []
    assert find_markers("| " + table_cell(forged) + " |") == []
    assert find_markers(inline(forged)) == []


def test_kind_is_respected() -> None:
    body = render_marker("digest", {"period": "2026-W48"})
    assert find_marker(body, "action") is None
    digest = find_marker(body, "digest")
    assert digest is not None and digest.get("period") == "2026-W48"


def test_table_cell_escapes_pipes_and_newlines() -> None:
    assert table_cell("a | b\nc") == "a \\| b c"


def test_with_marker_fields_adds_to_the_marker_and_keeps_the_rest() -> None:
    line = render_marker("action", {"pm": "pm 1", "action": "a", "hash": "h"})
    body = f"Person's note above\n\n{line}\n\nand below"
    changed = with_marker_fields(body, "action", {"closed": "removed"})
    marker = find_marker(changed)
    assert marker is not None
    assert (marker.key, marker.content_hash, marker.get("closed")) == (("pm 1", "a"), "h",
                                                                       "removed")
    assert changed.startswith("Person's note above\n\n") and changed.endswith("\n\nand below")
    assert len(find_markers(changed)) == 1


def test_with_marker_fields_leaves_a_body_without_that_marker_alone() -> None:
    body = "no marker\n" + render_marker("digest", {"period": "2026-W48"})
    assert with_marker_fields(body, "action", {"closed": "removed"}) == body


def test_display_fields_are_capped_so_the_marker_always_fits() -> None:
    from urllib.parse import quote

    from action_tracker.markers import MAX_FIELD_LENGTH, capped, render_marker

    owner = "🚀" * 7_400
    short = capped(owner)
    assert short is not None and short.endswith("…")
    assert len(quote(short, safe="-._~:/@+")) <= MAX_FIELD_LENGTH
    assert capped("@alice") == "@alice" and capped(None) is None
    marker = render_marker("action", {"pm": "p", "action": "a", "owner": short})
    assert find_marker(marker) is not None and find_marker(marker).get("owner") == short  # type: ignore[union-attr]
