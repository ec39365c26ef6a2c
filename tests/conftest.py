"""Shared fixtures: every test gets its own real library folder, never the user's."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from arxiv_catalog import ArxivCatalog
from cli_runner import Ran
from http_server import LoopbackServer, loopback_server
from library_factory import sample_batch

from readinglist_gui.cli import main
from readinglist_gui.core.library import Library


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep tests away from the user's library, settings and network defaults."""
    monkeypatch.setenv("READINGLIST_HOME", str(tmp_path / "home-library"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


@pytest.fixture
def library(tmp_path: Path) -> Iterator[Library]:
    lib = Library.open(tmp_path / "library")
    yield lib
    lib.close()


@pytest.fixture
def filled(library: Library) -> Library:
    library.import_batch(sample_batch())
    return library


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    """A real HTTP server on 127.0.0.1 with scripted replies, standing in for arXiv."""
    with loopback_server() as running:
        yield running


@pytest.fixture
def catalog(server: LoopbackServer) -> ArxivCatalog:
    """The server answering arXiv API queries from the Atom fixtures in ``data/arxiv``."""
    catalog = ArxivCatalog()
    catalog.install(server)
    return catalog


@pytest.fixture
def arxiv_env(server: LoopbackServer, monkeypatch: pytest.MonkeyPatch) -> LoopbackServer:
    """Point the app's arXiv settings at the loopback server, with no pause between requests."""
    monkeypatch.setenv("READINGLIST_ARXIV_URL", server.base_url)
    monkeypatch.setenv("READINGLIST_ARXIV_DELAY", "0")
    return server


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., Ran]:
    """The command line in this process: the same parser, dispatch and messages, minus a start."""

    def run(folder: Path, *args: str) -> Ran:
        code = main(["--library", str(folder), *args])
        out = capsys.readouterr()
        return Ran(code, out.out, out.err)

    return run
