"""The core must stay usable without Qt: import all of it with Qt made unimportable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import readinglist_gui

PACKAGE = Path(readinglist_gui.__file__).parent

SCRIPT = """
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"PySide6", "shiboken6", "PyQt5", "PyQt6"}:
            raise ImportError(f"core imported {name}")
        return None

sys.meta_path.insert(0, BlockQt())
import readinglist_gui.core as core
for module in pkgutil.walk_packages(core.__path__, "readinglist_gui.core."):
    if ".migrations.versions" in module.name or module.name.endswith(".migrations.env"):
        continue
    importlib.import_module(module.name)
import readinglist_gui.cli
import readinglist_gui.commands
print("ok")
"""


def test_core_and_cli_import_without_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_no_core_module_mentions_qt() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in (PACKAGE / "core").rglob("*.py")
        if "PySide6" in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
