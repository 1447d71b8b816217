"""The four device prerequisites of Art 7: what they are and which an application still lacks."""
from __future__ import annotations

from collections.abc import Mapping

from app.models import Application, Prerequisite

# Art 7 (1)-(4): number -> (column, label)
PREREQUISITES: Mapping[int, tuple[str, str]] = {
    1: ("prereq_site_power", "対象機器・設置場所・電源の用意"),
    2: ("prereq_remote_access", "監視センターからの遠隔監視・運用が可能な環境"),
    3: ("prereq_admin_registered", "対象機器へのアズジェント指定の管理者登録"),
    4: ("prereq_site_in_japan", "設置場所が日本国内でベンダーの稼動環境要件を満たすこと"),
}


def prerequisite_answers(application: Application) -> dict[int, Prerequisite]:
    return {n: Prerequisite(getattr(application, column)) for n, (column, _) in PREREQUISITES.items()}


def open_prerequisites(application: Application) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """(unmet, unchecked): the prerequisite numbers not met, and those not yet checked."""
    answers = prerequisite_answers(application)
    return (tuple(n for n, a in answers.items() if a is Prerequisite.UNMET),
            tuple(n for n, a in answers.items() if a is Prerequisite.UNCHECKED))
