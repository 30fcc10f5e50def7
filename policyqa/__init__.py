"""The commands on top of every layer: the `policyqa` CLI, `doctor`, and the settings they read once."""
