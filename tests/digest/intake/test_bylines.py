"""A page without date markup is dated by the byline printed next to its headline."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from lxml import html as lxml_html

from digest.intake.bylines import byline_day
from digest.intake.documents import DayContext, build_article, extract_page
from digest.intake.page_lines import visible_lines

HEADLINE = "Asamblea aprueba ley especial para construir cárceles"
STORY = (
    "<p>La Asamblea Legislativa aprobó este martes una ley especial para la construcción "
    "de centros penales, con los votos de 64 diputados de 84, según el decreto leído.</p>"
)


def _day(body: str, headline: str = HEADLINE, language: str = "es") -> date | None:
    page = lxml_html.fromstring(f"<html><body>{body}</body></html>")
    return byline_day(visible_lines(page), headline, language)


def test_a_byline_above_or_below_the_headline_in_its_own_language() -> None:
    above = f'<div><span class="date">Abril 19, 2022</span></div><h1>{HEADLINE}</h1>{STORY}'
    assert _day(above) == date(2022, 4, 19)
    below = f"<h1>{HEADLINE}</h1><h2>Ein Untertitel</h2><div>Pressemitteilung vom 20.01.2022</div>"
    assert _day(below + STORY) == date(2022, 1, 20)
    split = f"<h1>{HEADLINE}</h1><time><span>Jueves, 21 de</span> <span>Abril</span> de 2022</time>"
    assert _day(split + STORY) == date(2022, 4, 21)


def test_numbers_are_read_in_the_pages_language_and_english_names_anywhere() -> None:
    assert _day(f"<h1>{HEADLINE}</h1><p>Publikacja: 04.05.2021</p>", language="pl") == date(
        2021, 5, 4
    )
    assert _day(f"<h1>{HEADLINE}</h1><p>12/30/2019 05:03 AM</p>", language="en") == date(
        2019, 12, 30
    )
    assert _day(f"<h1>{HEADLINE}</h1><p>Von Ina Mayer, 14. May 2019</p>", language="de") == date(
        2019, 5, 14
    )


def test_the_day_nearest_the_headline_and_never_an_update() -> None:
    header = "<header><div>Viernes, 22 de abril de 2022</div></header>" + "<p>menu</p>" * 8
    assert _day(f"{header}<h1>{HEADLINE}</h1>{STORY}") is None
    written = f"<h1>{HEADLINE}</h1><p>Written: 2023-11-07 15:03 / Updated: 2023-11-09 10:00</p>"
    assert _day(written + STORY) == date(2023, 11, 7)
    updated = f"<h1>{HEADLINE}</h1><p>Aktualisiert am 05.05.2021</p>{STORY}"
    assert _day(updated) is None


def test_no_lone_year_no_month_no_prose_and_no_other_headline() -> None:
    assert _day(f"<h1>{HEADLINE}</h1><p>© 2012 APA/AP</p><p>Abril 2022</p>{STORY}") is None
    assert _day(f"<h1>{HEADLINE}</h1><p>© 2012 APA/AP, 1 Foto</p>{STORY}") is None
    prose = (
        "<p>On April 19, 2022 the assembly passed a law that the president had sent to it "
        "with a request for urgent handling by all parties.</p>"
    )
    assert _day(f"<h1>{HEADLINE}</h1>{prose}") is None
    related = f"<h1>Otro titular</h1><p>Abril 18, 2022</p>{STORY}"
    assert _day(related) is None


def test_the_byline_dates_a_page_after_url_and_before_the_markup() -> None:
    page = (
        f"<html><head><title>{HEADLINE}</title></head><body>"
        f'<aside><p title="2022-04-11">Video del día</p></aside>'
        f"<article><h1>{HEADLINE}</h1><p>Abril 19, 2022</p>{STORY * 2}</article></body></html>"
    )
    extracted = extract_page(page)
    context = DayContext(ZoneInfo("Europe/Kyiv"), date(2026, 12, 1), date(2026, 12, 1), "x")
    article = build_article(
        extracted.text, source="x", context=context, title=extracted.title, stated=extracted.dates
    )
    assert (article.day, article.date_source) == (date(2022, 4, 19), "byline")
