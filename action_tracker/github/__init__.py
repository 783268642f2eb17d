"""The one seam to GitHub: the store protocol (:mod:`.store`), the PyGithub client and adapter,
and the pull-request event and comment."""
