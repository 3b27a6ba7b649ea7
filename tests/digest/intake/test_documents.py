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


@pytest.mark.parametrize(
    ("stated", "shown"),
    [("\ufffd", "c.json"), ("Sudan Tribune\ufffd", "Sudan Tribune"), ("\ud800\x00", "c.json")],
)
def test_a_source_of_garbage_characters_gives_way_to_the_file_name(stated: str, shown: str) -> None:
    data = json.dumps([{"text": BODY, "source": stated}]).encode()
    assert [article.source for article in read_file(Path("c.json"), data, CONTEXT).articles] == [
        shown
    ]


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


def _dated(published: str) -> bytes:
    return json.dumps({"title": "El Fasher", "text": BODY, "published": published}).encode()


def test_naive_publication_time_is_in_the_configured_zone() -> None:
    # 23:30 in Kyiv is still June 2; read as UTC it would have been June 3 in Kyiv.
    [article] = read_file(Path("n.json"), _dated("2026-06-02T23:30:00"), CONTEXT).articles
    assert article.day == date(2026, 6, 2)
    assert article.published is not None and article.published.utcoffset() is not None
    assert article.published.isoformat() == "2026-06-02T23:30:00+03:00"


def test_future_publication_time_falls_back_and_archive_dates_are_kept() -> None:
    [future] = read_file(Path("f.json"), _dated("2099-01-01T00:00:00Z"), CONTEXT).articles
    assert future.day == date(2026, 1, 5) and future.published is None
    assert "ignored the publication time 2099-01-01T00:00:00+00:00 (in the future)" in future.notes
    [old] = read_file(Path("o.json"), _dated("1970-01-02T00:00:00Z"), CONTEXT).articles
    assert old.day == date(1970, 1, 2) and old.date_source == "publication time"


def test_feed_window_refuses_old_articles() -> None:
    window = DayContext(CONTEXT.tz, CONTEXT.today, CONTEXT.today, "fetch", max_age_days=30)
    with pytest.raises(Rejected, match=r"dated 1970-01-02 \(publication time\), more than 30"):
        read_file(Path("o.json"), _dated("1970-01-02T00:00:00Z"), window)
    [recent] = read_file(Path("r.json"), _dated("2026-11-01T00:00:00Z"), window).articles
    assert recent.day == date(2026, 11, 1)


def test_page_date_in_the_future_is_ignored() -> None:
    html = f"""<html><head><title>Goma</title>
    <meta property="article:published_time" content="2099-05-05"></head><body><article>
    <p>{BODY}</p><p>Residents fled toward the border as fighting continued overnight.</p>
    </article></body></html>"""
    [article] = read_file(Path("p.html"), html.encode(), CONTEXT).articles
    assert article.day == date(2026, 1, 5)  # trafilatura's date search stops at today


def test_bad_canonical_url_of_a_page_is_dropped_with_a_note() -> None:
    html = f"""<html><head><title>Goma</title>
    <link rel="canonical" href="https://news.example/{"é" * 1500}"></head><body><article>
    <p>{BODY}</p><p>Residents fled toward the border as fighting continued overnight.</p>
    </article></body></html>"""
    [article] = read_file(Path("u.html"), html.encode(), CONTEXT).articles
    assert article.url is None
    assert "ignored the URL (longer than 2,000 bytes)" in article.notes
