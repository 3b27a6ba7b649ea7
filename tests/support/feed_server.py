"""A local news site for the fetcher's tests: good feeds and pages, and every bad case.

Runs http.server in a thread on 127.0.0.1 (random port) and records each request's path
and headers, so tests can check conditional requests and that nothing was fetched twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ETAG = '"v1"'
LAST_MODIFIED = "Sat, 29 Nov 2025 23:00:00 GMT"

STRIKE = (
    "Russian drones and missiles struck Kyiv overnight, killing four people and wounding 19, "
    "Ukrainian officials said on Sunday. Air defences shot down 48 of 60 drones, the air force "
    "said. Fires broke out in two districts and a power substation was damaged, leaving "
    "thousands of homes without electricity. The page-only paragraph says rescue crews "
    "worked until dawn to pull survivors from a collapsed apartment block."
)
STRIKE_COPY = (
    "UPDATED: Russian drones and missiles struck Kyiv overnight, killing four people and "
    "wounding 19, Ukrainian officials said on Sunday. Air defences shot down 48 of 60 drones, "
    "the air force said. Fires broke out in two districts and a power substation was damaged, "
    "leaving thousands of homes without electricity. The page-only paragraph says rescue "
    "crews worked until dawn to pull survivors from a collapsed apartment block. Read more."
)
TALKS = (
    "Ukrainian and U.S. negotiators met in Geneva to discuss a revised peace plan, "
    "Ukraine's chief negotiator said. Both sides called the meeting constructive and agreed "
    "to continue talks next week. Європа supports the process, a Kyiv official told "
    "reporters, adding that security guarantees remain the main open question."
)
SANCTIONS = (
    "The European Union adopted a new package of sanctions against Russia on Friday, "
    "targeting oil tankers of the shadow fleet and several banks. The Kremlin called the "
    "measures illegal and said they would not change its course, while Kyiv welcomed them."
)
SUMMARY_ONLY = (
    "Russian forces shelled Kharkiv on Saturday evening, damaging a school and a hospital, "
    "the regional governor said on Telegram. Three people were wounded and taken to hospital."
)


def page(title: str, body: str, charset: str = "utf-8") -> bytes:
    """An article page with site furniture around the story."""
    paragraphs = "".join(f"<p>{sentence}.</p>" for sentence in body.split(". ") if sentence)
    return (
        f"<!DOCTYPE html><html><head><meta charset='{charset}'><title>{title}</title></head>"
        f"<body><nav>Home | World | Subscribe</nav><article><h1>{title}</h1>{paragraphs}"
        f"</article><footer>Copyright 2025 Example News</footer></body></html>"
    ).encode(charset)


def rss2(base: str) -> bytes:
    items = [
        ("Kyiv hit by drones", f"{base}/a/kyiv-strike", "Sat, 29 Nov 2025 23:30:00 +0000", "Kyiv"),
        ("Sudan floods", f"{base}/a/sudan", "Sat, 29 Nov 2025 10:00:00 +0000", "Floods in Sudan"),
        ("Ukraine update without link", "", "Sat, 29 Nov 2025 10:00:00 +0000", "Ukraine"),
        ("", f"{base}/a/untitled", "Sat, 29 Nov 2025 10:00:00 +0000", "Ukraine story"),
        ("Kharkiv shelled", f"{base}/a/gone", "Sat, 29 Nov 2025 18:00:00 +0000", SUMMARY_ONLY),
        ("Ukraine empty page", f"{base}/a/empty", "Sat, 29 Nov 2025 12:00:00 +0000", "Short."),
        ("Ukraine report PDF", f"{base}/a/report.pdf", "Sat, 29 Nov 2025 12:00:00 +0000", "PDF"),
        ("Kyiv strike (copy)", f"{base}/a/kyiv-copy", "Sun, 30 Nov 2025 08:00:00 +0000", "Kyiv"),
    ]
    body = "".join(
        f"<item><title>{title}</title>"
        + (f"<link>{link}</link><guid>{link}</guid>" if link else "")
        + f"<pubDate>{date}</pubDate><description>{summary}</description></item>"
        for title, link, date, summary in items
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>{base}/</link><description>World news</description>{body}</channel></rss>"
    ).encode()


def rss1(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
 xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="{base}/"><title>RDF News</title><link>{base}/</link>
<description>News</description></channel>
<item rdf:about="{base}/b/geneva"><title>Geneva talks on Ukraine</title>
<link>{base}/b/geneva</link><dc:date>2025-11-28T10:00:00+02:00</dc:date>
<description>Talks on a peace plan for Ukraine.</description></item>
</rdf:RDF>""".encode()


def atom(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:atom-news</id>
<updated>2025-11-29T22:30:00-05:00</updated>
<entry><title>EU sanctions on Russia</title><link href="{base}/c/sanctions"/>
<id>urn:atom-news:1</id><updated>2025-11-29T22:30:00-05:00</updated>
<summary>New sanctions against Russia.</summary></entry></feed>""".encode()


@dataclass(frozen=True)
class Response:
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()
    delay: float = 0.0


@dataclass
class FeedServer:
    """The routes served, the requests seen, and a switch that releases hanging requests.

    `most_at_once` is the largest number of requests that were being answered together.
    """

    base: str = ""
    routes: dict[str, Response] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)
    answering: int = 0
    most_at_once: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[dict[str, str]]:
        """The headers of every request made for `path`, in order."""
        return [headers for seen_path, headers in self.requests if seen_path == path]


GOOD_FEEDS = {"/rss2.xml": "Wire", "/rss1.xml": "RDF News", "/atom.xml": "Atom News"}
BAD_FEEDS = {
    "/invalid.xml": "Invalid XML",
    "/page.html": "HTML Page",
    "/wrong-charset.xml": "Wrong Charset",
    "/big.xml": "Too Big",
    "/slow.xml": "Never Answers",
    "/missing.xml": "Not Found",
    "/error.xml": "Server Error",
    "/loop.xml": "Redirect Loop",
}
CONDITIONS = (("ETag", "If-None-Match"), ("Last-Modified", "If-Modified-Since"))
BIG = 200 * 1024
"""Bigger than the limit the tests set (64 KB)."""


def _routes(base: str) -> dict[str, Response]:
    feed_type = "application/rss+xml; charset=utf-8"
    validators = (("ETag", ETAG), ("Last-Modified", LAST_MODIFIED))
    cyrillic = "<rss version='2.0'><channel><title>Новини</title></channel></rss>"
    return {
        "/rss2.xml": Response(200, feed_type, rss2(base), validators),
        "/rss1.xml": Response(200, "application/rdf+xml", rss1(base), (("ETag", '"rdf-1"'),)),
        "/atom.xml": Response(
            200, "application/atom+xml", atom(base), (("Last-Modified", LAST_MODIFIED),)
        ),
        "/invalid.xml": Response(200, feed_type, b"<rss version='2.0'>\n</rss"),
        "/page.html": Response(200, "text/html", page("Home", "Welcome to our site. " * 5)),
        "/wrong-charset.xml": Response(200, feed_type, cyrillic.encode("cp1251")),
        "/missing.xml": Response(404, "text/plain", b"not found"),
        "/error.xml": Response(500, "text/plain", b"oops"),
        "/a/kyiv-strike": Response(body=page("Kyiv hit by drones", STRIKE)),
        "/a/kyiv-copy": Response(body=page("Kyiv strike", STRIKE_COPY)),
        "/a/empty": Response(body=b""),
        "/a/report.pdf": Response(content_type="application/pdf", body=b"%PDF-1.4 " * 50),
        "/a/gone": Response(404, "text/plain", b"gone"),
        "/b/geneva": Response(
            content_type="text/html", body=page("Geneva talks", TALKS, charset="windows-1251")
        ),
        "/c/sanctions": Response(body=page("EU sanctions", SANCTIONS)),
    }


def _handler(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Silence: the tests read `server.requests` instead."""

        def do_GET(self) -> None:
            with server.lock:
                server.requests.append((self.path, dict(self.headers.items())))
                server.answering += 1
                server.most_at_once = max(server.most_at_once, server.answering)
            self.counted = True
            try:
                self._answer()
            finally:
                self._answered()

        def _answered(self) -> None:
            """No longer counted as being answered: called before the last bytes are written,
            since the client may take its next request as soon as it has them, before this
            thread runs again (a loaded machine then saw one request more than were open)."""
            if self.counted:
                self.counted = False
                with server.lock:
                    server.answering -= 1

        def _answer(self) -> None:
            if self.path == "/slow.xml":
                server.release.wait(10)
                return
            if self.path == "/loop.xml":
                self.send_response(302)
                self.send_header("Location", "/loop.xml")
                self.end_headers()
                return
            if self.path == "/big.xml":
                # No Content-Length: the limit must be enforced while streaming.
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.end_headers()
                self.wfile.write(b"<rss>" + b" " * BIG)
                return
            if self.path.startswith("/moved/"):
                self.send_response(301)
                self.send_header("Location", self.path.removeprefix("/moved"))
                self.end_headers()
                return
            response = server.routes.get(self.path) or Response(404, "text/plain", b"no route")
            time.sleep(response.delay)
            validators = dict(response.headers)
            if any(
                name in validators and self.headers.get(asked) == validators[name]
                for name, asked in CONDITIONS
            ):
                self.send_response(304)
                self.end_headers()
                return
            self.send_response(response.status)
            self.send_header("Content-Type", response.content_type)
            self.send_header("Content-Length", str(len(response.body)))
            for name, value in response.headers:
                self.send_header(name, value)
            self.end_headers()
            self._answered()
            self.wfile.write(response.body)

    return Handler


@contextmanager
def serve() -> Iterator[FeedServer]:
    """Run the site until the block ends; hanging requests are released on the way out."""
    state = FeedServer()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    httpd.daemon_threads = True
    state.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    state.routes = _routes(state.base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        state.release.set()
        httpd.shutdown()
        httpd.server_close()
