"""Text from lists, PDFs and arXiv shown as the characters it is, never as markup.

Qt guesses whether a tooltip is HTML (``Qt.mightBeRichText``), so a title such
as ``<b>x</b>`` or ``<img src=...>`` would be rendered rather than shown (and an
image tag may even load a local file). Text that would be taken for HTML is
escaped into HTML that shows it literally; ordinary text passes unchanged, so
it looks and wraps as it always did.
"""

from __future__ import annotations

from PySide6.QtGui import Qt


def plain_tooltip(text: str) -> str:
    """``text`` as a tooltip that shows exactly these characters."""
    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text
