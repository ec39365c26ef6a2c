"""File → Reading Group: create, join, members, share a note, leave; and File → Sync Now.

Each entry asks its one question, then runs on the group's worker thread
(``GroupUi.run_network``), ending in a line in the status bar or a message
box. Entries are enabled for what this member may do: the owner manages
members, anyone linked shares notes and leaves, a library in no group
creates or joins one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from readinglist_gui.core.group.local_tables import GROUP_NOTE_SHARE, GroupLink
from readinglist_gui.core.library import Library
from readinglist_gui.ui.group.prompts import ADDRESS_HINT, ask_text
from readinglist_gui.ui.icons import set_themed_icon
from readinglist_gui.ui.view_state import ViewState

if TYPE_CHECKING:
    from readinglist_gui.ui.group.group_ui import GroupUi

MESSAGE_MS = 8_000


class GroupMenu(QObject):
    def __init__(self, group: GroupUi, library: Library, view: ViewState, window: QWidget) -> None:
        super().__init__(window)
        self._group = group
        self._library = library
        self._view = view
        self._window = window
        self.sync_action = self._action("Sync &Now", group.sync_now)
        set_themed_icon(self.sync_action, "sync")
        self.sync_action.setToolTip("Send your changes to the reading group and fetch theirs")
        self.menu = QMenu("Reading &Group", window)
        self.menu.setObjectName("groupMenu")
        self.create_action = self._action("&Create Group…", self.ask_create)
        self.join_action = self._action("&Join Group…", self.ask_join)
        self.add_member_action = self._action("&Add Member…", lambda: self.ask_member(add=True))
        self.remove_member_action = self._action(
            "&Remove Member…", lambda: self.ask_member(add=False)
        )
        self.share_action = self._action("&Share My Note", self.toggle_share)
        self.share_action.setCheckable(True)
        self.share_action.setToolTip("Let the other members read your note on this paper")
        self.leave_action = self._action("&Leave Group…", self.ask_leave)
        for action in (self.create_action, self.join_action, None, self.add_member_action):
            self._add(action)
        for action in (self.remove_member_action, None, self.share_action, None):
            self._add(action)
        self._add(self.leave_action)
        self.menu.aboutToShow.connect(self._update_share)

    def _action(self, text: str, slot: Any) -> QAction:
        action = QAction(text, self._window)
        action.triggered.connect(slot)
        return action

    def _add(self, action: QAction | None) -> None:
        if action is None:
            self.menu.addSeparator()
        else:
            self.menu.addAction(action)

    def follow_link(self, link: GroupLink | None) -> None:
        linked = link is not None
        self.sync_action.setEnabled(linked)
        self.create_action.setEnabled(not linked)
        self.join_action.setEnabled(not linked)
        owner = linked and link is not None and link.is_owner
        self.add_member_action.setEnabled(owner)
        self.remove_member_action.setEnabled(owner)
        self.share_action.setEnabled(linked)
        self.leave_action.setEnabled(linked)

    # -- joining and leaving ----------------------------------------------------------
    def ask_create(self) -> None:
        ask_text(
            self._window,
            "Create Reading Group",
            "Create the group in an empty PostgreSQL database, owned by you,\n"
            "and send this library to it. Its address:",
            self.create,
            placeholder=ADDRESS_HINT,
        )

    def ask_join(self) -> None:
        ask_text(
            self._window,
            "Join Reading Group",
            "Join a group (this library's papers merge with the group's). Its address:",
            self.join,
            placeholder=ADDRESS_HINT,
        )

    def create(self, address: str) -> None:
        self._link(address, create=True)

    def join(self, address: str) -> None:
        self._link(address, create=False)

    def _link(self, address: str, *, create: bool) -> None:
        library = self._library

        def work(password: str | None) -> tuple[GroupLink, str]:
            from readinglist_gui.core.group import sync
            from readinglist_gui.core.group.connection import server_url, with_password

            url = with_password(server_url(address), password)
            typed = url.render_as_string(hide_password=False)
            report = (sync.init if create else sync.join)(library, typed)
            return sync.link_of(library), report.summary()

        def done(result: tuple[GroupLink, str]) -> None:
            link, summary = result
            self._group.set_link(link)
            verb = "Created" if create else "Joined"
            self._say(f"{verb} the reading group as {link.role}: {summary}")

        role = _role_in(address)
        busy = "Creating the reading group…" if create else "Joining the reading group…"
        self._group.run_network(work, done, role, busy=busy)

    def ask_leave(self) -> None:
        link = self._group.link
        if link is None:
            return
        answer = QMessageBox.question(
            self._window,
            "Leave Reading Group",
            f"Leave the reading group at {link.url}?\n\n"
            "This library keeps every paper, note and status; it just stops syncing.",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.leave()

    def leave(self) -> None:
        library = self._library

        def work(_password: str | None) -> GroupLink:
            from readinglist_gui.core.group import sync

            return sync.leave(library)

        def done(link: GroupLink) -> None:
            self._group.set_link(None)
            self._say(f"Left the reading group at {link.url}; the library stays as it is")

        self._group.run_network(work, done, "", busy="Leaving the reading group…")

    # -- members (the owner) ----------------------------------------------------------
    def ask_member(self, *, add: bool) -> None:
        verb = "Add" if add else "Remove"
        ask_text(
            self._window,
            f"{verb} Member",
            "The member's PostgreSQL role (the server's administrator creates it):"
            if add
            else "The PostgreSQL role to take out of the group:",
            lambda role: self.change_member(role, add=add),
            placeholder="role name",
        )

    def change_member(self, role: str, *, add: bool) -> None:
        library = self._library
        link = self._group.link
        if link is None:
            return

        def work(password: str | None) -> bool:
            from readinglist_gui.core.group import members

            change = members.add_member if add else members.remove_member
            return change(library, role, password)

        def done(changed: bool) -> None:
            state = "now a member" if add else "no longer a member"
            self._say(f"{role} is {state}" + ("" if changed else " (no change)"))
            self._group.sync_now()

        busy = f"{'Adding' if add else 'Removing'} {role}…"
        self._group.run_network(work, done, link.role, busy=busy)

    # -- sharing a note ---------------------------------------------------------------
    def _update_share(self) -> None:
        paper_id = self._view.current_id()
        linked = self._group.link is not None
        self.share_action.setEnabled(linked and paper_id is not None)
        if paper_id is None or not linked:
            self.share_action.setChecked(False)
            return
        table = GROUP_NOTE_SHARE
        with self._library.engine.connect() as conn:
            shared = (
                conn.execute(table.select().where(table.c.paper_id == paper_id)).first() is not None
            )
        self.share_action.setChecked(shared)

    def toggle_share(self, shared: bool) -> None:
        paper_id = self._view.current_id()
        if paper_id is None or self._group.link is None:
            return
        from readinglist_gui.core.group.link_ops import ShareNote

        self._library.submit(ShareNote(paper_id, shared))
        self._say(
            "Your note goes to the group with the next sync"
            if shared
            else "Your note stops being shared with the next sync"
        )

    def _say(self, text: str) -> None:
        self._group.statusMessage.emit(text, MESSAGE_MS)


def _role_in(address: str) -> str:
    """The role an address names, for the password prompt ("" if it names none)."""
    head, at, _tail = address.rpartition("@")
    return head.rpartition("/")[2].partition(":")[0] if at else ""
