"""Alembic revisions of the library schema.

``HEAD`` names the newest revision so that opening an up-to-date library only
reads one row and never imports Alembic (which alone costs ~0.35 s);
``tests/core/test_migrations.py`` checks it against the scripts.
"""

from __future__ import annotations

from pathlib import Path

HEAD = "0002"
SCRIPT_LOCATION = Path(__file__).resolve().parent
