"""The packagers' smoke test runs as users would run it: a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_self_check_opens_a_throwaway_library_and_exits_cleanly(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "READINGLIST_HOME": str(tmp_path / "h")}
    result = subprocess.run(
        [sys.executable, "-m", "readinglist_gui", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "self-check passed" in result.stdout
    assert not (tmp_path / "h").exists()
