"""The bot's interface languages: gettext catalogs compiled by Babel, and dates in each language.

English is the source language: every msgid is the English text, so English needs no catalog.
A language is supported when its compiled catalog ships in `bot/locales` (see the README's
"Languages" for adding one); the Ukrainian one is there. Only what the bot writes is
translated: the digest's article text stays as its sources wrote it.
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from digest.texts import N_

DOMAIN = "digestbot"
LOCALES = Path(__file__).parent / "locales"
SOURCE_LANGUAGE = "en"
LANGUAGES: tuple[str, ...] = (
    SOURCE_LANGUAGE,
    *sorted(path.parent.parent.name for path in LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")),
)
"""The supported languages: English, and every language with a compiled catalog."""
__all__ = ["ENGLISH", "LANGUAGES", "N_", "Translator", "language_name", "supported", "translator"]

# TRANSLATORS: a CLDR date pattern (EEEE weekday, d day, MMMM month, y year), not a sentence.
DAY_PATTERN = N_("EEEE d MMMM y")
"""How a day is written, as a CLDR pattern (Saturday 29 November 2025); each language
translates the pattern itself (Ukrainian: "EEEE, d MMMM y", вівторок, 3 березня 2026)."""


def supported(code: str | None) -> str | None:
    """The supported language for a Telegram `language_code` ("uk", "uk-UA", "en_GB"), or
    None when there is none or it is not supported."""
    if not code:
        return None
    language = code.replace("_", "-").split("-")[0].lower()
    return language if language in LANGUAGES else None


def language_name(language: str) -> str:
    """The language's name in itself, for a button: "English", "Українська"."""
    name = Locale.parse(language).get_display_name() or language
    return name[:1].upper() + name[1:]


@dataclass(frozen=True)
class Translator:
    """The texts and dates of one language; `translator(language)` gives the shared one."""

    language: str
    catalog: gettext.NullTranslations

    def gettext(self, message: str) -> str:
        """`message` (an English msgid) in this language."""
        return self.catalog.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for `count` (Ukrainian has three: 1 стаття, 2 статті, 5 статей); the
        caller formats the number in, e.g. `.format(count=count)`."""
        return self.catalog.ngettext(singular, plural, count)

    def long_day(self, day: date) -> str:
        """A day as readers say it: Saturday 29 November 2025, вівторок, 3 березня 2026."""
        return format_date(day, self.gettext(DAY_PATTERN), locale=self.language)

    def number(self, value: int) -> str:
        """A count as the language groups digits: 1,200 in English, 1 200 in Ukrainian."""
        return format_decimal(value, locale=self.language)


def translator(language: str | None) -> Translator:
    """The translator of `language` (a code from LANGUAGES); English for None or an
    unsupported code, so an old or hand-edited row never breaks a reply."""
    return _loaded(supported(language) or SOURCE_LANGUAGE)


@cache
def _loaded(language: str) -> Translator:
    """Each catalog is read once per process."""
    if language == SOURCE_LANGUAGE:
        return Translator(language, gettext.NullTranslations())
    return Translator(language, gettext.translation(DOMAIN, LOCALES, [language]))


ENGLISH = translator(SOURCE_LANGUAGE)
"""The command line's language, and the default of the renderers."""
