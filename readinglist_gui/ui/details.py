"""The details pane: everything about the selected paper, and quick edits to it.

It never writes to the library itself; it asks (signals) and the window turns
requests into undoable commands, so the pane works the same for one paper and
for a selection of thousands.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import QColor, QDesktopServices, QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from readinglist_gui.core.records import Status
from readinglist_gui.core.results import EntryInfo, PaperDetail
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.plain_text import plain_tooltip
from readinglist_gui.ui.status_chip import LABELS

NOTE_EXCERPT = 600
"""Characters of the note shown here; the reader has the full note."""


def is_web_url(url: str) -> bool:
    """Only http and https links are ever handed to the system browser."""
    return QUrl(url).scheme().lower() in {"http", "https"}


def open_web_url(url: str) -> bool:
    if not is_web_url(url):
        return False
    return QDesktopServices.openUrl(QUrl(url))


def split_tags(text: str) -> list[str]:
    """Tags as typed: comma-separated, whitespace tidied, duplicates dropped."""
    seen: dict[str, str] = {}
    for part in text.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


class TagCompleter(QCompleter):
    """Completes the tag after the last comma, keeping the ones already typed."""

    def pathFromIndex(self, index: QModelIndex | QPersistentModelIndex) -> str:
        widget = self.widget()
        typed = widget.text() if isinstance(widget, QLineEdit) else ""
        head = typed.rsplit(",", 1)[0] + ", " if "," in typed else ""
        return head + str(index.data())

    def splitPath(self, path: str) -> list[str]:
        return [path.rsplit(",", 1)[-1].strip()]


def _label(*, object_name: str) -> QLabel:
    """A wrapping, selectable label for text from the library (plain text: never markup)."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    return label


def _quiet(label: QLabel) -> QLabel:
    """Draw ``label`` in the palette's placeholder colour: quieter than text, still readable.

    The disabled colour looked the part but is ~1.6:1 on Fusion's light window,
    too faint for the year and venue; the placeholder colour follows the palette
    into dark mode too.
    """
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def _caption(text: str) -> QLabel:
    """A small, quiet section heading."""
    label = QLabel(text.upper())
    font = label.font()
    font.setBold(True)
    font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
    label.setFont(font)
    return _quiet(label)


def _mix(first: QColor, second: QColor, share: float) -> QColor:
    """``share`` of ``first`` blended into ``second``."""
    red = share * first.redF() + (1 - share) * second.redF()
    green = share * first.greenF() + (1 - share) * second.greenF()
    blue = share * first.blueF() + (1 - share) * second.blueF()
    return QColor.fromRgbF(red, green, blue)


def _tint_checked(button: QToolButton, around: QPalette) -> None:
    """Give a checked status button an accent tint so the paper's status reads at a glance.

    Fusion draws a checked tool button only a shade darker than the others,
    which disappears on a dark palette. Only the button role is set, from the
    ``around`` palette, so every other colour still follows the application's.
    """
    palette = QPalette()
    if button.isChecked():
        accent = around.color(QPalette.ColorRole.Highlight)
        plain = around.color(QPalette.ColorRole.Button)
        palette.setColor(QPalette.ColorRole.Button, _mix(accent, plain, 0.3))
    button.setPalette(palette)


class DetailsPane(QScrollArea):
    """Shows one paper in full, or what a multi-selection has in common."""

    statusRequested = Signal(Status)
    tagsEdited = Signal(list, list)
    """(added, removed) tag names for the current selection."""
    openRequested = Signal(int)
    editRequested = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._read_only = False
        self.setObjectName("detailsPane")
        self.setAccessibleName("Paper details")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(260)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget(self)
        body.setObjectName("detailsBody")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(16, 14, 16, 16)
        layout.setSpacing(8)

        self.title = _label(object_name="detailsTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        layout.addWidget(self.title)
        self.authors = _label(object_name="detailsAuthors")
        layout.addWidget(self.authors)
        self.meta = _quiet(_label(object_name="detailsMeta"))
        layout.addWidget(self.meta)

        self._status_group = QButtonGroup(self)
        self._status_group.setExclusive(False)
        self.status_buttons: dict[Status, QToolButton] = {}
        status_row = QHBoxLayout()
        status_row.setSpacing(4)
        for number, status in enumerate(Status, start=1):
            button = QToolButton(body)
            button.setObjectName(f"status{LABELS[status]}Button")
            button.setText(LABELS[status])
            set_themed_icon(button, status.value)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setCheckable(True)
            button.setToolTip(f"Mark as {LABELS[status].lower()} ({number})")
            button.setAccessibleName(f"Mark as {LABELS[status].lower()}")
            button.clicked.connect(lambda _checked=False, s=status: self._status_clicked(s))
            button.toggled.connect(lambda _on=False, b=button: _tint_checked(b, self.palette()))
            self._status_group.addButton(button)
            self.status_buttons[status] = button
            status_row.addWidget(button)
        status_row.addStretch(1)
        layout.addLayout(status_row)
        action_row = QHBoxLayout()
        action_row.setSpacing(4)
        self.open_button = QPushButton("Open", body)
        set_themed_icon(self.open_button, "open")
        self.open_button.setObjectName("detailsOpenButton")
        self.open_button.setToolTip("Open the paper's PDF and notes (Enter)")
        self.open_button.clicked.connect(self._open_clicked)
        action_row.addWidget(self.open_button)
        self.edit_button = QPushButton("Edit…", body)
        set_themed_icon(self.edit_button, "edit")
        self.edit_button.setToolTip("Edit title, authors, year and venue")
        self.edit_button.setAccessibleName("Edit paper")
        self.edit_button.clicked.connect(self._edit_clicked)
        action_row.addWidget(self.edit_button)
        action_row.addStretch(1)
        layout.addLayout(action_row)

        layout.addWidget(_caption("Tags"))
        self.tags = QLineEdit(body)
        self.tags.setObjectName("detailsTags")
        self.tags.setAccessibleName("Tags")
        self.tags.setPlaceholderText("Add tags, separated by commas")
        self._tag_names = QStringListModel(self)
        completer = TagCompleter(self._tag_names, self.tags)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.tags.setCompleter(completer)
        self.tags.returnPressed.connect(self._tags_entered)
        self.tags.editingFinished.connect(self._tags_entered)
        layout.addWidget(self.tags)

        self.links_caption = _caption("Links")
        layout.addWidget(self.links_caption)
        self.links = QLabel(body)
        self.links.setObjectName("detailsLinks")
        self.links.setTextFormat(Qt.TextFormat.RichText)
        self.links.setWordWrap(True)
        self.links.setOpenExternalLinks(False)
        self.links.setTextInteractionFlags(
            Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.links.linkActivated.connect(open_web_url)
        layout.addWidget(self.links)

        self.lists_caption = _caption("Reading lists")
        layout.addWidget(self.lists_caption)
        self.places = _label(object_name="detailsPlaces")
        self.places.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.places)

        self.abstract_caption = _caption("Abstract")
        layout.addWidget(self.abstract_caption)
        self.abstract = _label(object_name="detailsAbstract")
        layout.addWidget(self.abstract)

        self.note_caption = _caption("Note")
        layout.addWidget(self.note_caption)
        self.note = _label(object_name="detailsNote")
        layout.addWidget(self.note)
        layout.addStretch(1)
        self.setWidget(body)

        self._paper_id: int | None = None
        self._shown_tags: list[str] = []
        self._selection_size = 0
        self.show_nothing()

    # -- content -----------------------------------------------------------------
    def set_tag_names(self, names: Sequence[str]) -> None:
        self._tag_names.setStringList(list(names))

    def show_nothing(self) -> None:
        self._paper_id = None
        self._selection_size = 0
        self._fill("No paper selected", "Select a paper to see its details here.", "")
        self._set_sections(False)
        self._set_editing(False)
        self._show_status(None)
        self._set_tags([])

    def show_paper(self, detail: PaperDetail) -> None:
        typing = detail.id == self._paper_id and self.tags.hasFocus()
        self._paper_id = detail.id
        self._selection_size = 1
        meta = " · ".join(part for part in (str(detail.year or ""), detail.venue) if part)
        if detail.last_page is not None and detail.page_count:
            meta = " · ".join(
                filter(None, (meta, f"page {detail.last_page + 1}/{detail.page_count}"))
            )
        self._fill(detail.title or "(untitled)", ", ".join(detail.authors), meta)
        self.title.setToolTip(plain_tooltip(detail.title))
        self._set_editing(True)
        self._show_status(detail.status)
        if not typing:  # a refresh must not throw away tags being typed
            self._set_tags(detail.tags)
        web = [link for link in detail.links if is_web_url(link.url)]
        self.links.setText("<br>".join(_link_html(link.url, link.kind.value) for link in web))
        self.links_caption.setVisible(bool(web))
        self.links.setVisible(bool(web))
        self._show_block(
            self.lists_caption, self.places, "".join(_place_html(entry) for entry in detail.entries)
        )
        self._show_block(self.abstract_caption, self.abstract, detail.abstract)
        note = detail.note.strip()
        if len(note) > NOTE_EXCERPT:
            note = note[:NOTE_EXCERPT].rstrip() + "…"
        self._show_block(self.note_caption, self.note, note)

    def show_selection(self, count: int, statuses: set[Status], common_tags: list[str]) -> None:
        """A multi-selection: status buttons and the tag editor act on all of them."""
        self._paper_id = None
        self._selection_size = count
        self._fill(f"{count:,} papers selected", "Changes here apply to every selected paper.", "")
        self.title.setToolTip("")
        self._set_sections(False)
        self._set_editing(True)
        self.open_button.setEnabled(False)
        self.edit_button.setEnabled(False)
        self._show_status(next(iter(statuses)) if len(statuses) == 1 else None)
        self._set_tags(common_tags)

    def focus_chain(self) -> list[QWidget]:
        """Its controls in the order Tab walks them."""
        return [*self.status_buttons.values(), self.tags]

    def changeEvent(self, event: QEvent) -> None:
        """Re-tint the checked status button when the palette switches (light and dark)."""
        if event.type() == QEvent.Type.PaletteChange:
            for button in getattr(self, "status_buttons", {}).values():
                _tint_checked(button, self.palette())
        super().changeEvent(event)

    # -- internals -----------------------------------------------------------------
    def _fill(self, title: str, authors: str, meta: str) -> None:
        self.title.setText(title)
        self.authors.setText(authors)
        self.authors.setVisible(bool(authors))
        self.meta.setText(meta)
        self.meta.setVisible(bool(meta))

    def _set_sections(self, visible: bool) -> None:
        for widget in (
            self.links_caption,
            self.links,
            self.lists_caption,
            self.places,
            self.abstract_caption,
            self.abstract,
            self.note_caption,
            self.note,
        ):
            widget.setVisible(visible)

    def set_read_only(self, read_only: bool) -> None:
        """Keep the controls that change a paper off, for a library that cannot be written."""
        self._read_only = read_only
        self._set_editing(self.open_button.isEnabled())

    def _set_editing(self, enabled: bool) -> None:
        editable = enabled and not self._read_only
        for button in self.status_buttons.values():
            button.setEnabled(editable)
        self.tags.setEnabled(editable)
        self.open_button.setEnabled(enabled)
        self.edit_button.setEnabled(editable)

    @staticmethod
    def _show_block(caption: QLabel, label: QLabel, text: str) -> None:
        label.setText(text)
        caption.setVisible(bool(text))
        label.setVisible(bool(text))

    def _show_status(self, status: Status | None) -> None:
        for value, button in self.status_buttons.items():
            button.setChecked(value is status)

    def _set_tags(self, tags: list[str]) -> None:
        self._shown_tags = list(tags)
        self.tags.setText(", ".join(tags))

    def _status_clicked(self, status: Status) -> None:
        self._show_status(status)
        self.statusRequested.emit(status)

    def _tags_entered(self) -> None:
        if not self._selection_size:
            return
        wanted = split_tags(self.tags.text())
        before = {name.casefold() for name in self._shown_tags}
        after = {name.casefold() for name in wanted}
        added = [name for name in wanted if name.casefold() not in before]
        removed = [name for name in self._shown_tags if name.casefold() not in after]
        if added or removed:
            self._shown_tags = wanted
            self.tagsEdited.emit(added, removed)

    def _open_clicked(self) -> None:
        if self._paper_id is not None:
            self.openRequested.emit(self._paper_id)

    def _edit_clicked(self) -> None:
        if self._paper_id is not None:
            self.editRequested.emit(self._paper_id)


def _place_html(entry: EntryInfo) -> str:
    """One reading-list entry: the list in bold, where in it, and the list's TL;DR."""
    import html  # with its table of entities, once a paper is shown (start-up time)

    where = [html.escape(entry.section_heading)] if entry.section_heading else []
    if entry.section_date:
        where.append(f"{entry.section_date:%b %-d, %Y}")
    if entry.optional:
        where.append("optional")
    lines = [f"<b>{html.escape(entry.list_name)}</b>"]
    if where:
        lines.append(" · ".join(where))
    if entry.tldr:
        lines.append(f"<i>{html.escape(entry.tldr)}</i>")
    return f"<p style='margin-bottom:6px'>{'<br>'.join(lines)}</p>"


def _link_html(url: str, kind: str) -> str:
    """One escaped link line; the href is a checked http(s) URL."""
    import html  # see _place_html

    label = html.escape(_link_text(url))
    return f'<a href="{html.escape(url, quote=True)}">{label}</a> &middot; {html.escape(kind)}'


def _link_text(url: str) -> str:
    """A short, readable form of a URL for the link list."""
    parsed = QUrl(url)
    text = parsed.host().removeprefix("www.") + parsed.path()
    return text if len(text) <= 60 else text[:57] + "…"
