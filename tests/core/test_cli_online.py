"""``fetch`` and ``attach`` from the command line, against a loopback arXiv."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from http_server import LoopbackServer, Reply
from pdf_factory import html_named_pdf, text_pdf


def run(
    *args: str, home: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "READINGLIST_HOME": str(home), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "readinglist_gui", *args],
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
        check=False,
    )


pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    source = tmp_path / "ids.txt"
    source.write_text("2405.04434\n2401.04088\n", encoding="utf-8")
    home = tmp_path / "home"
    assert run("import", str(source), home=home).returncode == 0
    return home


def test_fetch_fills_details_and_downloads_pdfs(
    server: LoopbackServer, home: Path, tmp_path: Path
) -> None:
    pdf = text_pdf(tmp_path / "p.pdf", pages=2).read_bytes()
    for arxiv_id in ("2405.04434", "2401.04088"):
        server.script(f"/pdf/{arxiv_id}", Reply(200, pdf, {"Content-Type": "application/pdf"}))
    env = {"READINGLIST_ARXIV_URL": server.base_url, "READINGLIST_ARXIV_DELAY": "0"}
    result = run("fetch", home=home, env=env)
    assert result.returncode == 0, result.stderr
    assert "2 PDFs downloaded" in result.stdout
    rows = json.loads(run("list", "--json", home=home).stdout)
    assert {r["title"] for r in rows} >= {"Mixtral of Experts"}
    assert len(list((home / "pdfs").glob("*.pdf"))) == 2


def test_fetch_offline_says_so_and_fails(home: Path) -> None:
    env = {"READINGLIST_ARXIV_URL": "http://127.0.0.1:9", "READINGLIST_ARXIV_DELAY": "0"}
    result = run("fetch", "--metadata", home=home, env=env)
    assert result.returncode == 1
    assert "stopped" in result.stdout


def test_attach_copies_a_real_pdf_under_a_derived_name(home: Path, tmp_path: Path) -> None:
    paper = json.loads(run("list", "--json", home=home).stdout)[0]["id"]
    source = text_pdf(tmp_path / "../../etc/evil name.pdf".replace("/", "_"), pages=3)
    assert run("attach", str(paper), str(source), home=home).returncode == 0
    assert [p.name for p in (home / "pdfs").iterdir()] == [f"paper-{paper}.pdf"]


def test_attach_refuses_what_is_not_a_pdf_with_one_line(home: Path, tmp_path: Path) -> None:
    paper = json.loads(run("list", "--json", home=home).stdout)[0]["id"]
    result = run("attach", str(paper), str(html_named_pdf(tmp_path / "page.pdf")), home=home)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert "page.pdf" in result.stderr
    assert not (home / "pdfs").exists() or not list((home / "pdfs").iterdir())
