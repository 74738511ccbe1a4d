"""Refresh the database's statistics, which its query planner chooses indexes by (a daily
scheduled job; `make run` and every deploy run it after migrating).

PostgreSQL's autovacuum does this on its own; SQLite never does. Without statistics, SQLite
took a whole-table scan of pages over a 2,000-row index to find the newest three stories.

SQLite's ANALYZE records nothing for an empty table, and the planner then takes it for a big one:
with no page view restrictions, every `.public()` scanned all the pages. Each empty table is
recorded as holding one row, until a later run counts it.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = "Run ANALYZE so the query planner knows the size and spread of each table and index."

    def handle(self, *args, **options):
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            if connection.vendor == "sqlite":
                cursor.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%%'"
                    " AND sql NOT LIKE 'CREATE VIRTUAL TABLE%%'"
                    " AND name NOT IN (SELECT tbl FROM sqlite_stat1)"
                )
                for (table,) in cursor.fetchall():
                    cursor.execute(
                        "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (%s, NULL, '1')", [table]
                    )
                # The planner reads the statistics again.
                cursor.execute("ANALYZE sqlite_master")
        self.stdout.write(f"Database statistics refreshed in {time.monotonic() - started:.1f} s.")
