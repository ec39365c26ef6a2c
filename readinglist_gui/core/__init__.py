"""The widget-free core: storage, queries, identity, import and export.

Nothing under this package may import Qt; ``tests/core/test_layering.py`` holds
that line so the core stays scriptable from the command line and from tests.
"""
