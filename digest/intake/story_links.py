"""Paragraphs that are only a link to another story: "Read also"-style teasers without the label.

Sites set a related story's headline as a paragraph of its own in the middle of the text
("<p><em>Były dowódca wojsk USA w Europie: <a href=...>Rosja jest groźna</a></em></p>"),
and trafilatura keeps it as prose: in the extracted text nothing tells it from the story,
but in the page most of its words are a link's, or the address of a link to the same site
spells them (a story's address carries its headline: ".../byly-dowodca-wojsk-usa-w-
europie-rosja-jest-grozna..."; a link to another site is the writer's source). A
paragraph of the story may hold links, but its words are mostly its own. Teaser cards of
other stories, a headline over a few paragraphs cut short, go the same way.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any
from urllib.parse import urljoin, urlsplit

LINK_SHARE = 0.5
"""A paragraph with more of its characters in links than this is a link, not prose."""
LINK_WORDS = 25
"""A longer paragraph is prose with links in it (a list of sources, a digest of links)."""
SLUG_SHARE = 0.6
"""A paragraph with more of its words in a link's address than this is that story's headline."""
SLUG_WORDS = 3
_LATIN = str.maketrans("łŁøØđĐıß", "lLoOdDis")
_PARAGRAPHS = "//body//p[.//a[@href]] | //body//li[.//a[@href]]"


def _ascii_words(text: str) -> list[str]:
    """`text`'s words as an address writes them: lower case, without accents."""
    folded = unicodedata.normalize("NFKD", text.translate(_LATIN).casefold())
    return re.findall(r"[a-z0-9]+", folded.encode("ascii", "ignore").decode())


def _host(url: str) -> str:
    """`url`'s host without "www."; "" for none, or for an address that cannot be read."""
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:  # "http://[::1" and the like, in hostile pages
        return ""


def _spelled_by_address(text: str, links: list[Any], page_url: str) -> bool:
    """Whether a link of the paragraph to another page of the same site spells its words."""
    words = [word for word in _ascii_words(text) if len(word) > 1]
    site = _host(page_url)
    for link in links:
        try:
            href = urlsplit(urljoin(page_url, link.get("href", "")))
        except ValueError:
            continue
        if not site or _host(href.geturl()) != site:
            continue
        address = set(_ascii_words(href.path))
        spelled = sum(1 for word in words if word in address)
        if spelled >= SLUG_WORDS and spelled > SLUG_SHARE * len(words):
            return True
    return False


def link_paragraphs(tree: Any, page_url: str) -> set[str]:
    """The paragraphs of the page (an lxml tree, at `page_url`, "" if unknown) that are
    mostly a link to another story, white space collapsed."""
    found = set()
    for element in tree.xpath(_PARAGRAPHS):
        text = " ".join(element.text_content().split())
        if not text or len(text.split()) > LINK_WORDS:
            continue
        links = list(element.iter("a"))
        linked = sum(len("".join(link.text_content().split())) for link in links)
        if linked > LINK_SHARE * len(text.replace(" ", "")) or _spelled_by_address(
            text, links, page_url
        ):
            found.add(text)
    return found


TEASER_CARD_WORDS = 200
"""A teaser card holds a headline and a few lines; a story's own block holds more."""
_CUT = re.compile(r"\w\s?(?:\.\.\.|…)$")
_HEADINGS = ("h1", "h2", "h3", "h4")


def _teaser_cards(tree: Any) -> set[str]:
    """The paragraphs of the page's teaser cards of other stories: a block of a headline
    and a few paragraphs, one cut short ("... diktiert, dass …"), with a link ("Artikel
    lesen"). A paragraph cut short alone may be the writer's trailing off; under its own
    headline, in a small block with a link, it is a card's. Each block is looked into
    once, however many cut paragraphs it holds."""
    headed: dict[Any, bool] = {}
    cards: dict[Any, bool] = {}
    found = set()
    for paragraph in tree.xpath("//body//p"):
        if not _CUT.search(" ".join(paragraph.text_content().split())):
            continue
        block = paragraph.getparent()
        while block is not None and block.tag != "body":
            if block not in headed:
                headed[block] = next(block.iter(*_HEADINGS), None) is not None
            if headed[block]:
                break
            block = block.getparent()
        if block is None or block.tag == "body" or block in cards:
            continue
        cards[block] = len(block.text_content().split()) <= TEASER_CARD_WORDS and any(
            link.get("href") for link in block.iter("a")
        )
        if cards[block]:
            found |= {" ".join(p.text_content().split()) for p in block.iter("p")}
    return found


def without_other_stories(text: str, tree: Any, page_url: str) -> str:
    """`text` (extracted from the page `tree` at `page_url`) without its lines that are a
    link paragraph or a teaser card's."""
    others = link_paragraphs(tree, page_url) | _teaser_cards(tree)
    if not others:
        return text
    return "\n".join(line for line in text.split("\n") if " ".join(line.split()) not in others)
