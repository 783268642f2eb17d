"""The digest: which tracked issues are overdue, due soon or closed for one period
(:mod:`.build`, pure), and the one digest issue per period (:mod:`.post`)."""
