"""Reading groups: a library shared on a PostgreSQL server, each member's progress their own.

What the rest of the app uses:

- ``sync.init`` / ``sync.join`` / ``sync.leave`` link a library to a group;
  ``sync.sync_once(library)`` pushes then pulls, raising ``GroupError`` with
  one line when it cannot; it is safe to call from a background thread and
  never overlaps itself for one library.
- ``listener.GroupListener(link, on_change)`` hears the group's changes live.
- ``progress.read_by(library, ids)`` says who has read which papers;
  ``progress.shared_notes`` the notes others share; both read only the
  local library, never the network.
- ``members.add_member`` / ``remove_member`` for the owner.

Importing this package imports none of it, and none of it is imported at
start-up: the app never waits on the server to open or show a library.
"""
