"""Which labels are the tool's: the one rule for keeping a person's labels and for creating
our own with a description.

The plan keeps every label this module does not claim (a person's label survives every
update), and the applier creates only the labels it claims. An empty ``priority_prefix`` or
``type_prefix`` claims nothing: the empty string would otherwise be a prefix of every label.
Which labels an action *gets* is ``tracking.desired.issue_labels``.
"""

from __future__ import annotations

from action_tracker.runtime.config import Config


def label_description(name: str, config: Config) -> str | None:
    """What a label the tool manages is for (its description on GitHub); ``None`` for a label
    that is not the tool's."""
    cfg = config.labels
    if name == cfg.tracking:
        return "Action item from a postmortem (managed by action-tracker)"
    if name == cfg.removed:
        return "Its action was removed from the postmortem"
    if cfg.priority_prefix and name.startswith(cfg.priority_prefix):
        return "Postmortem action priority"
    if cfg.type_prefix and name.startswith(cfg.type_prefix):
        return "Postmortem action type"
    return None


def managed_label(name: str, config: Config) -> bool:
    """Labels the tool sets itself (everything else on an issue is a person's and is kept)."""
    return label_description(name, config) is not None
