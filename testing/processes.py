"""Running real management commands (a task worker, a server) in subprocesses during tests.

SQLite's test database lives in memory, where no other process can see it: `SharedDatabase`
copies it to a file for the subprocess and `pull()` copies the subprocess's changes back.
On PostgreSQL the subprocess simply connects to the test database."""

import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class SharedDatabase:
    def __init__(self, folder):
        connection.ensure_connection()
        if connection.vendor == "sqlite":
            self.path = Path(folder) / "shared.sqlite3"
            target = sqlite3.connect(self.path)
            connection.connection.backup(target)
            target.close()
            self.url = f"sqlite:///{self.path}"
        else:
            self.path = None
            db = connection.settings_dict
            auth = quote(db["USER"] or "") + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
            self.url = f"postgres://{auth}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"

    def pull(self):
        """Make what the subprocess wrote visible to this process."""
        if self.path is not None:
            source = sqlite3.connect(self.path)
            source.backup(connection.connection)
            source.close()


def manage(args, env=None, **kwargs):
    """Start `manage.py <args>` with the test settings and extra environment; return the Popen."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", **(env or {})}
    return subprocess.Popen(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=full_env, **kwargs
    )


@contextmanager
def sqlite_on_file(folder):
    """Run this process on a file copy of SQLite's in-memory test database, in WAL mode as in
    production: the in-memory one locks whole tables, which no real deployment does. (The
    in-memory connection is kept aside, not closed: closing it would drop the database.)"""
    if connection.vendor != "sqlite":
        yield
        return
    database = SharedDatabase(folder)
    memory, original_name = connection.connection, connection.settings_dict["NAME"]
    connection.connection = None
    connection.settings_dict["NAME"] = str(database.path)
    try:
        connection.ensure_connection()
        yield
    finally:
        connection.connection.close()
        connection.connection = memory
        connection.settings_dict["NAME"] = original_name
