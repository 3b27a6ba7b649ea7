"""Rendering: Telegram's HTML parser (the fake's strict copy) must accept every message."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.delivery.render import (
    MESSAGE_LIMIT,
    render_digest,
    render_figures,
    render_html,
    render_section,
    render_text,
    safe_url,
)
from bot.i18n import translator
from digest.models import Digest, DigestItem, Figure
from digest.watch import Watch
from tests.support.fake_telegram import parse_telegram_html, utf16_length

DAY = date(2025, 11, 29)


def _digest(**sections: list[DigestItem]) -> Digest:
    digest = Digest(day=DAY, articles=12)
    digest.sections.update(sections)  # type: ignore[typeddict-item]
    return digest


def _shown(messages: list[str]) -> list[str]:
    """What Telegram shows; fails the test if Telegram would refuse a message."""
    shown = [parse_telegram_html(message) for message in messages]
    assert all(0 < utf16_length(text) <= MESSAGE_LIMIT for text in shown)
    return shown


def test_items_are_escaped_linked_and_credited() -> None:
    item = DigestItem(
        "Strike on <Kharkiv> & Odesa.", "Kyiv Independent", 'https://k.example/a?x=1&y="2"', 1, 3
    )
    digest = _digest(strikes=[item])
    digest.figures = [Figure("killed", 1200, "Kharkiv", "Ukrinform", None, None, "others: 1,300")]
    [message] = render_digest(digest)
    assert '<a href="https://k.example/a?x=1&amp;y=&quot;2&quot;">' in message
    assert "Strike on &lt;Kharkiv&gt; &amp; Odesa.</a>" in message
    assert parse_telegram_html(message).splitlines() == [
        "War digest · Saturday 29 November 2025",
        "From 12 articles.",
        "",
        "💥 Strikes",
        "• Strike on <Kharkiv> & Odesa. — Kyiv Independent (3 sources)",
        "",
        "🤝 Talks",
        "Nothing reported.",
        "",
        "🏛 Politics",
        "Nothing reported.",
        "",
        "📊 Key figures",
        "• Killed: 1,200 in Kharkiv — Ukrinform (others: 1,300)",
    ]


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "ftp://x.org/a", "https://x.org/a b", "//x.org", "", None]
)
def test_only_http_urls_become_links(url: str | None) -> None:
    assert safe_url(url) is None
    [message] = render_section(_digest(talks=[DigestItem("Envoys met.", "AP", url)]), "talks")
    assert "<a " not in message


def test_sections_follow_the_usual_order_and_the_choice() -> None:
    digest = _digest(talks=[DigestItem("Talks.", "AP")], strikes=[DigestItem("Strike.", "AP")])
    [message] = render_digest(digest, ["figures", "talks"])
    assert "Strikes" not in message
    assert message.index("Talks") < message.index("Key figures")
    assert render_digest(digest, []) == []
    [figures] = render_figures(digest)
    assert "Key figures" in figures
    assert "Talks" not in figures
    with pytest.raises(ValueError, match="unknown section"):
        render_section(digest, "sports")


def test_long_digest_splits_between_items_in_order() -> None:
    items = [
        DigestItem(f"Item {n}. " + "word " * 60, "Reuters", f"https://r.example/{n}")
        for n in range(60)
    ]
    messages = render_digest(_digest(strikes=items, talks=items[:5]))
    assert len(messages) >= 5
    shown = _shown(messages)
    text = "\n".join(shown)
    positions = [text.index(f"Item {n}. ") for n in range(60)]
    assert positions == sorted(positions)
    assert all(message.count("<a ") == message.count("</a>") for message in messages)
    assert shown[1].startswith("💥 Strikes (continued)\n• Item")


def test_a_ukrainian_rendering_translates_all_but_the_articles() -> None:
    items = [DigestItem(f"Item {n}. " + "word " * 60, "Reuters", None, n, 5) for n in range(40)]
    digest = _digest(strikes=items)
    digest.figures = [Figure("killed", 1200, "Kharkiv", "Ukrinform", None)]
    shown = _shown(render_digest(digest, tr=translator("uk")))
    assert shown[0].startswith(
        "Воєнний дайджест · субота, 29 листопада 2025\nОпрацьовано 12 статей.\n\n💥 Удари\n"
        "• Item 0. word"
    )
    assert "— Reuters (5 джерел)" in shown[0]
    assert shown[1].startswith("💥 Удари (продовження)\n• Item")
    text = "\n".join(shown)
    assert "🤝 Переговори\nПовідомлень немає." in text
    assert "📊 Ключові цифри\n• Загинули: 1\xa0200, Kharkiv — Ukrinform" in text


def test_a_word_longer_than_a_message_is_cut_safely() -> None:
    word = "😀" + "x" * 9000 + "😀" * 3000
    messages = render_section(_digest(talks=[DigestItem(word, "AP", "https://a.example")]), "talks")
    shown = _shown(messages)
    assert len(messages) >= 4
    assert "".join(shown).count("😀") == 3001


def test_plain_text_and_whole_html_share_the_structure() -> None:
    digest = _digest(
        politics=[DigestItem("Minister <resigned> & left.", "BBC", "https://b.example")]
    )
    text = render_text(digest, "politics")
    assert text.splitlines() == [
        "War digest · Saturday 29 November 2025",
        "From 12 articles.",
        "",
        "🏛 Politics",
        "• Minister <resigned> & left. — BBC",
        "  https://b.example",
    ]
    assert parse_telegram_html(render_html(digest)) == render_text(digest).replace(
        "\n  https://b.example", ""
    )


PIECES = [
    "<", ">", "&", "&amp;", "<script>", "</b>", '"', "'", ";", "#", " ", ". ", "\n", "a",
    "ب", "שלום", "\u200f", "😀", "👩\u200d👩\u200d👧", "\U0001f1fa\U0001f1e6", "x" * 50,
]  # fmt: skip
HOSTILE = (
    st.lists(st.sampled_from(PIECES), min_size=1, max_size=40)
    .map("".join)
    .map(str.strip)
    .filter(bool)
)
URLS = st.one_of(st.none(), st.sampled_from(["https://a.example/?q=<x>&y=1", "javascript:x"]))
ITEMS = st.builds(DigestItem, HOSTILE, HOSTILE, URLS, st.none(), st.integers(1, 9))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    strikes=st.lists(ITEMS, max_size=8),
    talks=st.lists(ITEMS, max_size=3),
    limit=st.sampled_from([200, 500, MESSAGE_LIMIT]),
)
def test_no_hostile_digest_is_refused_or_too_long(
    strikes: list[DigestItem], talks: list[DigestItem], limit: int
) -> None:
    digest = _digest(strikes=strikes, talks=talks)
    digest.figures = [Figure("drones", 10, talks[0].text if talks else None, "<b>&", "javascript:")]
    messages = render_digest(digest, limit=limit)
    shown = [parse_telegram_html(message) for message in messages]
    assert all(0 < utf16_length(text) <= limit for text in shown)


def test_watched_figures_come_first_and_a_long_watched_digest_still_fits() -> None:
    digest = _digest(strikes=[DigestItem(f"Strike {n} near Sumy." * 20, "Wire") for n in range(30)])
    digest.figures = [
        Figure("killed", 3, "Kherson", "Wire"),
        Figure("killed", 5, "Sumy", "Wire"),
    ]
    watch = Watch(("Sumy",))
    [figures] = render_figures(digest, watch=watch)
    shown = parse_telegram_html(figures)
    assert shown.index("🔎 Killed: 5 in Sumy") < shown.index("• Killed: 3 in Kherson")
    messages = render_digest(digest, ["strikes", "figures"], watch=watch)
    assert len(messages) > 1
    assert all(utf16_length(parse_telegram_html(m)) <= MESSAGE_LIMIT for m in messages)
    assert "Your watch: Sumy 31, marked 🔎." in parse_telegram_html(messages[0])


def test_the_watch_line_is_in_the_chats_language() -> None:
    digest = _digest(strikes=[DigestItem("Drones hit Kharkiv.", "Wire")])
    [uk] = render_digest(digest, ["strikes"], tr=translator("uk"), watch=Watch(("Одеса",)))
    assert "Ваш список: сьогодні нічого про Одеса." in parse_telegram_html(uk)
    [marked] = render_digest(digest, ["strikes"], tr=translator("uk"), watch=Watch(("kharkiv",)))
    assert "Ваш список: kharkiv 1, позначено 🔎.\n" in parse_telegram_html(marked)
