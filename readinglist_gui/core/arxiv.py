"""Talking to arXiv (or a mirror standing in for it) politely, with ``requests`` only.

arXiv asks API users for at most one request every three seconds and answers
bursts with 429 or 503 and a ``Retry-After``. Every request of the app goes
through one :class:`ArxivClient` so that the pause between requests, the
retries and the timeouts are kept in one place, whichever feature asks. Nothing
here runs at import time: the network is touched only when a method is called.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urljoin, urlsplit

import requests

from readinglist_gui import __version__
from readinglist_gui.core.arxiv_feed import ArxivEntry, FeedError, parse_feed
from readinglist_gui.core.identity import (
    is_truncated_title,
    normalize_arxiv_id,
    title_key,
)

USER_AGENT = f"readinglist-gui/{__version__} (+https://github.com/readinglist-gui)"
DEFAULT_BASE_URL = "https://export.arxiv.org"
BASE_URL_ENV = "READINGLIST_ARXIV_URL"
DELAY_ENV = "READINGLIST_ARXIV_DELAY"

_RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
_REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_MAX_REDIRECTS = 5
# Words the search engine drops anyway; asking for them can only lose matches.
# fmt: off
_STOP_WORDS = frozenset({
    "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "is", "of", "on", "or",
    "the", "to", "via", "with", "without",
})
# fmt: on
_MAX_QUERY_WORDS = 12
_MIN_SIDE_WORDS = 3
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")

Cancelled = Callable[[], bool]


def _never() -> bool:
    return False


class NetworkError(Exception):
    """A request that did not bring what was asked; ``str()`` is a sentence for the user.

    ``offline`` means no connection could be made at all, so the caller can
    stop and wait rather than fail every remaining paper one by one.
    """

    def __init__(self, message: str, *, status: int | None = None, offline: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.offline = offline


class CancelledError(Exception):
    """The user cancelled while a request was waiting or running."""


@dataclass(frozen=True, slots=True)
class ArxivSettings:
    """How the client behaves; the GUI keeps these as preferences, tests shrink them."""

    base_url: str = DEFAULT_BASE_URL
    delay: float = 3.0
    """Seconds between two requests to one host, as arXiv's API terms ask."""
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    retries: int = 3
    backoff: float = 2.0
    """Seconds before the first retry; each further retry waits twice as long."""
    max_wait: float = 120.0
    """The longest ``Retry-After`` honoured; a server asking for more gets it, capped."""
    batch_size: int = 50
    """Ids per ``id_list`` request: long enough to be few requests, short enough for a GET."""
    max_pdf_bytes: int = 100 * 1024 * 1024

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api/query"

    def pdf_url(self, arxiv_id: str) -> str:
        return f"{self.base_url}/pdf/{arxiv_id}"

    @classmethod
    def from_env(
        cls, defaults: ArxivSettings | None = None, environ: Mapping[str, str] | None = None
    ) -> ArxivSettings:
        """``defaults`` (the saved preferences) with the environment's overrides applied.

        Raises ``ValueError`` with a readable message for a malformed variable
        rather than silently falling back, since a mirror or delay someone set
        on purpose should not be ignored.
        """
        settings = defaults or cls()
        env = os.environ if environ is None else environ
        changes: dict[str, object] = {}
        base = env.get(BASE_URL_ENV, "").strip()
        if base:
            changes["base_url"] = checked_base_url(base)
        delay = env.get(DELAY_ENV, "").strip()
        if delay:
            try:
                seconds = float(delay)
            except ValueError:
                seconds = -1.0
            if not 0 <= seconds <= 3600:
                raise ValueError(f"{DELAY_ENV} must be a number of seconds, not {delay!r}")
            changes["delay"] = seconds
        return replace(settings, **changes)  # type: ignore[arg-type]


def checked_base_url(text: str) -> str:
    """An http(s) base URL without a trailing slash, or ``ValueError``."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"the arXiv address must be an http or https URL, not {text!r}")
    return text.strip().rstrip("/")


@dataclass(slots=True)
class _Pacer:
    """Keeps requests to one host at least ``delay`` seconds apart, across threads."""

    delay: float
    last: dict[str, float] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def reserve(self, host: str) -> float:
        """Book the next slot for ``host``; returns how long to wait for it."""
        with self.lock:
            now = time.monotonic()
            slot = max(now, self.last.get(host, -self.delay) + self.delay)
            self.last[host] = slot
            return slot - now


@dataclass(frozen=True, slots=True)
class _Environment:
    """What ``requests`` takes from the environment for one host, as ``trust_env`` would."""

    proxies: dict[str, str]
    verify: str | bool

    @classmethod
    def read(cls, url: str) -> _Environment:
        bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
        return cls(requests.utils.get_environ_proxies(url), bundle or True)


def pause(seconds: float, cancelled: Cancelled = _never) -> None:
    """Sleep in short steps so a cancel is noticed within a tenth of a second."""
    end = time.monotonic() + seconds
    while True:
        if cancelled():
            raise CancelledError
        left = end - time.monotonic()
        if left <= 0:
            return
        time.sleep(min(left, 0.1))


class ArxivClient:
    """One session for every request, with pacing, timeouts and retries.

    Safe to share between worker threads: pacing is locked, and each request
    uses its own connection from the session's pool.
    """

    def __init__(self, settings: ArxivSettings | None = None) -> None:
        self.settings = settings or ArxivSettings.from_env()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # requests would read the proxy and CA variables (and ~/.netrc) again for
        # every request, a third of its time per small download; they are read
        # once per host instead. No credentials from ~/.netrc go to PDF hosts.
        self.session.trust_env = False
        self._environment: dict[str, _Environment] = {}
        self._pacer = _Pacer(self.settings.delay)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> ArxivClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # Plain HTTP -------------------------------------------------------------

    def get(
        self,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        stream: bool = False,
        cancelled: Cancelled = _never,
    ) -> requests.Response:
        """A successful response, after redirects (http and https only) and retries.

        Raises :class:`NetworkError` for a refused or failed request and
        :class:`CancelledError` when ``cancelled()`` turns true while waiting.
        """
        _require_http(url, url)
        for _hop in range(_MAX_REDIRECTS + 1):
            response = self._send(url, params, stream, cancelled)
            location = response.headers.get("Location")
            if response.status_code in _REDIRECT_STATUSES and location:
                response.close()
                target = urljoin(response.url, location)
                _require_http(target, url)
                url, params = target, None
                continue
            if response.status_code == 404:
                response.close()
                raise NetworkError(f"Not found (404): {_short(url)}", status=404)
            if response.status_code >= 400:
                response.close()
                raise NetworkError(
                    f"The server answered {response.status_code} {response.reason} "
                    f"for {_short(url)}",
                    status=response.status_code,
                )
            return response
        raise NetworkError(f"Too many redirects from {_short(url)}")

    def _send(
        self,
        url: str,
        params: Mapping[str, str] | None,
        stream: bool,
        cancelled: Cancelled,
    ) -> requests.Response:
        settings = self.settings
        host = urlsplit(url).netloc.lower()
        for attempt in range(settings.retries + 1):
            pause(self._pacer.reserve(host), cancelled)
            wait = settings.backoff * 2**attempt
            try:
                environment = self._environment_for(url)
                response = self.session.get(
                    url,
                    params=params,
                    stream=stream,
                    timeout=(settings.connect_timeout, settings.read_timeout),
                    allow_redirects=False,
                    proxies=environment.proxies,
                    verify=environment.verify,
                )
            except requests.Timeout as error:
                failure = NetworkError(
                    f"{host} did not answer within {settings.read_timeout:g} s"
                    if not isinstance(error, requests.ConnectTimeout)
                    else f"Could not connect to {host} (timed out)",
                    offline=isinstance(error, requests.ConnectTimeout),
                )
            except requests.ConnectionError:
                failure = NetworkError(f"Could not connect to {host}", offline=True)
            except requests.RequestException as error:
                raise NetworkError(f"The request to {host} failed: {error}") from error
            else:
                if response.status_code not in _RETRY_STATUSES:
                    return response
                asked = retry_after(response.headers.get("Retry-After"))
                if asked is not None:
                    wait = min(asked, settings.max_wait)
                failure = NetworkError(
                    f"{host} answered {response.status_code} {response.reason}"
                    + (" (too many requests)" if response.status_code == 429 else ""),
                    status=response.status_code,
                )
                response.close()
            # No connection at all is usually no network: one retry tells a blip
            # from that, further ones would only keep the user waiting.
            if attempt == settings.retries or (failure.offline and attempt >= 1):
                raise failure
            pause(wait, cancelled)
        raise AssertionError("unreachable")

    def _environment_for(self, url: str) -> _Environment:
        """The proxies and CA bundle the environment sets for ``url``'s host, read once."""
        parts = urlsplit(url)
        key = f"{parts.scheme.lower()}://{parts.netloc.lower()}"
        found = self._environment.get(key)
        if found is None:
            found = _Environment.read(url)
            self._environment[key] = found
        return found

    # arXiv ----------------------------------------------------------------------

    def metadata(
        self, arxiv_ids: Sequence[str], cancelled: Cancelled = _never
    ) -> Iterator[tuple[list[str], dict[str, ArxivEntry]]]:
        """For each batch of ids: the ids asked and the entries found, by canonical id.

        Ids arXiv does not know are simply absent from the mapping; versions
        are dropped so the latest version is what comes back.
        """
        wanted = list(dict.fromkeys(i for i in (normalize_arxiv_id(x) for x in arxiv_ids) if i))
        size = max(1, self.settings.batch_size)
        for start in range(0, len(wanted), size):
            batch = wanted[start : start + size]
            params = {"id_list": ",".join(batch), "start": "0", "max_results": str(len(batch))}
            entries = self._feed(params, cancelled)
            yield batch, {entry.arxiv_id: entry for entry in entries}

    def search_title(
        self, title: str, max_results: int = 5, cancelled: Cancelled = _never
    ) -> list[ArxivEntry]:
        """Papers whose titles contain the title's words, best first by arXiv's ranking.

        Lists decorate titles (``AdamW: Decoupled …``), so when the whole title
        finds nothing, its main part after a colon gets a second search.
        """
        for query in title_queries(title):
            params = {"search_query": query, "start": "0", "max_results": str(max_results)}
            found = self._feed(params, cancelled)
            if found:
                return found
        return []

    def _feed(self, params: Mapping[str, str], cancelled: Cancelled) -> list[ArxivEntry]:
        # Streamed so a stall inside the body is reported as a cut answer,
        # not mistaken for having no connection at all.
        response = self.get(self.settings.api_url, params=params, stream=True, cancelled=cancelled)
        try:
            data = response.content
        except requests.RequestException as error:
            raise NetworkError(f"The answer from arXiv was cut off: {error}") from error
        finally:
            response.close()
        try:
            return parse_feed(data)
        except FeedError as error:
            raise NetworkError(str(error)) from None


def title_queries(title: str) -> list[str]:
    """arXiv searches for the paper a list names by ``title``, most specific first.

    Asides in brackets (``(8x7B)``, ``(Chinchilla)``) are the list's, not the
    paper's, so they are not searched for; the match is still scored against
    the whole title. A title with a colon also gets a search for its longer
    side when that side alone says enough (three significant words or more).
    """
    plain = _ASIDE.sub(" ", title)
    queries = [title_query(plain)]
    head, colon, tail = plain.partition(":")
    if colon:
        side = title_query(max(head, tail, key=len))
        if side.count("ti:") >= _MIN_SIDE_WORDS:
            queries.append(side)
    return [query for query in dict.fromkeys(queries) if query]


def title_query(title: str) -> str:
    """An arXiv search for titles holding every significant word of ``title``.

    A truncated title ends in a word that may itself be cut, so it is left out.
    """
    words = title_key(title).split()
    if is_truncated_title(title) and words:
        words = words[:-1]
    kept = [w for w in words if w not in _STOP_WORDS and w.isascii() and w.isalnum()]
    return " AND ".join(f"ti:{w}" for w in kept[:_MAX_QUERY_WORDS])


def retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: a number or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


def _require_http(url: str, asked: str) -> None:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        if url == asked:
            raise NetworkError(f"Only http and https links are fetched, not {_short(url)}")
        raise NetworkError(
            f"{_short(asked)} redirected to {_short(url)}, which is not an http or https link"
        )


def _short(url: str, limit: int = 120) -> str:
    return url if len(url) <= limit else url[: limit - 1] + "…"
