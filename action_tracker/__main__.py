"""Allow ``python -m action_tracker``."""

from action_tracker.cli import main

if __name__ == "__main__":
    main()
