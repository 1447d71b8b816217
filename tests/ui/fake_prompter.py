"""A Prompter that answers from a list and records what it was asked (no modal dialogs in tests)."""
from __future__ import annotations

from collections.abc import Callable


class FakePrompter:
    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []
        self.messages: list[str] = []
        self.offers: list[tuple[str, str | None, Callable[[], None]]] = []  # non-blocking: taken with take_offer

    def ask(self, text: str) -> bool:
        self.questions.append(text)
        return self.answers.pop(0)

    def inform(self, text: str) -> None:
        self.messages.append(text)

    def offer(self, text: str, accept: str | None, on_accept: Callable[[], None]) -> None:
        self.offers.append((text, accept, on_accept))

    def take_offer(self, index: int = -1) -> None:
        """The user presses the offer's accept button."""
        self.offers[index][2]()
