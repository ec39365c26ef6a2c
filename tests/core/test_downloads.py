"""PDF downloads from a real loopback server: only whole, readable PDFs reach the library."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from http_server import LoopbackServer, Reply
from pdf_factory import text_pdf

from readinglist_gui.core.arxiv import ArxivClient, ArxivSettings, CancelledError, NetworkError
from readinglist_gui.core.downloads import download_pdf, keep_pdfs, pdf_stem

PDF_TYPE = {"Content-Type": "application/pdf"}


@pytest.fixture
def client(server: LoopbackServer) -> Iterator[ArxivClient]:
    settings = ArxivSettings(base_url=server.base_url, delay=0, backoff=0.01, read_timeout=2)
    with ArxivClient(settings) as running:
        yield running


@pytest.fixture
def pdf_bytes(tmp_path: Path) -> bytes:
    return text_pdf(tmp_path / "source.pdf", pages=40).read_bytes()


@pytest.fixture
def pdf_dir(tmp_path: Path) -> Path:
    return tmp_path / "library" / "pdfs"


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_an_arxiv_pdf_lands_under_its_derived_name_with_a_checksum(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    server.script("/pdf/hep-th/9711200", Reply(200, pdf_bytes, PDF_TYPE))
    seen: list[tuple[int, int | None]] = []
    result = download_pdf(
        client,
        client.settings.pdf_url("hep-th/9711200"),
        pdf_dir,
        pdf_stem("hep-th/9711200", 5),
        progress=lambda done, total: seen.append((done, total)),
    )
    assert result.path == pdf_dir / "hep-th_9711200.pdf"
    assert leftovers(pdf_dir) == [result.staged.name]
    assert result.staged.name.startswith(".hep-th_9711200.pdf.")
    keep_pdfs([result])
    assert result.path.read_bytes() == pdf_bytes
    assert result.sha256 == hashlib.sha256(pdf_bytes).hexdigest()
    assert (result.size, result.page_count) == (len(pdf_bytes), 40)
    assert seen[-1] == (len(pdf_bytes), len(pdf_bytes))
    assert leftovers(pdf_dir) == ["hep-th_9711200.pdf"]


def test_a_redirect_to_another_path_is_followed(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    server.script("/pdf/2401.04088", Reply(301, b"", {"Location": "/pdf/2401.04088v1"}))
    server.script("/pdf/2401.04088v1", Reply(200, pdf_bytes, PDF_TYPE))
    result = download_pdf(client, server.url("/pdf/2401.04088"), pdf_dir, "2401.04088")
    keep_pdfs([result])
    assert result.path.read_bytes() == pdf_bytes


def test_a_direct_pdf_link_elsewhere_downloads_the_same_way(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    server.script("/files/Some%20Paper.pdf", Reply(200, pdf_bytes, PDF_TYPE))
    result = download_pdf(client, server.url("/files/Some%20Paper.pdf"), pdf_dir, pdf_stem(None, 7))
    assert result.path.name == "paper-7.pdf"


def test_a_connection_cut_midway_leaves_nothing_and_a_retry_succeeds(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    server.script(
        "/pdf/cut",
        Reply(200, pdf_bytes, PDF_TYPE, cut_after=len(pdf_bytes) // 2),
        Reply(200, pdf_bytes, PDF_TYPE),
    )
    with pytest.raises(NetworkError, match=r"cut off .*nothing was kept"):
        download_pdf(client, server.url("/pdf/cut"), pdf_dir, "cut")
    assert leftovers(pdf_dir) == []
    result = download_pdf(client, server.url("/pdf/cut"), pdf_dir, "cut")
    keep_pdfs([result])
    assert result.path.read_bytes() == pdf_bytes


def test_a_batch_replaces_what_was_there_only_when_kept(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path, tmp_path: Path
) -> None:
    newer = text_pdf(tmp_path / "newer.pdf", pages=3).read_bytes()
    pdf_dir.mkdir(parents=True)
    (pdf_dir / "old.pdf").write_bytes(pdf_bytes)
    server.script("/pdf/old", Reply(200, newer, PDF_TYPE))
    server.script("/pdf/new", Reply(200, newer, PDF_TYPE))
    batch = [
        download_pdf(client, server.url(f"/pdf/{stem}"), pdf_dir, stem) for stem in ("old", "new")
    ]
    assert (pdf_dir / "old.pdf").read_bytes() == pdf_bytes
    assert not (pdf_dir / "new.pdf").exists()
    keep_pdfs(batch)
    assert (pdf_dir / "old.pdf").read_bytes() == newer
    assert (pdf_dir / "new.pdf").read_bytes() == newer
    assert leftovers(pdf_dir) == ["new.pdf", "old.pdf"]


def test_a_batch_that_cannot_be_put_in_place_leaves_no_temporary_files(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    server.script("/pdf/a", Reply(200, pdf_bytes, PDF_TYPE))
    server.script("/pdf/b", Reply(200, pdf_bytes, PDF_TYPE))
    batch = [download_pdf(client, server.url(f"/pdf/{stem}"), pdf_dir, stem) for stem in ("a", "b")]
    (pdf_dir / "b.pdf").mkdir()
    (pdf_dir / "b.pdf" / "in the way").write_bytes(b"")
    with pytest.raises(OSError):
        keep_pdfs(batch)
    assert (pdf_dir / "a.pdf").read_bytes() == pdf_bytes
    assert leftovers(pdf_dir) == ["a.pdf", "b.pdf"]
    assert (pdf_dir / "b.pdf").is_dir()


def test_a_failed_download_keeps_the_pdf_already_there(
    server: LoopbackServer, client: ArxivClient, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    pdf_dir.mkdir(parents=True)
    (pdf_dir / "kept.pdf").write_bytes(pdf_bytes)
    server.script("/pdf/kept", Reply(200, pdf_bytes, PDF_TYPE, cut_after=100))
    with pytest.raises(NetworkError):
        download_pdf(client, server.url("/pdf/kept"), pdf_dir, "kept")
    assert (pdf_dir / "kept.pdf").read_bytes() == pdf_bytes
    assert leftovers(pdf_dir) == ["kept.pdf"]


def test_a_web_page_instead_of_a_pdf_is_rejected_clearly(
    server: LoopbackServer, client: ArxivClient, pdf_dir: Path
) -> None:
    page = b"<!DOCTYPE html><html><body>Please verify you are human</body></html>"
    server.script("/pdf/captcha", Reply(200, page, {"Content-Type": "text/html"}))
    with pytest.raises(NetworkError, match="sent a web page instead of a PDF"):
        download_pdf(client, server.url("/pdf/captcha"), pdf_dir, "captcha")
    assert leftovers(pdf_dir) == []


def test_other_bodies_that_are_not_pdfs_are_rejected(
    server: LoopbackServer, client: ArxivClient, pdf_dir: Path
) -> None:
    server.script("/pdf/zip", Reply(200, b"PK\x03\x04" + bytes(3000), PDF_TYPE))
    server.script("/pdf/empty", Reply(200, b"", PDF_TYPE))
    server.script("/pdf/broken", Reply(200, b"%PDF-1.7\n" + b"garbage " * 500, PDF_TYPE))
    with pytest.raises(NetworkError, match="did not send a PDF"):
        download_pdf(client, server.url("/pdf/zip"), pdf_dir, "zip")
    with pytest.raises(NetworkError, match="empty file"):
        download_pdf(client, server.url("/pdf/empty"), pdf_dir, "empty")
    with pytest.raises(NetworkError, match="not a usable PDF"):
        download_pdf(client, server.url("/pdf/broken"), pdf_dir, "broken")
    assert leftovers(pdf_dir) == []


def test_oversized_bodies_are_refused_announced_or_not(
    server: LoopbackServer, pdf_bytes: bytes, pdf_dir: Path
) -> None:
    settings = ArxivSettings(base_url=server.base_url, delay=0, max_pdf_bytes=len(pdf_bytes) - 1)
    server.script("/pdf/big", Reply(200, pdf_bytes, PDF_TYPE))
    server.script("/pdf/sneaky", Reply(200, pdf_bytes, PDF_TYPE, announce=False))
    with ArxivClient(settings) as small:
        with pytest.raises(NetworkError, match=r"offers .* more than the .* limit"):
            download_pdf(small, server.url("/pdf/big"), pdf_dir, "big")
        with pytest.raises(NetworkError, match=r"sent more than the .* limit"):
            download_pdf(small, server.url("/pdf/sneaky"), pdf_dir, "sneaky")
    assert leftovers(pdf_dir) == []


def test_cancelling_midway_leaves_nothing(
    server: LoopbackServer, client: ArxivClient, pdf_dir: Path, tmp_path: Path
) -> None:
    big = text_pdf(tmp_path / "big.pdf").read_bytes() + bytes(2 * 1024 * 1024)
    server.script("/pdf/long", Reply(200, big, PDF_TYPE))
    chunks: list[int] = []
    with pytest.raises(CancelledError):
        download_pdf(
            client,
            server.url("/pdf/long"),
            pdf_dir,
            "long",
            progress=lambda done, _total: chunks.append(done),
            cancelled=lambda: len(chunks) >= 1,
        )
    assert leftovers(pdf_dir) == []


def test_file_names_never_come_from_outside(client: ArxivClient, pdf_dir: Path) -> None:
    assert pdf_stem("2309.06180", 1) == "2309.06180"
    assert pdf_stem(None, 42) == "paper-42"
    for stem in ("../escape", "/abs", ".hidden", "a/b", ""):
        with pytest.raises(ValueError, match="safe file name"):
            download_pdf(client, "http://127.0.0.1:9/x.pdf", pdf_dir, stem)


def test_a_404_pdf_is_reported(server: LoopbackServer, client: ArxivClient, pdf_dir: Path) -> None:
    with pytest.raises(NetworkError, match="Not found"):
        download_pdf(client, server.url("/pdf/2501.99999"), pdf_dir, "2501.99999")
    assert leftovers(pdf_dir) == []


def test_settings_follow_the_server(server: LoopbackServer) -> None:
    settings = replace(ArxivSettings(), base_url=server.base_url)
    assert settings.pdf_url("2401.04088") == server.url("/pdf/2401.04088")
