"""The published page in a real browser: the filter works and nothing is fetched.

Runs Debian's headless Chromium against a loopback server that logs every
request; every other host name resolves to nothing. A note names images and
frames on that very server, so a page that leaked a request would be caught in
the log rather than merely failing to connect.
"""

from __future__ import annotations

import re
import subprocess
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from readinglist_gui.core.exporters import export
from readinglist_gui.core.library import Library, PaperQuery, SortKey

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium")


class _Site:
    def __init__(self) -> None:
        self.page = b""
        self.requests: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append(self.path)
                body = site.page if self.path == "/list.html" else b"leaked"
                self.send_response(200 if self.path == "/list.html" else 404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.server.server_address[1]}"


@pytest.fixture
def site() -> Iterator[_Site]:
    served = _Site()
    thread = threading.Thread(target=served.server.serve_forever, daemon=True)
    thread.start()
    yield served
    served.server.shutdown()
    served.server.server_close()
    thread.join(timeout=5)


def _publish(library: Library, site: _Site) -> None:
    paper = next(i for i in library.ids() if library.paper(i).title == "Attention Is All You Need")
    library.set_note(
        paper,
        f"![bait]({site.origin}/note-image.png)\n\n"
        f'<img src="{site.origin}/raw-image.png"> <iframe src="{site.origin}/frame"></iframe>\n'
        f'<link rel="stylesheet" href="{site.origin}/style.css">\n'
        f'<script src="{site.origin}/script.js"></script>',
    )
    found = library.find_list("Seminar <Spring>")
    assert found is not None
    query = PaperQuery(list_id=found.id, sort=SortKey.POSITION, descending=False)
    site.page = export(library, "html", query).encode("utf-8")


def _dump_dom(url: str, profile: Path) -> str:
    result = subprocess.run(
        [
            str(CHROMIUM),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=3000",
            "--dump-dom",
            url,
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def _visible_titles(dom: str) -> list[str]:
    articles = re.findall(
        r"<article class=\"paper \w+\"( hidden=\"\")?>\s*(.*?)</article>", dom, re.S
    )
    return [
        re.sub(r"<[^>]+>", "", re.search(r"<h\d>(.*?)</h\d>", body, re.S).group(1))
        for hidden, body in articles
        if not hidden
    ]


def test_tag_filter_from_the_address_shows_only_tagged_papers(
    tricky: Library, site: _Site, tmp_path: Path
) -> None:
    _publish(tricky, site)
    everything = _dump_dom(f"{site.origin}/list.html", tmp_path / "profile-all")
    assert len(_visible_titles(everything)) == 4
    assert 'data-shown="4"' in everything
    dom = _dump_dom(f"{site.origin}/list.html#tag=llm", tmp_path / "profile-tag")
    assert sorted(_visible_titles(dom)) == [
        "A Journal Paper With a DOI",
        "Costs &amp; Benefits of 100% Sparse_Models: ~$5 #1",
    ]
    assert 'data-shown="2"' in dom
    assert re.search(r'<button type="button" data-tag="LLM" class="\w+" aria-pressed="true">', dom)
    assert re.search(
        r'<section class="part" hidden="">\s*<div class="part-head"><h2>Week 2: Recess', dom
    )
    assert "2 of 4 papers" in dom
    searched = _dump_dom(f"{site.origin}/list.html#q=maldacena", tmp_path / "profile-search")
    assert _visible_titles(searched) == ["String Theory Goes Old School"]
    assert set(site.requests) == {"/list.html"}, site.requests
