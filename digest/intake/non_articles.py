"""Telling pages that are not news articles from articles, so none is filed as news.

Saved and fetched pages include error pages, portal home pages, JavaScript shells that
hold no text, unrendered templates and paywall teasers that stop after a few lines. Each
test here names what the page is, so the user is told why it was refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

_ERROR_TITLE = re.compile(
    r"\s*(?:error\s*)?(?:40[0-9]\b|50[0-9]\b|page not found|not found|forbidden|access denied"
    r"|page (?:is )?unavailable|seite nicht gefunden|página no encontrada)",
    re.IGNORECASE,
)
"""Titles that open with an error: "Page Not Found", "404 - ...", "Error 403"; "The 404"
(a podcast) does not open with one."""
_JAVASCRIPT = re.compile(
    r"\bjavascript\b[^.]{0,60}\b(?:disabled|enable|required|turned off|must be on)"
    r"|\b(?:enable|turn on|requires?)\b[^.]{0,30}\bjavascript\b",
    re.IGNORECASE,
)
_TEMPLATE = re.compile(r"\{\{[^{}]{3,}\}\}")
"""`{{content.status === "published" ? ...}}`: a page saved before its script filled it."""
_CUT_OFF = re.compile(r"(?:\.\.\.|…)\s*[\"”»]?\s*\Z")
SHELL_WORDS = 60
"""A JavaScript notice with more text than this around it is an article that mentions one."""
TEASER_WORDS = 150
"""A text this short that stops mid-sentence is a teaser before a paywall, not a story."""


@dataclass(frozen=True)
class PageSigns:
    """What a page shows of itself: its extracted text and headline, its address, `og:type`,
    whether its metadata states a publication time, its raw `<title>` and site name."""

    text: str
    title: str
    url: str | None = None
    page_type: str | None = None
    dated: bool = False
    page_title: str = ""
    site: str | None = None


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _headline_elsewhere(page: PageSigns) -> bool:
    """A home page's headline is one of its stories' (or its own name): not its `<title>`'s.
    An article's `<title>` holds most of its headline's words."""
    headline, site = _words(page.title), _words(page.site or "")
    if not headline or (site and site <= headline):  # "Yahoo UK" on the Yahoo site
        return True
    return len(headline & _words(page.page_title)) < len(headline) / 2


_TEST_TITLE = re.compile(
    r"\s*(?:test(?:ing)?|sample|dummy|example|placeholder|lorem ipsum)\b", re.IGNORECASE
)
"""A title that calls its page a test ("test video", "Sample page")."""


def _test_page(page: PageSigns) -> bool:
    """Whether the page is a test page: titled as one, over text its title is not about
    ("test video" over a paragraph about Scala; a headline "Test results ..." shares words
    with its story), naming neither its address nor its site."""
    return (
        not page.url
        and not page.site
        and bool(_TEST_TITLE.match(page.title))
        and not _words(page.title) & _words(page.text)
    )


def not_an_article(page: PageSigns) -> str | None:
    """Why a page is not an article, or None when it is one.

    A home page is told by its address (the site's root), no `og:type=article`, no stated
    publication time and a headline that is not its `<title>`'s: an article whose canonical
    address is (wrongly) the site's root still has one of those.
    """
    text, title, url = page.text, page.title, page.url
    words = len(text.split())
    if _ERROR_TITLE.match(title) or (url and urlsplit(url).path.rstrip("/").endswith("/404")):
        return f"an error page ({title.strip()[:60] or 'no title'})"
    if words <= SHELL_WORDS and _JAVASCRIPT.search(text):
        return "a page that needs JavaScript to show its text"
    if _TEMPLATE.search(text):
        return "an unrendered page template ({{...}} placeholders instead of text)"
    if (
        url
        and urlsplit(url).path in ("", "/")
        and page.page_type != "article"
        and not page.dated
        and _headline_elsewhere(page)
    ):
        return f"a site's home page ({url}), not an article"
    if words < TEASER_WORDS and _CUT_OFF.search(text):
        return f"a teaser: the text stops mid-sentence after {words} words (paywall?)"
    if _test_page(page):
        return f"a test page (titled {title.strip()[:60]!r}, no address or site name)"
    return None
