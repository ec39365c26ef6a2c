"""A throwaway PostgreSQL cluster in a temporary folder, for the group tests and benchmark.

``initdb`` and ``pg_ctl`` refuse to run as root, so under root (CI) the
cluster belongs to the ``postgres`` system user the Debian package creates.
The server listens on a free port of 127.0.0.1 only.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg

ADMIN = "admin"
ADMIN_PASSWORD = "admin-secret"


def server_bin() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: on PATH, or Debian's versioned one."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return versions[-1].parent if versions else None


@dataclass
class Cluster:
    """A running throwaway server on 127.0.0.1, and an administrator's way into it."""

    bin: Path
    folder: Path
    port: int
    user: str | None
    log: Path = field(init=False)

    def __post_init__(self) -> None:
        self.log = self.folder / "server.log"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def run(self, *args: str) -> None:
        subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            timeout=120,
            user=self.user,
            group=self._group(),
            extra_groups=[] if self.user else None,
            cwd=self.folder,
        )

    def _group(self) -> int | None:
        return pwd.getpwnam(self.user).pw_gid if self.user else None

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} "
            "-c fsync=off -c full_page_writes=off "
            "-c max_connections=60 -c shared_buffers=32MB"
        )
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def kill(self) -> None:
        """Kill the server outright, as a crash or a pulled plug would."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        # Its children notice the postmaster is gone and exit; wait until the port is free.
        while time.monotonic() < deadline and _listening(self.port):
            time.sleep(0.05)
        time.sleep(0.3)

    def admin(self, database: str = "postgres") -> psycopg.Connection[Any]:
        return psycopg.connect(
            host="127.0.0.1",
            port=self.port,
            user=ADMIN,
            password=ADMIN_PASSWORD,
            dbname=database,
            autocommit=True,
        )

    def connect(self, role: str, password: str, database: str) -> psycopg.Connection[Any]:
        """A member at ``psql``: their own role and password, nothing else."""
        return psycopg.connect(
            host="127.0.0.1", port=self.port, user=role, password=password, dbname=database
        )


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class NoServer(Exception):
    """The PostgreSQL server binaries are not installed here."""


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    """Start a new cluster; stop it and remove its folder afterwards."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise NoServer("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    user = None
    if os.geteuid() == 0:
        pwd.getpwnam("postgres")
        user = "postgres"
    folder = Path(tempfile.mkdtemp(prefix="readinglist-pg-"))
    if user:
        shutil.chown(folder, user)
    cluster = Cluster(bin_dir, folder, free_port(), user)
    pwfile = folder / "pw"
    pwfile.write_text(ADMIN_PASSWORD + "\n")
    if user:
        shutil.chown(pwfile, user)
    try:
        cluster.run(
            "initdb",
            "-D",
            str(cluster.data),
            "-U",
            ADMIN,
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        )
        cluster.start()
        yield cluster
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)
