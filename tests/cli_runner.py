"""What a command run in this process printed, and the code it exited with."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Ran:
    returncode: int
    stdout: str
    stderr: str
