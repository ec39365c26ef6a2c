"""The export formats are one registry: the command line, the dialog and the writers agree."""

from __future__ import annotations

import subprocess
import sys

import pytest

from readinglist_gui import cli
from readinglist_gui.core.exporters import FORMATS


def test_the_command_line_takes_every_registered_format_and_nothing_else(
    capsys: pytest.CaptureFixture[str],
) -> None:
    parser = cli.build_parser()
    for name in FORMATS:
        assert parser.parse_args(["export", "--format", name]).format == name
    with pytest.raises(SystemExit):
        parser.parse_args(["export", "--format", "docx"])
    assert ", ".join(f"'{name}'" for name in FORMATS) in capsys.readouterr().err


def test_every_format_has_a_save_dialog_filter_for_its_suffix() -> None:
    for name, spec in FORMATS.items():
        assert spec.name == name
        assert spec.suffix.startswith(".")
        assert spec.file_filter.endswith(f"(*{spec.suffix})")
        assert spec.label


def test_help_loads_neither_sqlalchemy_nor_any_writer() -> None:
    probe = (
        "import sys\n"
        "from readinglist_gui import cli\n"
        "try:\n"
        "    cli.main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in sys.modules if m.startswith('sqlalchemy')\n"
        "          or m.startswith('readinglist_gui.core.exporters.') and not m.endswith('formats')]\n"
        "print(loaded, file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert "export" in result.stdout
    assert result.stderr.strip() == "[]"
