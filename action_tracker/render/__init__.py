"""Rendering: what people read (issue bodies, sync report, preview, digest, status), as pure
functions over typed values; every piece of untrusted text is escaped here."""
