"""Terms profiles: loaded and validated; errors name the file and the field; chosen by event date."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from app.terms.profile import ProfileError, default_registry, load_registry, profiles_dir

SHIPPED = profiles_dir() / "2025-04-01.toml"


def test_shipped_profile_holds_the_spec_numbers() -> None:
    profile = default_registry().for_date(date(2025, 4, 1))
    assert profile.id == "2025-04-01"
    assert (profile.minimum_term_months, profile.renewal_months, profile.notice_months) == (12, 12, 1)
    assert profile.notice_reading == "month" and profile.cure_days == 30
    assert str(profile.late_rate_percent) == "73/5" and profile.day_count == 365  # 14.6
    assert profile.prorata_rounding_unit == 100 and profile.consumption_rate_percent == 10
    assert profile.penalty_tax == "outside" and not profile.penalty_after_renewal


def _copy(tmp_path: Path, replace: tuple[str, str] | None = None, name: str = "2025-04-01.toml") -> Path:
    text = SHIPPED.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("old", "new", "field"), [
    ('notice_reading = "month"', 'notice_reading = "about a month"', "term.notice_reading"),
    ("cure_days = 30", "cure_days = -30", "breach.cure_days"),
    ("cure_days = 30", 'cure_days = "30"', "breach.cure_days"),
    ('late_rate_percent = "14.6"', 'late_rate_percent = "fourteen"', "interest.late_rate_percent"),
    ("minimum_term_months = 12", "", "term.minimum_term_months"),
    ("penalty_after_renewal = false", "penalty_after_renewal = 0", "termination.penalty_after_renewal"),
    ("day_count = 365", "day_count = 360", "interest.day_count"),
    ('id = "2025-04-01"', 'id = "2025-04-02"', "id"),
])
def test_malformed_profile_names_file_and_field(tmp_path: Path, old: str, new: str, field: str) -> None:
    with pytest.raises(ProfileError) as error:
        load_registry(_copy(tmp_path, (old, new)))
    assert "2025-04-01.toml" in str(error.value) and field in str(error.value)


def test_broken_toml_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "2025-04-01.toml").write_text("id = ", encoding="utf-8")
    with pytest.raises(ProfileError, match="2025-04-01.toml"):
        load_registry(tmp_path)


def test_empty_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="プロファイル"):
        load_registry(tmp_path)


def test_a_future_revision_is_one_new_file_and_applies_from_its_date(tmp_path: Path) -> None:
    _copy(tmp_path)
    _copy(tmp_path, ('id = "2025-04-01"\neffective = 2025-04-01', 'id = "2027-10-01"\neffective = 2027-10-01'),
          name="2027-10-01.toml")
    text = (tmp_path / "2027-10-01.toml").read_text(encoding="utf-8").replace("cure_days = 30", "cure_days = 14")
    (tmp_path / "2027-10-01.toml").write_text(text, encoding="utf-8")
    registry = load_registry(tmp_path)
    assert registry.for_date(date(2027, 9, 30)).cure_days == 30
    assert registry.for_date(date(2027, 10, 1)).cure_days == 14
    assert registry.is_earlier_version(date(2025, 3, 31)) and not registry.is_earlier_version(date(2025, 4, 1))
