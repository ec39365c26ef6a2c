"""Allows ``python -m readinglist_gui``; the command line decides GUI or subcommand."""

from readinglist_gui.cli import main

raise SystemExit(main())
