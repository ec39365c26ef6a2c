"""Named files through the real command line: what is refused, how it is said, and that nothing lands."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest

from readinglist_gui.cli import main
from readinglist_gui.core.importers import FORMAT_NAMES
from readinglist_gui.core.library import Library

MARKDOWN = (
    "# Serving papers\n\n"
    "- [Efficient Memory Management for Large Language Model Serving with PagedAttention]"
    "(https://arxiv.org/abs/2309.06180)\n"
    "- [Orca: A Distributed Serving System for Transformer-Based Generative Models]"
    "(https://www.usenix.org/conference/osdi22/presentation/yu)\n"
)
EXPORT = json.dumps(
    {
        "format": "readinglist-gui/1",
        "papers": [
            {"title": "Attention Is All You Need", "arxiv_id": "1706.03762"},
            {"title": "Deep Residual Learning for Image Recognition", "year": 2015},
        ],
    }
)
# The start of an ELF executable: NUL bytes among printf formats, as /bin/ls has them.
BINARY = (
    b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00%s\n%s: %s\n# usage\x00\x00- [x](y)\n"
)


def run(capsys: pytest.CaptureFixture[str], library: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--library", str(library), "import", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def papers(folder: Path) -> int:
    with Library.open(folder) as library:
        return len(library.ids())


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return tmp_path / "library"


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_a_binary_file_named_like_a_list_is_refused(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    code, out, err = run(capsys, home, str(write(tmp_path / "list.md", BINARY)))
    assert code == 1
    lines = err.splitlines()
    assert (
        lines[0] == "readinglist-gui: error: list.md: holds NUL bytes: a binary file, "
        "or UTF-16 or UTF-32 text without a byte-order mark"
    )
    assert "--format" in lines[-1] and all(name in lines[-1] for name in FORMAT_NAMES)
    assert len(lines) == 2 and out == ""
    assert papers(home) == 0


def test_a_truncated_export_is_refused_and_named(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, home, str(write(tmp_path / "export.json", EXPORT[:70])))
    assert code == 1
    assert err.splitlines()[0].startswith(
        "readinglist-gui: error: export.json: read as json, nothing could be imported: "
        "line 1: not valid JSON"
    )
    assert papers(home) == 0


def test_an_unknown_shape_names_format_and_the_format_names(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    path = write(tmp_path / "notes.txt", "Buy milk.\nCall the library about the overdue book.\n")
    code, _, err = run(capsys, home, str(path))
    assert code == 1
    first, hint = err.splitlines()
    assert first.endswith("notes.txt: not a reading-list format readinglist-gui knows")
    assert "--format NAME" in hint and "markdown" in hint and "course" in hint


@pytest.mark.skipif(not Path("/bin/ls").is_file(), reason="needs /bin/ls")
def test_a_real_program_renamed_list_md_is_refused(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    code, out, _ = run(capsys, home, str(write(tmp_path / "list.md", Path("/bin/ls").read_bytes())))
    assert (code, out) == (1, "")
    assert papers(home) == 0


@pytest.mark.parametrize("name", ["empty.md", "empty.json", "empty.bib", "empty.txt", "blank.md"])
def test_an_empty_file_is_refused_the_same_whatever_its_name(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, name: str
) -> None:
    content = " \n\n\t\n" if name.startswith("blank") else ""
    code, _, err = run(capsys, home, str(write(tmp_path / name, content)))
    assert code == 1
    assert err.splitlines()[0] == f"readinglist-gui: error: {name}: is empty"


def test_an_empty_file_with_a_bom_is_still_empty(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, home, str(write(tmp_path / "bom.md", codecs.BOM_UTF16_LE)))
    assert (code, err.splitlines()[0]) == (1, "readinglist-gui: error: bom.md: is empty")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8"])
def test_lists_with_a_byte_order_mark_are_decoded(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path, encoding: str
) -> None:
    bom = {
        "utf-16-le": codecs.BOM_UTF16_LE,
        "utf-16-be": codecs.BOM_UTF16_BE,
        "utf-32-le": codecs.BOM_UTF32_LE,
        "utf-32-be": codecs.BOM_UTF32_BE,
        "utf-8": codecs.BOM_UTF8,
    }[encoding]
    text = MARKDOWN.replace("Serving papers", "Serving papers \u2014 caf\u00e9 notes")
    path = write(tmp_path / "list.md", bom + text.replace("\n", "\r\n").encode(encoding))
    code, out, err = run(capsys, home, str(path))
    assert (code, err) == (0, "")
    assert out.startswith("imported: 2 added")
    with Library.open(home) as library:
        assert [info.name for info in library.lists()] == ["Serving papers \u2014 caf\u00e9 notes"]


def test_one_bad_file_among_several_imports_nothing_and_every_bad_one_is_named(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    good = write(tmp_path / "good.md", MARKDOWN)
    export = write(tmp_path / "export.json", EXPORT)
    binary = write(tmp_path / "ls.md", BINARY)
    empty = write(tmp_path / "empty.json", "")
    code, out, err = run(capsys, home, str(good), str(binary), str(export), str(empty))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert [line.split(": ")[2] for line in lines[:2]] == ["ls.md", "empty.json"]
    assert lines[2].startswith("readinglist-gui: nothing was imported")
    assert papers(home) == 0
    code, out, _ = run(capsys, home, str(good), str(export))
    assert code == 0 and out.startswith("imported: 4 added")


def test_many_bad_files_still_fail_in_at_most_three_lines(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    bad = [write(tmp_path / f"bad{n}.md", BINARY) for n in range(4)]
    code, out, err = run(capsys, home, *map(str, bad))
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert len(lines) <= 3
    assert lines[0].startswith("readinglist-gui: error: 4 files cannot be read")
    assert all(path.name in lines[0] for path in bad)
    assert papers(home) == 0


def test_an_unknown_format_name_lists_the_known_ones(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, home, "--format", "docx", str(write(tmp_path / "a.md", MARKDOWN)))
    assert code == 1
    assert err.strip() == (
        "readinglist-gui: error: unknown format 'docx' for --format; known: "
        + ", ".join(FORMAT_NAMES)
    )


def test_a_file_read_as_the_wrong_format_is_refused(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    code, _, err = run(capsys, home, "--format", "bibtex", str(write(tmp_path / "a.md", MARKDOWN)))
    assert code == 1
    assert "a.md: read as bibtex, nothing could be imported" in err
    assert papers(home) == 0


def test_help_lists_the_formats_without_loading_a_reader() -> None:
    import ast
    import subprocess
    import sys

    code = (
        "import sys, contextlib, io\n"
        "from readinglist_gui.cli import build_parser\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):\n"
        "    build_parser().parse_args(['import', '--help'])\n"
        "print(out.getvalue())\n"
        "print(sorted(m for m in sys.modules if m.startswith('readinglist_gui.core')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert "csl-json" in result.stdout and "annotated" in result.stdout
    loaded = set(ast.literal_eval(result.stdout.strip().splitlines()[-1]))
    registries = {"importers", "importers.formats", "exporters", "exporters.formats"}
    assert loaded <= {"readinglist_gui.core", *(f"readinglist_gui.core.{m}" for m in registries)}
