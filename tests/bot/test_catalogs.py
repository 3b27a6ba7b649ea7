"""The interface catalogs: every text the code marks is translated, keeps its placeholders and
its markup, parses as Telegram HTML, and the shipped .mo is compiled from the .po as it is."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import DOMAIN, LANGUAGES, LOCALES, SOURCE_LANGUAGE
from tests.support.fake_telegram import EntityParseError, parse_telegram_html
from tests.support.paths import ROOT

TRANSLATED = [language for language in LANGUAGES if language != SOURCE_LANGUAGE]
_TAG = re.compile(r"</?([a-zA-Z]+)[^>]*>")


def _po(language: str) -> Path:
    return LOCALES / language / "LC_MESSAGES" / f"{DOMAIN}.po"


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """What `make catalogs` extracts from the code now (its mapping and keywords)."""
    template = tmp_path_factory.mktemp("catalogs") / f"{DOMAIN}.pot"
    arguments = ["pybabel", "-q", "extract", "-F", str(ROOT / "pyproject.toml"), "-k", "N_"]
    CommandLineInterface().run([*arguments, "-o", str(template), str(ROOT)])
    with template.open("rb") as file:
        return read_po(file)


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def _forms(value: str | tuple[str, ...] | list[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def problems(template: Catalog, catalog: Catalog) -> Iterator[str]:
    """Why `catalog` cannot serve every message of `template`, one line per problem."""
    for wanted in template:
        if not wanted.id:
            continue
        message = catalog.get(wanted.id)
        key = wanted.id if isinstance(wanted.id, str) else wanted.id[0]
        if message is None:
            yield f"missing: {key!r}"
            continue
        if message.fuzzy:
            yield f"fuzzy: {key!r}"
        sources = _forms(wanted.id)
        translations = _forms(message.string)
        if len(sources) > 1 and len(translations) != catalog.num_plurals:
            yield f"{len(translations)} plural forms, not {catalog.num_plurals}: {key!r}"
        for translation in translations:
            yield from _translation_problems(key, sources, translation)


def _translation_problems(key: str, sources: list[str], translation: str) -> Iterator[str]:
    if not translation.strip():
        yield f"untranslated: {key!r}"
        return
    expected = set().union(*(_placeholders(source) for source in sources))
    if _placeholders(translation) != expected:
        yield f"placeholders {sorted(_placeholders(translation))} for {sorted(expected)}: {key!r}"
        return
    if _TAG.findall(translation) != _TAG.findall(sources[0]):
        yield f"markup {_TAG.findall(translation)} for {_TAG.findall(sources[0])}: {key!r}"
    sample = translation.format(**{name: f"Sample{index}" for index, name in enumerate(expected)})
    try:
        parse_telegram_html(sample)
    except EntityParseError as error:
        yield f"Telegram refuses {sample!r}: {error}"


def _catalog(language: str) -> Catalog:
    with _po(language).open("rb") as file:
        return read_po(file, locale=language)


def test_ukrainian_ships() -> None:
    assert "uk" in LANGUAGES


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_text_is_translated_and_valid(extracted: Catalog, language: str) -> None:
    assert len(extracted) > 50  # the extraction found the code's texts
    assert list(problems(extracted, _catalog(language))) == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_mo_is_compiled_from_the_po(language: str) -> None:
    compiled = BytesIO()
    write_mo(compiled, _catalog(language))
    assert (_po(language).with_suffix(".mo")).read_bytes() == compiled.getvalue(), (
        "run `make catalogs`"
    )


def test_a_missing_broken_or_fuzzy_translation_is_found(extracted: Catalog) -> None:
    catalog = _catalog("uk")
    del catalog["Saved"]
    catalog["Subscribe"].flags.add("fuzzy")
    catalog["Commands"].string = ""
    catalog["War digest · {day}"].string = "Воєнний дайджест · {date}"
    catalog["<b>Stats</b>"].string = "<b>Статистика"
    found = sorted(problems(extracted, catalog))
    assert [line.split(" ")[0] for line in found] == [
        "Telegram",
        "fuzzy:",
        "markup",
        "missing:",
        "placeholders",
        "untranslated:",
    ]
    assert "Can't find end tag" in found[0]
