"""The owner adds and removes members: grants on the server, and a row in its member list.

The role must already exist (the server's administrator makes roles and
gives them passwords); the owner needs no special attribute for this, since
owning the group's tables is what lets them grant on them.
"""

from __future__ import annotations

from sqlalchemy import text

from readinglist_gui.core.group import server_schema
from readinglist_gui.core.group.connection import (
    GroupError,
    connected,
    server_url,
    translated,
    with_password,
)
from readinglist_gui.core.group.server_tables import MEMBER, check_group, current_role, lock
from readinglist_gui.core.group.sync import link_of
from readinglist_gui.core.library import Library


def add_member(library: Library, role: str, password: str | None = None) -> bool:
    """Give an existing role access to the group; False if it already had it."""
    return _change(library, role, password, add=True)


def remove_member(library: Library, role: str, password: str | None = None) -> bool:
    """Take a member's access away; their rows stay but nobody reads them any more."""
    return _change(library, role, password, add=False)


def _change(library: Library, role: str, password: str | None, *, add: bool) -> bool:
    link = link_of(library)
    url = with_password(server_url(link.url), password)
    with translated(), connected(url) as server:
        me = current_role(server)
        with server.begin():
            lock(server)
            check_group(server, me, link.group_id)
            if me != link.owner:
                raise GroupError(f"only the group's owner, {link.owner}, adds and removes members")
            exists = server.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role})
            if exists.first() is None:
                raise GroupError(
                    f"the server has no role named {role}; its administrator creates it first "
                    f"(CREATE ROLE {role} LOGIN PASSWORD '...')"
                )
            is_member = (
                server.execute(MEMBER.select().where(MEMBER.c.role == role)).first() is not None
            )
            if add:
                server_schema.grant(server, role)
                if not is_member:
                    server.execute(MEMBER.insert().values(role=role))
                return not is_member
            if role == link.owner:
                raise GroupError("the owner cannot be removed from their own group")
            server_schema.revoke(server, role)
            if is_member:
                server.execute(MEMBER.delete().where(MEMBER.c.role == role))
            return is_member
