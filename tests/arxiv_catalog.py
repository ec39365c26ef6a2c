"""Plays the arXiv API on the loopback server from the Atom entries in ``data/arxiv``.

It answers the two questions the app asks: ``id_list`` (entries for those ids,
whatever version was asked) and a ``ti:`` search (entries whose titles hold
every word). Entries are served as the fixture spells them, so the client
parses the same bytes a real answer would carry.
"""

from __future__ import annotations

import re
from pathlib import Path

from http_server import LoopbackServer, Reply

from readinglist_gui.core.identity import normalize_arxiv_id, title_key

DATA = Path(__file__).parent / "data" / "arxiv"
_ENTRY = re.compile(r"<entry>.*?</entry>", re.DOTALL)
_FIELD = re.compile(r"<(id|title)>(.*?)</\1>", re.DOTALL)
_FEED_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<feed xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
    'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
    "<title>ArXiv Query</title>\n<id>http://arxiv.org/api/loopback</id>\n"
)
ATOM = {"Content-Type": "application/atom+xml; charset=utf-8"}


class ArxivCatalog:
    def __init__(self, path: Path = DATA / "catalog.xml") -> None:
        self.entries: dict[str, tuple[str, str]] = {}
        for block in _ENTRY.findall(path.read_text(encoding="utf-8")):
            fields = dict(_FIELD.findall(block))
            arxiv_id = normalize_arxiv_id(fields["id"])
            assert arxiv_id is not None
            self.entries[arxiv_id] = (title_key(fields["title"]), block)

    def install(self, server: LoopbackServer) -> None:
        server.handle("/api/query", self.answer)

    def answer(self, query: dict[str, list[str]]) -> Reply:
        limit = int(query.get("max_results", ["10"])[0])
        if "id_list" in query:
            wanted = [normalize_arxiv_id(i) for i in query["id_list"][0].split(",")]
            blocks = [self.entries[i][1] for i in wanted if i in self.entries]
        else:
            words = re.findall(r"ti:(\w+)", query.get("search_query", [""])[0])
            blocks = [
                block
                for key, block in self.entries.values()
                if words and set(words) <= set(key.split())
            ]
        return Reply(200, feed(blocks[:limit]), ATOM)


def feed(blocks: list[str]) -> bytes:
    total = f"<opensearch:totalResults>{len(blocks)}</opensearch:totalResults>\n"
    return (_FEED_START + total + "\n".join(blocks) + "\n</feed>\n").encode("utf-8")
