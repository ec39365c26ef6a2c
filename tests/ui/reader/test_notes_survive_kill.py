"""Killing the app mid-sentence loses at most the last second of typing.

The app runs in a child process, typing into the notes editor of a real reader
tab on a real library one key at a time and reporting each key on stdout. The
parent kills it with SIGKILL — no chance to save on the way out — and then
reads the library: every key reported more than a second before the kill must
be in the stored note.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pdf_factory
import pytest

from readinglist_gui.core.library import Library
from readinglist_gui.core.records import PaperRecord

CHILD = r"""
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from readinglist_gui.core.library import Library
from readinglist_gui.ui.reader import ReaderTab

folder, paper_id, settings_path, text = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
app = QApplication([])
library = Library.open(Path(folder))
settings = QSettings(settings_path, QSettings.Format.IniFormat)
tab = ReaderTab(library, paper_id, settings=settings)
tab.resize(1000, 700)
tab.show()
tab.editor.setFocus()
typed = 0


def type_one() -> None:
    global typed
    QTest.keyClicks(tab.editor, text[typed % len(text)])
    typed += 1
    print(typed, flush=True)


timer = QTimer()
timer.timeout.connect(type_one)
timer.start(15)
app.exec()
"""

SENTENCE = "paged attention stores the kv cache in fixed size blocks "


@pytest.mark.slow
def test_sigkill_while_typing_loses_at_most_the_last_second(tmp_path: Path) -> None:
    folder = tmp_path / "library"
    with Library.open(folder) as library:
        paper_id = library.add_paper(PaperRecord(title="Paged attention"))
        library.pdf_dir.mkdir(parents=True, exist_ok=True)
        pdf_factory.text_pdf(library.pdf_dir / f"{paper_id}.pdf", pages=5)
        library.set_pdf(paper_id, f"pdfs/{paper_id}.pdf")
    text = SENTENCE * 20
    environment = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    repository = str(Path(__file__).resolve().parents[3])
    environment["PYTHONPATH"] = os.pathsep.join(
        filter(None, [repository, environment.get("PYTHONPATH", "")])
    )
    reports: list[tuple[int, float]] = []
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), str(paper_id), str(tmp_path / "s.ini"), text],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
        text=True,
    ) as child:
        try:
            assert child.stdout is not None
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                line = child.stdout.readline()
                assert line, "the child stopped before typing enough"
                reports.append((int(line), time.monotonic()))
                if reports[-1][0] >= 200 and reports[-1][1] - reports[0][1] >= 2.0:
                    break
            killed_at = time.monotonic()
            child.send_signal(signal.SIGKILL)
        finally:
            child.kill()
            child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL

    with Library.open(folder) as library:
        note = library.paper(paper_id).note
    safe = max(count for count, seen in reports if seen <= killed_at - 1.0)
    assert text.startswith(note), "the stored note is not what was typed"
    assert len(note) >= safe, f"lost typing: saved {len(note)} keys, {safe} were due"
    assert len(note) <= reports[-1][0]
