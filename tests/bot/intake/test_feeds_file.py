"""The feeds file and OPML: valid files read, every mistake named, appends keep comments."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.intake.feeds_file import (
    FeedsFileError,
    append_feeds,
    read_feeds_file,
    read_opml,
    write_opml,
)
from bot.settings import RUSSIA_UKRAINE, ConfigError, load_settings
from storage.feeds import FeedSpec
from tests.support.paths import ROOT


def test_example_feeds_file_is_valid() -> None:
    specs = read_feeds_file(ROOT / "feeds.example.toml")
    assert len(specs) >= 5
    assert all(spec.url.startswith("https://") for spec in specs)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[[feed]]\nurl = 'https://a/x'\n", "[[feed]] number 1 (https://a/x): name must be"),
        ("[[feed]]\nurl = 'ftp://a/x'\nname = 'A'\n", "url must be an http(s) address"),
        ("[[feed]]\nurl = 'https://a/x'\nname = 'A'\nkeywords = 'kyiv'\n", "keywords must be"),
        ("[[feed]]\nurl = 'https://a/x'\nname = 'A'\nlink = 1\n", "unknown key(s) link"),
        ("[[feed]]\nurl = 'https://a/x'\nname = 'A'\n" * 2, "https://a/x is listed twice"),
        ("feed = 'x'\n", "write each feed as a [[feed]] table"),
        ("[feeds]\n", "unknown key(s) feeds"),
        ("[[feed]\n", "is not valid TOML"),
    ],
)
def test_feeds_file_mistakes_named(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text(text)
    with pytest.raises(FeedsFileError) as error:
        read_feeds_file(path)
    assert message in str(error.value)


def test_append_keeps_comments_and_quotes_safely(tmp_path: Path) -> None:
    path = tmp_path / "feeds.toml"
    path.write_text("# mine\n[[feed]]\nurl = 'https://a.example/rss'\nname = 'A'")
    tricky = FeedSpec('https://b.example/rss?q="x"', 'B "quoted" \\ Київ', ("kyiv", "київ"))
    added, skipped = append_feeds(path, [FeedSpec("https://a.example/rss", "A2"), tricky])
    assert (added, skipped) == ([tricky], [FeedSpec("https://a.example/rss", "A2")])
    assert path.read_text().startswith("# mine\n")
    assert read_feeds_file(path) == [FeedSpec("https://a.example/rss", "A"), tricky]


def test_append_creates_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "new.toml"
    append_feeds(path, [FeedSpec("https://a.example/rss", "A")])
    assert read_feeds_file(path) == [FeedSpec("https://a.example/rss", "A")]


def test_opml_round_trip_and_errors() -> None:
    specs = [FeedSpec("https://a.example/rss", "A & B"), FeedSpec("https://b.example/atom", "B")]
    assert read_opml(write_opml(specs).encode(), "x.opml") == specs
    with pytest.raises(FeedsFileError, match="not valid OPML"):
        read_opml(b"<opml><body>", "x.opml")
    with pytest.raises(FeedsFileError, match="its root element is <rss>"):
        read_opml(b"<rss/>", "x.opml")
    with pytest.raises(FeedsFileError, match="lists no feeds"):
        read_opml(b"<opml><body><outline text='x'/></body></opml>", "x.opml")
    with pytest.raises(FeedsFileError, match="is not http"):
        read_opml(b"<opml><body><outline xmlUrl='file:///etc/passwd'/></body></opml>", "x.opml")


@pytest.fixture
def _clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("TOPIC_KEYWORDS", "POLL_MINUTES", "FETCH_TIMEOUT", "MAX_RESPONSE_BYTES"):
        monkeypatch.delenv(f"DIGESTBOT_{name}", raising=False)


@pytest.mark.usefixtures("_clean_env")
def test_fetch_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.topic_keywords == RUSSIA_UKRAINE and settings.poll_minutes == 30
    monkeypatch.setenv("DIGESTBOT_TOPIC_KEYWORDS", " Sudan, Darfur ,,el fasher")
    assert load_settings().topic_keywords == ("sudan", "darfur", "el fasher")
    monkeypatch.setenv("DIGESTBOT_TOPIC_KEYWORDS", " , ")
    with pytest.raises(ConfigError, match="DIGESTBOT_TOPIC_KEYWORDS: expected comma-separated"):
        load_settings()
    monkeypatch.delenv("DIGESTBOT_TOPIC_KEYWORDS")
    monkeypatch.setenv("DIGESTBOT_POLL_MINUTES", "0")
    with pytest.raises(ConfigError, match="DIGESTBOT_POLL_MINUTES: Input should be greater"):
        load_settings()
