"""The command line's error type (kept apart so that sub-command modules can import it cheaply)."""


class CliError(Exception):
    """Bad input from the command line: printed as one line, exit code 2."""
