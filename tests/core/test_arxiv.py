"""The arXiv client against a real loopback server: parsing, batching, pacing and failures."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from dataclasses import replace

import pytest
from arxiv_catalog import ATOM, DATA, ArxivCatalog
from http_server import LoopbackServer, Reply

from readinglist_gui.core.arxiv import (
    USER_AGENT,
    ArxivClient,
    ArxivSettings,
    CancelledError,
    NetworkError,
    retry_after,
    title_query,
)
from readinglist_gui.core.arxiv_feed import FeedError, parse_feed

FAST = ArxivSettings(delay=0, backoff=0.01, connect_timeout=2, read_timeout=2, retries=2)


def client_for(server: LoopbackServer, **changes: object) -> ArxivClient:
    return ArxivClient(replace(FAST, base_url=server.base_url, **changes))  # type: ignore[arg-type]


def all_metadata(client: ArxivClient, ids: list[str]) -> dict:
    found: dict = {}
    for _batch, entries in client.metadata(ids):
        found.update(entries)
    return found


def test_metadata_is_parsed_from_atom_with_the_app_user_agent(
    server: LoopbackServer, catalog: ArxivCatalog
) -> None:
    with client_for(server) as client:
        found = all_metadata(client, ["arXiv:2405.04434v2", "https://arxiv.org/abs/hep-th/9711200"])
    deepseek = found["2405.04434"]
    assert deepseek.title == (
        "DeepSeek-V2: A Strong, Economical, and Efficient Mixture-of-Experts Language Model"
    )
    assert deepseek.version == 5
    assert deepseek.authors == ("DeepSeek-AI",)
    assert deepseek.abstract.startswith("A test abstract about a mixture-of-experts model whose")
    assert deepseek.published == dt.date(2024, 5, 7)
    assert deepseek.categories == ("cs.CL", "cs.AI")
    maldacena = found["hep-th/9711200"]
    assert maldacena.doi == "10.1023/A:1026654312961"
    assert maldacena.journal_ref.startswith("Adv.Theor.Math.Phys")
    record = maldacena.record()
    assert (record.arxiv_id, record.year, record.authors) == (
        "hep-th/9711200",
        1997,
        ["Juan M. Maldacena"],
    )
    (request,) = server.requests_to("/api/query")
    assert request.headers["User-Agent"] == USER_AGENT
    assert request.query["id_list"] == ["2405.04434,hep-th/9711200"]
    assert request.query["max_results"] == ["2"]


def test_many_ids_go_in_several_id_list_requests(
    server: LoopbackServer, catalog: ArxivCatalog
) -> None:
    ids = [*catalog.entries, "2501.00001"]
    with client_for(server, batch_size=4) as client:
        batches = list(client.metadata(ids))
    assert [len(asked) for asked, _ in batches] == [4, 4, 2]
    assert len(server.requests_to("/api/query")) == 3
    found = {k for _, entries in batches for k in entries}
    assert found == set(catalog.entries)


def test_title_search_finds_entries_holding_every_word(
    server: LoopbackServer, catalog: ArxivCatalog
) -> None:
    with client_for(server) as client:
        hits = client.search_title("LoRA: Low\u2011Rank Adaptation of Large Language Models")
        truncated = client.search_title("Efficient Memory Management for Large Lang…")
        assert client.search_title("…") == []
    assert [h.arxiv_id for h in hits] == ["2106.09685"]
    assert [h.arxiv_id for h in truncated] == ["2309.06180"]
    assert title_query("The Large N Limi…") == "ti:large AND ti:n"


def test_not_found_is_an_error_with_its_status(server: LoopbackServer) -> None:
    with client_for(server) as client, pytest.raises(NetworkError, match="Not found") as error:
        client.get(server.url("/missing"))
    assert error.value.status == 404
    assert len(server.requests_to("/missing")) == 1


def test_429_waits_as_long_as_retry_after_says(server: LoopbackServer) -> None:
    ok = ArxivCatalog().answer({"id_list": ["2401.04088"]})
    assert ok.headers == ATOM
    server.script("/api/query", Reply(429, b"slow down", {"Retry-After": "1"}), ok)
    started = time.monotonic()
    with client_for(server, backoff=0.01) as client:
        found = all_metadata(client, ["2401.04088"])
    assert time.monotonic() - started >= 0.95
    assert list(found) == ["2401.04088"]
    assert len(server.requests_to("/api/query")) == 2


def test_503_then_success_retries_with_backoff(server: LoopbackServer) -> None:
    server.script("/pdf/x", Reply(503, b"busy"), Reply(503, b"busy"), Reply(200, b"fine"))
    with client_for(server, retries=3) as client:
        assert client.get(server.url("/pdf/x")).content == b"fine"
    assert len(server.requests_to("/pdf/x")) == 3


def test_persistent_503_gives_up_after_the_retries(server: LoopbackServer) -> None:
    server.script("/busy", Reply(503, b"busy", {"Retry-After": "0"}))
    with client_for(server, retries=2) as client, pytest.raises(NetworkError, match="503"):
        client.get(server.url("/busy"))
    assert len(server.requests_to("/busy")) == 3


def test_a_server_that_hangs_times_out(server: LoopbackServer) -> None:
    server.script("/hang", Reply(200, b"late", hang=30))
    started = time.monotonic()
    with (
        client_for(server, read_timeout=0.3, retries=1) as client,
        pytest.raises(NetworkError, match=r"did not answer within 0\.3 s"),
    ):
        client.get(server.url("/hang"))
    assert time.monotonic() - started < 3


def test_no_server_at_all_counts_as_offline(server: LoopbackServer) -> None:
    closed = server.base_url
    server.close()
    client = ArxivClient(replace(FAST, base_url=closed, retries=1))
    with client, pytest.raises(NetworkError) as error:
        list(client.metadata(["2401.04088"]))
    assert error.value.offline


def test_redirects_are_followed_for_http_only(server: LoopbackServer) -> None:
    server.script("/old", Reply(302, b"", {"Location": "/new"}))
    server.script("/new", Reply(200, b"moved here"))
    server.script("/sneaky", Reply(302, b"", {"Location": "file:///etc/passwd"}))
    with client_for(server) as client:
        assert client.get(server.url("/old")).content == b"moved here"
        with pytest.raises(NetworkError, match="not an http or https link"):
            client.get(server.url("/sneaky"))
        with pytest.raises(NetworkError, match="Only http and https"):
            client.get("ftp://example.org/paper.pdf")


def test_proxy_variables_are_honoured_per_host(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The environment is read once per host rather than per request, with the same effect."""
    for name in ("http_proxy", "https_proxy", "all_proxy", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", server.base_url)
    server.script("/pdf/2401.04088", Reply(200, b"through the proxy"))
    with client_for(server) as client:
        for _ in range(2):
            response = client.get("http://arxiv.invalid/pdf/2401.04088")
            assert response.content == b"through the proxy"
    assert [seen.headers["Host"] for seen in server.requests_to("/pdf/2401.04088")] == [
        "arxiv.invalid",
        "arxiv.invalid",
    ]


def test_no_proxy_hosts_are_asked_directly(
    server: LoopbackServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("http_proxy", "all_proxy", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    server.script("/a", Reply(200, b"direct"))
    with client_for(server) as client:
        assert client.get(server.url("/a")).content == b"direct"


def test_requests_to_one_host_are_spaced_by_the_delay(server: LoopbackServer) -> None:
    server.script("/a", Reply(200, b"a"))
    started = time.monotonic()
    with client_for(server, delay=0.2) as client:
        for _ in range(3):
            client.get(server.url("/a")).close()
    assert time.monotonic() - started >= 0.38


def test_cancelling_stops_a_wait(server: LoopbackServer) -> None:
    server.script("/busy", Reply(503, b"busy", {"Retry-After": "30"}))
    calls = iter([False, False, True])
    started = time.monotonic()
    with client_for(server) as client, pytest.raises(CancelledError):
        client.get(server.url("/busy"), cancelled=lambda: next(calls, True))
    assert time.monotonic() - started < 2


def test_error_feeds_and_dtds_are_refused() -> None:
    with pytest.raises(FeedError, match="incorrect id format for banana"):
        parse_feed((DATA / "error.xml").read_bytes())
    with pytest.raises(FeedError, match="DTD"):
        parse_feed((DATA / "doctype.xml").read_bytes())
    with pytest.raises(FeedError, match="not an Atom feed"):
        parse_feed(b"<html><body>Service unavailable</body></html>")
    with pytest.raises(FeedError, match="not an Atom feed"):
        parse_feed(b"{}")


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("7") == 7
    assert retry_after(None) is None
    assert retry_after("soon") is None
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0


def test_settings_come_from_the_environment() -> None:
    env = {"READINGLIST_ARXIV_URL": "http://mirror.example/arxiv/", "READINGLIST_ARXIV_DELAY": "0"}
    settings = ArxivSettings.from_env(environ=env)
    assert settings.base_url == "http://mirror.example/arxiv"
    assert settings.api_url == "http://mirror.example/arxiv/api/query"
    assert settings.pdf_url("hep-th/9711200") == "http://mirror.example/arxiv/pdf/hep-th/9711200"
    assert settings.delay == 0
    assert ArxivSettings.from_env(environ={}).delay == 3.0
    with pytest.raises(ValueError, match="READINGLIST_ARXIV_DELAY"):
        ArxivSettings.from_env(environ={"READINGLIST_ARXIV_DELAY": "fast"})
    with pytest.raises(ValueError, match="http or https"):
        ArxivSettings.from_env(environ={"READINGLIST_ARXIV_URL": "file:///tmp"})


def test_importing_the_online_modules_opens_no_socket() -> None:
    script = (
        "import socket\n"
        "def refuse(*a, **k):\n    raise SystemExit('socket opened at import')\n"
        "socket.socket.connect = refuse\nsocket.getaddrinfo = refuse\n"
        "import readinglist_gui.core.arxiv, readinglist_gui.core.downloads\n"
        "import readinglist_gui.core.fetch, readinglist_gui.core.review\n"
        "print('ok')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.stdout.strip() == "ok", result.stderr


def test_an_answer_cut_midway_is_not_mistaken_for_being_offline(server: LoopbackServer) -> None:
    whole = ArxivCatalog().answer({"id_list": ["2401.04088"]})
    server.script("/api/query", Reply(200, whole.body, ATOM, cut_after=200))
    with client_for(server) as client, pytest.raises(NetworkError, match="cut off") as error:
        all_metadata(client, ["2401.04088"])
    assert not error.value.offline
