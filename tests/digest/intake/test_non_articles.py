"""Error pages, home pages, JavaScript shells, templates and teasers are refused, with why."""

from __future__ import annotations

import pytest

from digest.errors import Rejected
from digest.intake.documents import extract_page
from digest.intake.non_articles import PageSigns, not_an_article

STORY = (
    "Russian drones hit the port of Odesa overnight, killing two people and damaging grain "
    "silos and a warehouse near the harbour, the regional governor said on Sunday morning."
)


def test_error_pages_by_their_title_or_address() -> None:
    assert "error page" in (
        not_an_article(PageSigns(STORY, "Page Not Found", None, None, False)) or ""
    )
    assert "error page" in (
        not_an_article(PageSigns(STORY, "", "https://ex.com/404", None, False)) or ""
    )
    assert not_an_article(PageSigns(STORY, "The 404 1,310: love at first swipe")) is None


def test_pages_titled_as_tests_over_text_the_title_is_not_about() -> None:
    assert "a test page" in (not_an_article(PageSigns(STORY, "test video")) or "")
    assert not_an_article(PageSigns(STORY, "test video", site="Example News")) is None
    assert not_an_article(PageSigns(STORY, "Testing times for Odesa's port")) is None
    assert not_an_article(PageSigns(STORY, "Goma")) is None


def test_javascript_shells_and_templates() -> None:
    notice = "JavaScript is disabled on your browser. Please enable JavaScript to use Pixable"
    assert "JavaScript" in (not_an_article(PageSigns(notice, "Engaged", None, None, False)) or "")
    long_story = f"{STORY} Readers without JavaScript enabled can still read it. {STORY}"
    assert not_an_article(PageSigns(long_story, "Odesa", None, None, False)) is None
    template = '{{nrco.content.status === "published" ? "Contenu publié" : "Inconnu"}} (voir)'
    assert "template" in (
        not_an_article(PageSigns(template, "Modification", None, None, False)) or ""
    )


def test_home_pages_but_not_articles_with_the_root_as_canonical() -> None:
    assert "home page" in (
        not_an_article(PageSigns(STORY, "Yahoo UK", "https://uk.yahoo.com/", None, False)) or ""
    )
    assert not_an_article(PageSigns(STORY, "Odesa", "https://ex.com/", "article", False)) is None
    assert not_an_article(PageSigns(STORY, "Odesa", "https://ex.com/", None, True)) is None
    story_page = PageSigns(
        STORY, "Japanese SUV", "https://ex.com/", page_title="New - Japanese SUV"
    )
    assert not_an_article(story_page) is None


def test_teasers_stop_mid_sentence() -> None:
    teaser = "Das Zentrum lud zur Gesprächsrunde ein. Mit dabei: der Personalchef des ..."
    assert "teaser" in (not_an_article(PageSigns(teaser, "Löhne", None, None, True)) or "")
    assert not_an_article(PageSigns(f"{STORY} {STORY}", "Odesa", None, None, True)) is None


def test_extract_page_says_why_it_refused() -> None:
    page = f"<html><head><title>Page Not Found</title></head><body><p>{STORY}</p></body></html>"
    with pytest.raises(Rejected, match="not an article: an error page"):
        extract_page(page)
