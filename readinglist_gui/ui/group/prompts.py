"""The small questions the group's menu asks: an address, a role name, a password.

Each is a window-modal ``QInputDialog`` opened with ``open()``, never
``exec()``: the event loop keeps running (a sync may finish meanwhile), and
the answer arrives in a callback. A password is echoed as dots, handed to
the callback and kept nowhere here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

ADDRESS_HINT = "postgresql://ROLE@HOST:PORT/DATABASE"


def ask_text(
    parent: QWidget,
    title: str,
    label: str,
    answered: Callable[[str], None],
    *,
    placeholder: str = "",
    password: bool = False,
) -> QInputDialog:
    """Ask for one line; ``answered`` hears it (stripped, unless a password) if not empty."""
    dialog = QInputDialog(parent)
    dialog.setObjectName("groupPrompt")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setInputMode(QInputDialog.InputMode.TextInput)
    if password:
        dialog.setTextEchoMode(QLineEdit.EchoMode.Password)
    line = dialog.findChild(QLineEdit)
    if line is not None and placeholder:
        line.setPlaceholderText(placeholder)
    dialog.resize(max(dialog.sizeHint().width(), 460), dialog.sizeHint().height())

    def accepted(text: str) -> None:
        value = text if password else text.strip()
        if value:
            answered(value)

    dialog.textValueSelected.connect(accepted)
    dialog.open()
    return dialog


def ask_password(
    parent: QWidget, role: str, reason: str, answered: Callable[[str], None]
) -> QInputDialog:
    """The password for ``role``, for this session only (libpq found none)."""
    return ask_text(
        parent,
        "Reading Group Password",
        f"{reason}\n\nPassword for {role} (kept only until the app closes):",
        answered,
        password=True,
    )
