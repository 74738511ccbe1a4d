"""Refresh the database's statistics, which its query planner chooses indexes by (a daily
scheduled job; `make run` and every deploy run it after migrating).

PostgreSQL's autovacuum does this on its own; SQLite never does. Without statistics, SQLite
took a whole-table scan of pages over a 2,000-row index to find the newest three stories.
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
        self.stdout.write(f"Database statistics refreshed in {time.monotonic() - started:.1f} s.")
