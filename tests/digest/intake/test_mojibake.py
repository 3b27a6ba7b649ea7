"""Mojibake from the two charset mix-ups likely in Ukrainian news is refused; real text is not.

The real pages are read from the shared corpus (tests/support/realworld.py: third-party
pages kept outside the project); those tests skip when it is absent, and fail under CI.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.intake.charsets import decode_markup
from digest.intake.documents import DayContext, Rejected, build_article, mojibake
from digest.intake.feeds import plain_text
from tests.support.realworld import PAGES, expected, require_realworld

CONTEXT = DayContext(ZoneInfo("Europe/Kyiv"), date(2025, 12, 1), date(2025, 12, 1), "test")
UKRAINIAN = (
    "Київ: російські дрони атакували енергетичну інфраструктуру столиці вночі, повідомили "
    "у Київській міській військовій адміністрації. Сили ППО збили 48 із 60 дронів, ще "
    "ґрунтовно перевіряють наслідки; у трьох районах є пошкодження, постраждали четверо людей."
)
CORRECT = {
    "uk": UKRAINIAN,
    "de": "Grüße aus Köln: Die Bundesregierung äußerte sich am Montag zur Lage in der Ukraine.",
    "pl": "Żołnierze ćwiczą nad Wisłą; minister obrony ogłosił, że współpraca będzie zacieśniona.",
    "fr": "À Genève, les négociateurs ont été reçus ; « Ça avance », a déclaré l'émissaire.",
    "es": "El Gobierno español anunció el envío de ayuda a Ucrania; año tras año, señaló.",
    "symbols": "NESTLÉ® products, 25°C in SÃO PAULO? No: São Paulo, ±5 % and © 2025 Ösling.",
}


def _read_as(text: str, written: str, read: str) -> str:
    """`text` written in one charset and read in another, as a browser would.

    Bytes that windows-1252 leaves undefined (0x81, 0x8D ...) come out as the C1 controls
    of the same number, as browsers and most converters show them.
    """
    return "".join(
        bytes([byte]).decode(read, errors="ignore") or chr(byte) for byte in text.encode(written)
    )


@pytest.mark.parametrize(
    ("garbled", "reason"),
    [
        (
            _read_as(UKRAINIAN, "cp1251", "latin-1"),
            "garbled text: windows-1251 read as Latin-1 ('Êè¿â' is 'Київ'; wrong charset?)",
        ),
        (
            _read_as(UKRAINIAN, "utf-8", "cp1252"),
            "garbled text: UTF-8 read as windows-1252 ('ÐšÐ¸Ñ—Ð²' is 'Київ'; wrong charset?)",
        ),
    ],
)
def test_ukrainian_mojibake_is_refused_with_its_repair_shown(garbled: str, reason: str) -> None:
    with pytest.raises(Rejected) as refusal:
        build_article(garbled, source="Wire", context=CONTEXT)
    assert str(refusal.value) == reason


def test_mojibake_in_the_title_alone_is_refused() -> None:
    with pytest.raises(Rejected, match="UTF-8 read as windows-1252"):
        build_article(UKRAINIAN, title="ÐšÐ¸Ñ—Ð²", source="Wire", context=CONTEXT)


@pytest.mark.parametrize("language", sorted(CORRECT))
def test_correct_text_is_not_taken_for_mojibake(language: str) -> None:
    assert mojibake(CORRECT[language]) is None


def _real_pages() -> list[dict[str, object]]:
    require_realworld()
    return list(expected("pages"))


def test_no_real_page_is_taken_for_mojibake_but_the_one_that_is() -> None:
    flagged = []
    for page in _real_pages():
        name = Path(str(page["file"])).name
        try:
            text = plain_text(decode_markup((PAGES / name).read_bytes()))
        except Rejected:
            continue
        if mojibake(text):
            flagged.append(name)
    assert flagged == ["trafilatura-eval__archive.org.the-pain.net.silkroad.html"]
