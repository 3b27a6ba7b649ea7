"""The feeds file (TOML) and OPML, the format feed readers exchange subscriptions in.

The file is the one list of feeds: `digestbot feeds import` appends to it (keeping its
comments), the database only mirrors it with each feed's polling state.
"""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from urllib.parse import urlsplit

from digest.errors import FeedsFileError
from storage.feeds import FeedSpec

NEW_FILE_HEADER = "# digestbot feeds: see feeds.example.toml for the format.\n"


def _web_address(value: object) -> bool:
    if not isinstance(value, str):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _spec(number: int, table: object) -> FeedSpec:
    where = f"[[feed]] number {number}"
    if not isinstance(table, dict):
        raise FeedsFileError(f"{where}: expected a table with url and name")
    url, name, keywords = table.get("url"), table.get("name"), table.get("keywords", [])
    if not _web_address(url):
        raise FeedsFileError(f"{where}: url must be an http(s) address, not {url!r}")
    if not isinstance(name, str) or not name.strip():
        raise FeedsFileError(f"{where} ({url}): name must be a non-empty string")
    if not isinstance(keywords, list) or not all(
        isinstance(word, str) and word.strip() for word in keywords
    ):
        raise FeedsFileError(f"{where} ({url}): keywords must be a list of non-empty strings")
    unknown = set(table) - {"url", "name", "keywords"}
    if unknown:
        raise FeedsFileError(f"{where} ({url}): unknown key(s) {', '.join(sorted(unknown))}")
    return FeedSpec(
        url=url, name=name.strip(), keywords=tuple(word.strip().lower() for word in keywords)
    )


def read_feeds_file(path: Path) -> list[FeedSpec]:
    """Every feed the file lists, in order; FeedsFileError names the first problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FeedsFileError(f"feeds file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as error:
        raise FeedsFileError(f"cannot read feeds file {path}: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise FeedsFileError(f"feeds file {path} is not valid TOML: {error}") from None
    unknown = set(data) - {"feed"}
    if unknown:
        raise FeedsFileError(f"feeds file {path}: unknown key(s) {', '.join(sorted(unknown))}")
    tables = data.get("feed", [])
    if not isinstance(tables, list):
        raise FeedsFileError(f"feeds file {path}: write each feed as a [[feed]] table")
    specs = [_spec(number, table) for number, table in enumerate(tables, start=1)]
    seen: set[str] = set()
    for spec in specs:
        if spec.url in seen:
            raise FeedsFileError(f"feeds file {path}: {spec.url} is listed twice")
        seen.add(spec.url)
    return specs


def _toml_entry(spec: FeedSpec) -> str:
    # A JSON string is a valid TOML basic string (same escapes), so json.dumps quotes safely.
    lines = ["", "[[feed]]", f"url = {json.dumps(spec.url)}", f"name = {json.dumps(spec.name)}"]
    if spec.keywords:
        lines.append(f"keywords = {json.dumps(list(spec.keywords), ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def append_feeds(path: Path, specs: list[FeedSpec]) -> tuple[list[FeedSpec], list[FeedSpec]]:
    """Add the feeds the file does not list yet; returns (added, already listed).

    The file is appended to, never rewritten, so its comments and layout survive.
    """
    existing = {spec.url for spec in read_feeds_file(path)} if path.exists() else set()
    added, skipped = [], []
    for spec in specs:
        (skipped if spec.url in existing else added).append(spec)
        existing.add(spec.url)
    if added:
        text = path.read_text(encoding="utf-8") if path.exists() else NEW_FILE_HEADER
        if not text.endswith("\n"):
            text += "\n"
        path.write_text(text + "".join(_toml_entry(spec) for spec in added), encoding="utf-8")
    return added, skipped


def read_opml(data: bytes, where: str) -> list[FeedSpec]:
    """The feeds of an OPML subscription list (every outline with an xmlUrl, nested or not)."""
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        raise FeedsFileError(f"{where} is not valid OPML (XML): {error}") from None
    if root.tag != "opml":
        raise FeedsFileError(f"{where} is not OPML: its root element is <{root.tag}>")
    specs = []
    for outline in root.iter("outline"):
        url = (outline.get("xmlUrl") or "").strip()
        if not url:
            continue
        if not _web_address(url):
            raise FeedsFileError(f"{where}: feed address {url!r} is not http(s)")
        name = (outline.get("title") or outline.get("text") or "").strip()
        specs.append(FeedSpec(url=url, name=name or urlsplit(url).netloc))
    if not specs:
        raise FeedsFileError(f"{where} lists no feeds (no outline with an xmlUrl)")
    return specs


def write_opml(specs: list[FeedSpec], title: str = "digestbot feeds") -> str:
    """An OPML 2.0 document listing the feeds, for any feed reader to import."""
    root = ElementTree.Element("opml", version="2.0")
    ElementTree.SubElement(ElementTree.SubElement(root, "head"), "title").text = title
    body = ElementTree.SubElement(root, "body")
    for spec in specs:
        ElementTree.SubElement(
            body, "outline", type="rss", text=spec.name, title=spec.name, xmlUrl=spec.url
        )
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, "unicode") + "\n"
