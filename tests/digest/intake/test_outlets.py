"""Outlet names a reader recognises, whatever the page calls itself."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.intake.documents import DayContext, read_file
from digest.intake.outlets import outlet_name

STORY = (
    "Russian drones hit the port of Odesa overnight, killing two people and damaging grain "
    "silos and a warehouse near the harbour, the regional governor said."
)


@pytest.mark.parametrize(
    ("site", "url", "expected"),
    [
        ("BBC News", None, "BBC News"),
        ("Reuters_Co_Uk", "http://uk.reuters.com/article/x", "Reuters"),
        ("The Tico Times | Costa Rica News | Travel | Real Estate", None, "The Tico Times"),
        ("Copyright (c) CondéNet 2015", None, "CondéNet"),
        ("2015", "http://www.theonion.com/articles/x", "Theonion"),
        ("02.11.2021", "https://www.amnesty.de/x", "Amnesty"),
        ("@Reuters", "https://www.reuters.com/x", "Reuters"),
        ("www.kas.de", None, "KAS"),
        ("24Horas.cl", None, "24Horas"),
        ("jamaica-gleaner.com", None, "Jamaica Gleaner"),
        (None, "http://world.kbs.co.kr/service/news_view.htm", "KBS"),
        (None, None, "page.html"),
    ],
)
def test_outlet_names(site: str | None, url: str | None, expected: str) -> None:
    assert outlet_name(site, url, "page.html") == expected


def test_a_txt_names_its_outlet_on_a_source_line() -> None:
    context = DayContext(ZoneInfo("Europe/Kyiv"), date(2026, 12, 1), date(2026, 11, 30), "--date")
    data = f"date 2026-11-29\nSource: Ukrainska Pravda\n\n{STORY}\n".encode()
    (article,) = read_file(Path("odesa.txt"), data, context).articles
    assert (article.source, article.day, article.text) == (
        "Ukrainska Pravda",
        date(2026, 11, 29),
        STORY,
    )
    (unnamed,) = read_file(Path("odesa.txt"), f"{STORY}\n".encode(), context).articles
    assert unnamed.source == "odesa.txt"
