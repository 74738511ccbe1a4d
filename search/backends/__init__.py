"""The site's search backend: `WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends"}}`.

On SQLite with FTS5 it is the ranked backend in `search.backends.sqlite`; on PostgreSQL (and MySQL)
it is modelsearch's own backend for that database, which already ranks inside the database.
"""

from modelsearch.backends import database


def SearchBackend(params):  # noqa: N802 (Wagtail looks the backend up by this name)
    backend = database.SearchBackend(params)
    # Set by the call above, and only on SQLite with FTS5; the ranked module needs that table's model.
    if database.USE_SQLITE_FTS:
        from .sqlite import RankedSQLiteSearchBackend

        return RankedSQLiteSearchBackend(params)
    return backend
