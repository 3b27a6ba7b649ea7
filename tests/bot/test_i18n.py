"""bot.i18n: which Telegram languages the bot has, days and counts in each language."""

from __future__ import annotations

from datetime import date

import pytest

from bot.i18n import ENGLISH, language_name, supported, translator


@pytest.mark.parametrize(
    ("code", "language"),
    [("uk", "uk"), ("uk-UA", "uk"), ("UK_ua", "uk"), ("en-GB", "en"), ("de", None), ("", None)],
)
def test_telegram_language_codes(code: str, language: str | None) -> None:
    assert supported(code) == language


def test_days_as_each_language_writes_them() -> None:
    assert ENGLISH.long_day(date(2025, 11, 29)) == "Saturday 29 November 2025"
    assert translator("uk").long_day(date(2026, 3, 3)) == "вівторок, 3 березня 2026"
    assert translator("uk").number(1200) == "1\xa0200" and ENGLISH.number(1200) == "1,200"


def test_ukrainian_has_three_plural_forms() -> None:
    uk = translator("uk")
    forms = [uk.ngettext("{count} article", "{count} articles", n).format(count=n)
             for n in (1, 2, 5, 11, 21, 22, 25)]  # fmt: skip
    assert forms == [
        "1 стаття", "2 статті", "5 статей", "11 статей", "21 стаття", "22 статті", "25 статей",
    ]  # fmt: skip
    assert ENGLISH.ngettext("{count} article", "{count} articles", 1) == "{count} article"


def test_an_unknown_language_is_english() -> None:
    assert translator("xx") is ENGLISH and translator(None) is ENGLISH
    assert [language_name(code) for code in ("en", "uk")] == ["English", "Українська"]
