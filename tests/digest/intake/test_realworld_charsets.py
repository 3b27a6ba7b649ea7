"""`digestbot ingest` decodes the real pages that are not UTF-8 as `fetch` does: by the
charset each declares (../shared/realworld/pages, `utf8_valid: false`)."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from digest.errors import Rejected
from digest.intake.documents import DayContext, read_file
from tests.support.realworld import PAGES, expected, require_realworld

CONTEXT = DayContext(ZoneInfo("Europe/Kyiv"), date(2026, 12, 1), date(2026, 12, 1), "test")
NOT_STORED = {
    "pages/trafilatura-eval__archive.org.he.xinhuanet.com.25340717.html": "no article text",
}
"""Decoded right (gb2312 read as GB18030) but Chinese, which has no spaces: too few words
by the word count of the cleaning step, not a matter of charsets."""


def test_pages_in_a_legacy_charset_or_with_a_cut_character_are_read() -> None:
    require_realworld()
    rows = [row for row in expected("pages") if row.get("utf8_valid") is False]
    for row in rows:
        path = PAGES.parent / row["file"]
        try:
            [article] = read_file(path, path.read_bytes(), CONTEXT).articles
        except Rejected as reason:
            assert NOT_STORED.get(row["file"], "stored") in str(reason), row["file"]
            continue
        assert row["file"] not in NOT_STORED
        assert any(not char.isascii() and char.isalpha() for char in article.text), row["file"]
        words = (word.strip(",.:;!?\"'()") for word in row["title"].split())
        accented = [word for word in words if not word.isascii()]
        missing = [word for word in accented if word not in f"{article.title} {article.text}"]
        assert missing == [], row["file"]
    assert {row.get("declared_charset") for row in rows} == {
        *("windows-1250", "windows-1252", "iso-8859-1", "iso-8859-2", "gb2312"),
        "utf-8",  # one teaser cut inside a character, outside the article
    }
    assert len(rows) == 10
