"""The reading-group screenshot, ``docs/screenshots/group.png``: needs PostgreSQL and Xvfb.

Kept apart from ``screenshots.py`` (which needs no server): it starts a
throwaway cluster as the tests do (``tests/pg_cluster.py``), makes a group
of four from the sample library, lets three members read some papers and
sync, then opens the owner's window, waits for its own sync on start, and
grabs it with the "Read by" column and the sync indicator. Run it with::

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/group_screenshot.py
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from pg_cluster import Cluster, running_cluster
from screenshots import (
    OUT,
    SIDEBAR,
    SIZE,
    grab,
    make_app,
    settle,
    show_library,
    wait_until,
)

from readinglist_gui.app import create_main_window
from readinglist_gui.core.group import members, sync
from readinglist_gui.core.library import Library, PaperQuery
from readinglist_gui.core.records import Status
from readinglist_gui.ui.group.sync_state import SyncState
from readinglist_gui.ui.sample_library import load_sample

READERS = {
    "bob": {Status.NOTED: 5, Status.SKIMMED: 4},
    "carol": {Status.SKIMMED: 6},
    "dan": {Status.NOTED: 2},
}
"""How many of the shown list's papers each member has read, and how."""


def make_group(scratch: Path, cluster: Cluster) -> Path:
    roles = ["alice", *READERS]
    port = cluster.port
    with cluster.admin() as admin:
        for role in roles:
            admin.execute(f"CREATE ROLE {role} LOGIN PASSWORD '{role}-pw'")
        admin.execute("CREATE DATABASE lab OWNER alice")
    pgpass = scratch / "pgpass"
    pgpass.write_text("".join(f"127.0.0.1:{port}:lab:{r}:{r}-pw\n" for r in roles))
    pgpass.chmod(0o600)
    os.environ["PGPASSFILE"] = str(pgpass)
    owner = scratch / "library"
    with Library.open(owner) as alice:
        load_sample(alice)
        sync.init(alice, f"postgresql://alice@127.0.0.1:{port}/lab")
        for role in READERS:
            members.add_member(alice, role)
    for role, reading in READERS.items():
        with Library.open(scratch / role) as member:
            sync.join(member, f"postgresql://{role}@127.0.0.1:{port}/lab")
            info = next(i for i in member.lists() if i.name == "LLM Systems Seminar")
            ids = member.ids(PaperQuery(list_id=info.id))
            start = 0
            for status, count in reading.items():
                member.set_status(ids[start : start + count], status)
                start += count
            sync.sync_once(member)
    return owner


def main() -> int:
    _app = make_app()  # kept alive until the end
    with tempfile.TemporaryDirectory(prefix="readinglist-shots-") as tmp, running_cluster() as pg:
        scratch = Path(tmp)
        make_group(scratch, pg)
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        window = create_main_window(scratch / "library", settings=settings)
        window.resize(*SIZE)
        window.move(0, 0)
        sizes = window.splitter.sizes()
        window.splitter.setSizes([SIDEBAR, sum(sizes) - SIDEBAR])
        window.show()
        window.activateWindow()
        try:
            group = window.group
            wait_until(
                lambda: group.sync.status.state is SyncState.SYNCED and group.is_idle(),
                "the sync on start",
            )
            show_library(window)
            settle()
            grab(window, "group", OUT)
        finally:
            window.close()
            window.library.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
