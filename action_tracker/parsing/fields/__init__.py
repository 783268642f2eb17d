"""Reading the fields of one item or table cell: owner, due, priority, type, status, ticket.

- :mod:`vocabulary`: every keyword the readers know, as data (keys like ``Owner:``, status,
  priority and type words, table column words); every pattern over them is built from here.
- :mod:`values`: the :class:`Fields` an item carries and the normalisers of one value.
- :mod:`parts`: whether one part ("owner: Ana", "P1", "2026-03-01") is metadata.
- :mod:`item`: an item's description and fields: leading readers, then trailing readers,
  then what the sentence says inside.
- :mod:`owners`: the owner an item names where it starts (a tag, a subject).
- :mod:`worded`: an item that reports finished work is done.
"""

from action_tracker.parsing.fields.item import ItemText, read_item
from action_tracker.parsing.fields.owners import lead_owner
from action_tracker.parsing.fields.parts import classify_part, key_line_fields
from action_tracker.parsing.fields.values import (
    URL_RE,
    Fields,
    clean,
    link_ticket,
    normalise_priority,
    normalise_status,
    normalise_type,
    starts_with_action_verb,
    text_ticket,
)
from action_tracker.parsing.fields.worded import worded_status

__all__ = [
    "URL_RE", "Fields", "ItemText", "classify_part", "clean", "key_line_fields", "lead_owner",
    "link_ticket", "normalise_priority", "normalise_status", "normalise_type", "read_item",
    "starts_with_action_verb", "text_ticket", "worded_status",
]
