"""Alembic revisions of the library schema.

``REVISIONS`` lists them oldest first so that opening an up-to-date library
only reads one row and never imports Alembic (which alone costs ~0.35 s), and
a library from a newer version is recognised as such;
``tests/core/test_migrations.py`` checks the list against the scripts.
"""

from __future__ import annotations

from pathlib import Path

REVISIONS = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
    "0010",
    "0011",
    "0012",
)
HEAD = REVISIONS[-1]
SCRIPT_LOCATION = Path(__file__).resolve().parent
