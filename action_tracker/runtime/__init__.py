"""What a run gets from its surroundings: environment, config, the checkout (workspace,
discovery, git), GitHub Actions outputs, the chat notifier and the log."""
