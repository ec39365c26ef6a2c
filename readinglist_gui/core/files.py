"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def atomic_file(path: Path) -> Iterator[IO[bytes]]:
    """A temporary file beside ``path``, renamed over it only if the block succeeds.

    On success the data is flushed to disk before the rename; on any error the
    temporary file is removed and ``path`` is left as it was. The block may read
    what it wrote through ``Path(handle.name)`` (after a flush) to check it first.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    # A random name opened exclusively: NamedTemporaryFile's wrapper re-wraps a
    # method on every call, which a run of hundreds of small downloads notices.
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(6)}.part")
    handle = temporary.open("xb")
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`atomic_file`."""
    with atomic_file(path) as handle:
        handle.write(data)
