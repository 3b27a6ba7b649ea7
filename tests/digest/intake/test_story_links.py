"""A paragraph that is only a link to another story goes; the writer's linked sources stay."""

from __future__ import annotations

import lxml.html

from digest.intake.story_links import link_paragraphs, without_link_paragraphs

PAGE = "https://news.example/world/2021/ships-sail.html"
STORY = "The carrier group sails for Asia next week, the navy said on Monday in London."


def _tree(body: str) -> object:
    return lxml.html.fromstring(f"<html><body>{body}</body></html>")


def test_a_paragraph_mostly_of_a_link_goes() -> None:
    tree = _tree(f'<p>{STORY}</p><p>Read: <a href="/x">Navy chief warns of new threats</a></p>')
    assert without_link_paragraphs(
        f"{STORY}\nRead: Navy chief warns of new threats", tree, PAGE
    ) == (STORY)


def test_a_headline_spelled_by_its_address_on_the_same_site_goes() -> None:
    related = (
        '<p><em>Former US commander in Europe: <a href="/world/2021/former-us-commander-in-'
        'europe-russia-is-dangerous.html">Russia is dangerous</a></em></p>'
    )
    assert link_paragraphs(_tree(related), PAGE) == {
        "Former US commander in Europe: Russia is dangerous"
    }


def test_a_sentence_linking_its_source_on_another_site_stays() -> None:
    source = (
        '<p><a href="https://other.example/politics/deputy-charged-with-tax-fraud">On 11 '
        "October</a>, the deputy was charged with tax fraud.</p>"
    )
    assert link_paragraphs(_tree(source), PAGE) == set()
    linked_word = f'<p>{STORY} <a href="/world/2021/navy">navy</a></p>'
    assert link_paragraphs(_tree(linked_word), PAGE) == set()


def test_unreadable_addresses_are_no_story_links() -> None:
    broken = '<p>Former US commander: <a href="http://[::1/former-us-commander">Russia</a></p>'
    assert link_paragraphs(_tree(broken), "http://[::1") == set()
    assert link_paragraphs(_tree(broken), PAGE) == set()
