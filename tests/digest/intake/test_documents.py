"""Reading files: each format, the day's source, and every kind of bad input rejected."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from digest.intake.documents import DayContext, Rejected, read_file

CONTEXT = DayContext(ZoneInfo("Europe/Kyiv"), date(2026, 11, 21), date(2026, 1, 5), "--date")
BODY = (
    "Rapid Support Forces shelled the city of El Fasher on Monday, killing 12 civilians, local "
    "activists said. The army said it repelled an assault on its positions."
)


def test_json_list_with_published_time() -> None:
    records = [
        {
            "title": "Shelling in El Fasher",
            "text": BODY,
            "url": "https://ex.com/1",
            "source": "Sudan Tribune",
            "published": "2025-06-02T22:30:00Z",
        },
        {"title": "No text"},
    ]
    result = read_file(Path("a.json"), json.dumps(records).encode(), CONTEXT)
    [article] = result.articles
    assert article.day == date(2025, 6, 3)  # 22:30 UTC is past midnight in Kyiv
    assert article.date_source == "publication time"
    assert article.source == "Sudan Tribune" and article.url == "https://ex.com/1"
    assert result.problems == ["record 2: no text field"]


def test_jsonl_bad_line_reported() -> None:
    data = json.dumps({"text": BODY}) + "\n{broken\n"
    result = read_file(Path("b.jsonl"), data.encode(), CONTEXT)
    assert len(result.articles) == 1
    assert result.articles[0].date_source == "--date"
    assert result.articles[0].source == "b.jsonl"
    assert result.problems[0].startswith("line 2: invalid JSON")


def test_html_main_text_extracted() -> None:
    html = f"""<html><head><title>Goma clashes</title>
    <meta property="og:site_name" content="Congo Wire"></head><body>
    <nav>Home | World | Subscribe</nav><article><h1>Goma clashes</h1>
    <p>{BODY}</p><p>Residents fled toward the border as fighting continued overnight.</p>
    </article><footer>Copyright 2025 Congo Wire. All rights reserved.</footer></body></html>"""
    [article] = read_file(Path("c.html"), html.encode(), CONTEXT).articles
    assert article.title == "Goma clashes"
    assert article.source == "Congo Wire"
    assert "killing 12 civilians" in article.text
    assert "Subscribe" not in article.text and "Copyright" not in article.text


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\n ", "empty file"),
        ("bin.txt", bytes(range(256)) * 4, "binary file"),
        ("latin.txt", "Caf\u00e9 attack".encode("latin-1") + b" " * 40, "not UTF-8"),
        ("big.txt", b"a " * (3 * 1024 * 1024), "larger than 5 MB"),
        ("short.txt", b"Just a few words.", "no article text"),
        ("garbage.html", b"<html><body><div></div></body></html>", "no article text"),
        ("x.json", b"{not json", "invalid JSON"),
        ("x.pdf", b"%PDF-1.4", "unsupported file type .pdf"),
    ],
)
def test_bad_input_rejected_with_reason(name: str, data: bytes, reason: str) -> None:
    with pytest.raises(Rejected, match=reason):
        read_file(Path(name), data, CONTEXT)


def test_wrong_prefix_date_falls_back_and_says_so() -> None:
    text = f" date 2025-02-30 {BODY}"
    [article] = read_file(Path("d.txt"), text.encode(), CONTEXT).articles
    assert article.day == date(2026, 1, 5)
    assert any("not a real day" in note for note in article.notes)
    assert not article.text.startswith("date")
