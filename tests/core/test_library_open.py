"""Opening a library file: new ones appear whole, lost or foreign ones are refused untouched,
read-only ones open for reading."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from storage_conditions import checkpointed, make_read_only, shared_folder, unprivileged_user

from readinglist_gui.core.database import is_read_only
from readinglist_gui.core.integrity import full_check
from readinglist_gui.core.library import Library
from readinglist_gui.core.storage_errors import LibraryError, Problem


def refused(folder: Path) -> LibraryError:
    with pytest.raises(LibraryError) as caught:
        Library.open(folder)
    return caught.value


def test_a_new_library_appears_whole_with_nothing_left_beside_it(tmp_path: Path) -> None:
    folder = tmp_path / "new"
    Library.open(folder).close()
    assert sorted(p.name for p in folder.iterdir()) == ["library.sqlite3"]
    assert full_check(folder / "library.sqlite3").ok


def test_an_empty_file_is_reported_as_lost_and_left_alone(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "library.sqlite3").write_bytes(b"")
    error = refused(folder)
    assert error.problem is Problem.EMPTY
    assert "is empty (0 bytes)" in str(error)
    assert [(p.name, p.stat().st_size) for p in folder.iterdir()] == [("library.sqlite3", 0)]


def test_a_database_with_no_tables_is_empty_too(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    with sqlite3.connect(folder / "library.sqlite3") as raw:
        raw.execute("PRAGMA user_version = 3")
    raw.close()
    assert refused(folder).problem is Problem.EMPTY


def test_another_programs_database_is_not_a_library(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    with sqlite3.connect(folder / "library.sqlite3") as raw:
        raw.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY)")
    raw.close()
    error = refused(folder)
    assert error.problem is Problem.NOT_A_LIBRARY
    assert "another program" in str(error)


def test_a_file_cut_short_is_damaged(filled: Library) -> None:
    path = filled.database_path
    filled.close()
    checkpointed(path)
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.truncate(size // 2)
    error = refused(path.parent)
    assert error.problem is Problem.DAMAGED
    assert "cut short" in str(error)


def test_a_newer_library_is_refused_as_newer(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    Library.open(folder).close()
    with sqlite3.connect(folder / "library.sqlite3") as raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    raw.close()
    assert refused(folder).problem is Problem.NEWER


READ_ONLY_PROBE = """
import json, sys
from pathlib import Path
from readinglist_gui.core.database import is_read_only
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.core.storage_errors import explain
with Library.open(Path(sys.argv[1])) as library:
    view = library.view(PaperQuery(text="attention"), sidebar=True)
    try:
        library.set_status([1], Status.NOTED)
        refusal = None
    except Exception as exc:
        refusal = explain(exc, library.database_path).problem.value
    print(json.dumps({"read_only": is_read_only(library.engine), "found": view.total,
                      "papers": library.count(), "refusal": refusal}))
"""


@pytest.mark.parametrize("folder_too", [False, True], ids=["file", "file-and-folder"])
def test_a_read_only_library_opens_for_reading_and_writes_nothing(folder_too: bool) -> None:
    user = unprivileged_user()
    with shared_folder() as shared:
        folder = shared / "lib"
        with Library.open(folder) as library:
            from library_factory import sample_batch

            library.import_batch(sample_batch())
        checkpointed(folder / "library.sqlite3")
        make_read_only(folder, folder_too=folder_too)
        before = sorted(p.name for p in folder.iterdir())
        result = subprocess.run(
            [*user, sys.executable, "-c", READ_ONLY_PROBE, str(folder)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
            cwd="/",
        )
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == {
            "read_only": True,
            "found": 1,
            "papers": 4,
            "refusal": "read-only",
        }
        if folder_too:
            assert sorted(p.name for p in folder.iterdir()) == before


def test_a_writable_library_is_not_read_only(library: Library) -> None:
    assert not is_read_only(library.engine)
