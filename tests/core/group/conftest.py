"""The reading-group fixtures (``group_fixtures``), for the tests of this folder."""

from group_fixtures import Group, devices, group_db, pg_cluster

__all__ = ["Group", "devices", "group_db", "pg_cluster"]
