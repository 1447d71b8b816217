"""Parsing command-line values through app.inputs (the one home for user input): errors as CliError.

Full-width input is accepted (NFKC); a bad value is one Japanese line and exit code 2.
"""
from __future__ import annotations

from datetime import date

from app import inputs
from app.cli.errors import CliError

__all__ = ["parse_date", "parse_month", "parse_yen"]


def parse_date(text: str, label: str) -> date:
    try:
        return inputs.parse_date(text, label)
    except inputs.InputError as error:
        raise CliError(error.message) from None


def parse_month(text: str, label: str) -> date:
    try:
        return inputs.parse_month(text, label)
    except inputs.InputError as error:
        raise CliError(error.message) from None


def parse_yen(text: str, label: str) -> int:
    try:
        return inputs.parse_yen(text, label)
    except inputs.InputError as error:
        raise CliError(error.message) from None

