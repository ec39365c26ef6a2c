"""The window's parts talk through the frame, never through each other's modules.

Each part owns one concern and its widgets; a part that imported another
would sooner or later reach into its widgets. Shared values and protocols
(``view_state``, the query runner's ``Counts``, the job queue) are not parts.
"""

from __future__ import annotations

import ast
from pathlib import Path

import readinglist_gui.ui as ui

UI = Path(ui.__file__).parent
PARTS = {
    "library_view": UI / "library_view",
    "sidebar": UI / "sidebar",
    "selection_details": UI / "selection_details.py",
    "reader_tabs": UI / "reader_tabs.py",
    "edit_actions": UI / "edit_actions.py",
    "online_actions": UI / "online_actions.py",
    "file_actions": UI / "file_actions.py",
    "statistics": UI / "statistics",
    "fulltext": UI / "fulltext",
    "main_window": UI / "main_window.py",
}
LIMIT = 500


def imported_parts(source: Path) -> set[str]:
    """The parts a module imports (at any depth of the file, lazily or not)."""
    found = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        for name in names:
            parts = name.split(".")
            if parts[:2] == ["readinglist_gui", "ui"] and len(parts) > 2 and parts[2] in PARTS:
                found.add(parts[2])
    return found


def modules(part: Path) -> list[Path]:
    return sorted(part.rglob("*.py")) if part.is_dir() else [part]


def test_no_part_imports_another_only_the_frame_imports_them_all() -> None:
    for name, part in PARTS.items():
        for module in modules(part):
            others = imported_parts(module) - {name}
            if name == "main_window":
                assert others <= set(PARTS), module
            else:
                assert not others, f"{module.relative_to(UI)} imports {sorted(others)}"


def test_no_ui_module_is_over_the_size_limit() -> None:
    for module in sorted(UI.rglob("*.py")):
        lines = module.read_text(encoding="utf-8").count("\n")
        assert lines <= LIMIT, f"{module.relative_to(UI)} has {lines} lines"
