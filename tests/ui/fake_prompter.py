"""A Prompter that answers from a list and records what it was asked (no modal dialogs in tests)."""
from __future__ import annotations


class FakePrompter:
    def __init__(self, *answers: bool) -> None:
        self.answers = list(answers)
        self.questions: list[str] = []
        self.messages: list[str] = []

    def ask(self, text: str) -> bool:
        self.questions.append(text)
        return self.answers.pop(0)

    def inform(self, text: str) -> None:
        self.messages.append(text)
