"""Reaching the group's server: addresses, credentials by libpq's rules, one-line errors.

A group is named by ``postgresql://ROLE@HOST:PORT/DB``. The password is never
part of what the library stores: libpq finds it itself in ``~/.pgpass`` (or
``PGPASSFILE``), ``PGPASSWORD`` or a service file (``?service=NAME``), exactly
as ``psql`` does, because psycopg hands the address to libpq unchanged. A
password typed into the address works for that one command and is dropped
before anything is written down.

Every connection gives up on an unreachable server within seconds
(``CONNECT_TIMEOUT`` per address tried), so a sync never hangs the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

from readinglist_gui.core.database import LibraryError

CONNECT_TIMEOUT = 4
"""Seconds libpq waits for each address of the server (``localhost`` may be two)."""
DRIVER = "postgresql+psycopg"
SCHEMES = ("postgresql", "postgres", "postgresql+psycopg")
NO_PASSWORD = "the server wants a password"
"""How ``describe`` begins when libpq found no password: the app then asks for one."""


class GroupError(LibraryError):
    """A reading-group problem worth one clear sentence to the user."""


def server_url(text: str) -> URL:
    """The address as given, password included, for connecting in this process only."""
    try:
        url = make_url(text.strip())
    except sa_exc.ArgumentError as exc:
        raise GroupError(f"not a PostgreSQL address: {_without_password(text)}") from exc
    if url.drivername not in SCHEMES:
        raise GroupError(
            "a group address starts with postgresql://, e.g. postgresql://alice@host:5432/lab"
        )
    return url.set(drivername=DRIVER)


def with_password(url: URL, password: str | None) -> URL:
    """The address with a password the user typed for this session (never stored)."""
    return url if not password else url.set(password=password)


def stored_url(url: URL) -> str:
    """The address as the library keeps it: the plain ``postgresql://`` form, no password."""
    plain = URL.create(
        "postgresql",
        username=url.username,
        host=url.host,
        port=url.port,
        database=url.database,
        query=url.query,
    )
    return plain.render_as_string(hide_password=False)


def _without_password(text: str) -> str:
    """Echo a bad address back without whatever might be a password in it."""
    head, at, tail = text.rpartition("@")
    if not at:
        return text
    scheme, sep, user = head.partition("://")
    return f"{scheme}{sep}{user.partition(':')[0]}@{tail}"


def make_engine(url: URL) -> Engine:
    """An engine with no pool: each sync opens one connection and closes it."""
    connect_args: dict[str, Any] = {
        "connect_timeout": CONNECT_TIMEOUT,
        "application_name": "readinglist-gui",
        "keepalives": 1,
        "keepalives_idle": 5,
        "keepalives_interval": 2,
        "keepalives_count": 3,
    }
    return create_engine(url, poolclass=NullPool, connect_args=connect_args)


def describe(exc: BaseException) -> str:
    """One line saying what went wrong, from a driver or SQLAlchemy error."""
    if isinstance(exc, GroupError):
        return str(exc)
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else type(original).__name__
    if "no password supplied" in text:
        return f"{NO_PASSWORD}: put it in ~/.pgpass (or PGPASSFILE), PGPASSWORD or a service file"
    if "password authentication failed" in text:
        return first.split("failed: ", 1)[-1].replace("FATAL:  ", "")
    for prefix in ("connection failed: ",):
        if first.startswith(prefix):
            first = first[len(prefix) :]
    return first


@contextmanager
def translated() -> Iterator[None]:
    """Turn a lost connection or a refused statement into one ``GroupError`` line."""
    try:
        yield
    except (sa_exc.DBAPIError, psycopg.Error) as exc:
        raise GroupError(f"the group's server: {describe(exc)}") from exc


@contextmanager
def connected(url: URL) -> Iterator[Connection]:
    """A connection to the server; any failure to reach it becomes a ``GroupError``."""
    engine = make_engine(url)
    try:
        try:
            conn = engine.connect()
        except sa_exc.DBAPIError as exc:
            raise GroupError(f"cannot reach the group's server: {describe(exc)}") from exc
        with conn:
            yield conn
    finally:
        engine.dispose()
