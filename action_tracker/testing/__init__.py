"""Test doubles shared by the test suite and the benchmarks (not shipped in the wheel).

``fake_github`` is a stateful fake of the GitHub REST API that behaves as real GitHub does
(``shared/spec/github-facts.md``): the CLI is driven end to end against it, so no test and no
benchmark touches the network, and neither imports the other.
"""
