"""A paragraph that is only a link to another story goes; the writer's linked sources stay."""

from __future__ import annotations

import lxml.html

from digest.intake.story_links import link_paragraphs, without_other_stories

PAGE = "https://news.example/world/2021/ships-sail.html"
STORY = "The carrier group sails for Asia next week, the navy said on Monday in London."


def _tree(body: str) -> object:
    return lxml.html.fromstring(f"<html><body>{body}</body></html>")


def test_a_paragraph_mostly_of_a_link_goes() -> None:
    tree = _tree(f'<p>{STORY}</p><p>Read: <a href="/x">Navy chief warns of new threats</a></p>')
    assert without_other_stories(f"{STORY}\nRead: Navy chief warns of new threats", tree, PAGE) == (
        STORY
    )


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


def test_a_teaser_card_of_another_story_goes_and_a_story_trailing_off_stays() -> None:
    lead = "Women were at the front of rock and roll from the start, a new project shows."
    card = (
        f"<div><h2>Nine women of early rock and roll</h2><p>{lead}</p><p>Sixty years long, we "
        'were told that …</p><a href="/music/nine-women">Read the article</a></div>'
    )
    text = f"{STORY}\n{lead}\nSixty years long, we were told that …"
    assert without_other_stories(text, _tree(f"<p>{STORY}</p>{card}"), PAGE) == STORY
    story = " ".join([STORY] * 20)
    trailing = "And then, as always, the silence …"
    page = f'<article><h1>Ships</h1><p>{story}</p><p>{trailing}</p><a href="/x">x</a></article>'
    assert without_other_stories(f"{story}\n{trailing}", _tree(page), PAGE) == (
        f"{story}\n{trailing}"
    )
