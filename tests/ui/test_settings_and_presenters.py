"""Settings typed like a user (registration number check digit refused with a message, nothing saved),
and the Qt-free presenters of the contract view and the dashboard."""
from __future__ import annotations

from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from app.settings import Settings, SettingsError
from tests.ui.screen_fixtures import NOW, TODAY, hub, seeded_db, workspace  # noqa: F401 (fixtures)
from ui.hub import Hub
from ui.presenters import contract_view, settings
from ui.presenters.dashboard import load_dashboard, summary
from ui.screens.settings_dialog import SettingsScreen

VALID = "T8700110005901"  # check digit 8 is right for 700110005901


def test_settings_from_text_validates_and_converts() -> None:
    current = Settings(user_name="山田")
    values = settings.values_of(current) | {"dashboard_days": "９０", "company_registration_number": VALID.lower(),
                                            "date_style": "japanese", "db_path": ""}
    new = settings.settings_from(current, values)
    assert new.dashboard_days == 90 and new.company_registration_number == VALID and new.date_style == "japanese"
    assert new.db_path is None
    with pytest.raises(SettingsError, match="登録番号"):
        settings.settings_from(current, values | {"company_registration_number": "T1700110005901"})
    with pytest.raises(SettingsError, match="整数"):
        settings.settings_from(current, values | {"backup_count": "十"})


def test_settings_screen_saves_through_the_hub_and_refuses_a_wrong_check_digit(qtbot: QtBot) -> None:
    saved: list[Settings] = []
    the_hub = Hub(Settings(user_name="山田"), clock=lambda: NOW)
    the_hub.set_settings_saver(saved.append)
    kinds: list[str] = []
    the_hub.changed.connect(kinds.append)
    screen = SettingsScreen(the_hub, None)  # type: ignore[arg-type]
    qtbot.addWidget(screen)
    screen.show()
    form = screen.form
    form.editors["company_registration_number"].setText("T1700110005901")  # type: ignore[union-attr]
    screen.save_button.click()
    assert saved == [] and "登録番号" in form.message.text()
    assert the_hub.settings.company_registration_number == ""
    form.editors["company_registration_number"].setText(VALID)  # type: ignore[union-attr]
    form.editors["dashboard_days"].setText("30")  # type: ignore[union-attr]
    screen.save_button.click()
    assert len(saved) == 1 and saved[0].company_registration_number == VALID and saved[0].dashboard_days == 30
    assert the_hub.settings.dashboard_days == 30 and kinds == ["settings"]
    assert "保存しました" in form.message.text()


def test_contract_view_presenter_reads_a_stored_contract(hub: Hub) -> None:  # noqa: F811
    from app.usecases.contract_detail import contract_detail

    detail = contract_detail(hub.engine, 1, TODAY)
    pairs = dict(contract_view.contract_pairs(detail, "western"))
    assert pairs["状態"] == detail.status
    assert pairs["初期費用"].endswith("円")
    assert dict(contract_view.customer_pairs(detail))["会社名"] == detail.company_name
    assert contract_view.title(detail).startswith(detail.number)
    assert contract_view.day_text(date(2026, 4, 1), "japanese") == "令和8年4月1日"
    assert contract_view.day_text(date(2026, 4, 1), "western", True) == "2026年4月1日（水）"
    titles = contract_view.tab_titles(detail)
    assert titles["history"] == f"履歴（{len(detail.history)}）"
    if detail.timeline is not None:
        assert detail.timeline.start == detail.start_date


def test_dashboard_presenter_loads_without_qt(hub: Hub) -> None:  # noqa: F811
    data = load_dashboard(hub.engine, TODAY, 60)
    assert len(data.months) == 12 and data.months[0].month == date(2026, 11, 1)
    assert data.total == sum(data.counts.values()) >= len(data.deadlines)
    assert summary(data).startswith(f"60日以内の期限 {data.total:,}件")
    assert all(row.balance > 0 and row.due_date < TODAY for row in data.overdue)
