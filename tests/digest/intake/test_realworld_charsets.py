"""`digestbot ingest` decodes the real pages that are not UTF-8 as `fetch` does: by the
charset each declares (../shared/realworld/pages, `utf8_valid: false`). What becomes of them
afterwards (stored, or refused as a non-article) is test_realworld_pages.py's business."""

from __future__ import annotations

import html

from digest.intake.documents import decode
from tests.support.realworld import PAGES, expected, require_realworld


def test_pages_in_a_legacy_charset_or_with_a_cut_character_are_decoded() -> None:
    require_realworld()
    rows = [row for row in expected("pages") if row.get("utf8_valid") is False]
    for row in rows:
        text = html.unescape(decode((PAGES.parent / row["file"]).read_bytes()))
        words = (word.strip(",.:;!?\"'()") for word in row["title"].split())
        accented = {word for word in words if not word.isascii()}
        assert [word for word in accented if word not in text] == [], row["file"]
        assert text.count("\ufffd") <= 1, row["file"]  # the cut character, in a teaser
    assert sum(1 for row in rows if any(not word.isascii() for word in row["title"].split())) == 7
    assert {row.get("declared_charset") for row in rows} == {
        *("windows-1250", "windows-1252", "iso-8859-1", "iso-8859-2", "gb2312"),
        "utf-8",  # one teaser cut inside a character, outside the article
    }
    assert len(rows) == 10
