"""Full-text search inside the library's PDFs: every page of every attached PDF.

- ``search``: what the UI and the command line ask (pages best first, grouped by paper);
- ``indexer``: brings the index up to date from a worker thread, resumably;
- ``extraction``: reads PDFs in a child process, so a hostile file cannot hang or
  exhaust the application;
- ``store``: the ops that write the index through the library's one writer;
- ``tables``: the per-PDF bookkeeping table; ``sqlite_pages``: the FTS5 index itself,
  the only module that knows FTS5.

Nothing is imported here: the writer's upkeep imports ``tables`` on every start-up,
and should not pay for the rest.
"""
