"""Validation errors raised by the use cases before anything is written.

Each carries a Japanese message for the user and, when one field is at fault, that
field's name so a form can show the message next to it.
"""
from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import date
from typing import ParamSpec, TypeVar

from app.terms import TermsInputError

P = ParamSpec("P")
R = TypeVar("R")


class ValidationError(Exception):
    """Bad input: nothing was changed."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class NotFoundError(ValidationError):
    """The record the input refers to does not exist."""


class StateError(ValidationError):
    """The record is not in a state that allows this action (e.g. an application already decided)."""


class DateOutOfRangeError(ValidationError):
    """A date before the earliest or after the latest allowed one; `allowed` names that date."""

    def __init__(self, message: str, allowed: date, field: str | None = None) -> None:
        super().__init__(message, field)
        self.allowed = allowed


def translates_terms_errors(function: Callable[P, R]) -> Callable[P, R]:
    """Use-case decorator: the terms' input errors become ValidationError (after the rollback)."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return function(*args, **kwargs)
        except TermsInputError as exc:
            if exc.allowed is not None:
                raise DateOutOfRangeError(exc.message, exc.allowed, exc.field) from exc
            raise ValidationError(exc.message, exc.field) from exc

    return wrapper
