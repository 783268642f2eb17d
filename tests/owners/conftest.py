from tests.sync.conftest import checkout, gh, run_cli  # noqa: F401  (fixtures)
