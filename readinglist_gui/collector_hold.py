"""Python's cyclic garbage collector, held off while the app starts.

Start-up builds about 120,000 tracked objects (PySide6's and SQLAlchemy's
modules, the ORM models, the window) that live as long as the process, and
hardly any garbage: a full collection after the first paint finds about 550
unreachable objects. Yet the collector runs dozens of times on the way, each
full pass re-walking everything imported so far; on the 2-core bench machine
that is 50-90 ms of a 450 ms start. So the command line holds the collector
before it imports the GUI, and the app lets go once its window is on screen,
freezing what exists first: ``gc.freeze`` moves those objects out of every
later collection, which also shortens the pauses of later full collections
while the user types. The few start-up cycles that were garbage stay frozen
for the life of the process, a few hundred kilobytes at most.
"""

from __future__ import annotations

import gc

_held = False


def hold() -> None:
    """Stop automatic collections until ``release``."""
    global _held
    gc.disable()
    _held = True


def release() -> None:
    """Freeze every object made so far and collect automatically again, if ``hold`` held.

    A process that never held the collector (a test calling the app's entry
    point, say) keeps its collector as it was.
    """
    global _held
    if _held:
        _held = False
        gc.freeze()
        gc.enable()
