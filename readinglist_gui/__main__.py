"""Allows ``python -m readinglist_gui``; the command line decides GUI or subcommand.

Also the entry of the child process that reads PDFs for the full-text index
(``core.fulltext.child``): the frozen app has no other way to start one.
"""

import sys

if sys.argv[1:2] == ["--pdf-text-worker"]:
    from readinglist_gui.core.fulltext.child import serve

    raise SystemExit(serve(sys.argv[2:]))

from readinglist_gui.cli import main

raise SystemExit(main())
