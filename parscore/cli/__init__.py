"""Command-line interface: the only layer that reads argv, prints and picks exit codes."""
