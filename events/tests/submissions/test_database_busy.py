"""The database locked for longer than its timeout (a long write, a migration, a backup holding
the lock): the submission gets a designed 503 "try again in a minute" page with Retry-After, and
nothing of it is stored; a search still answers at once and records its query afterwards."""

import sqlite3
from contextlib import contextmanager

import psycopg
import pytest
from django_tasks_db.models import DBTaskResult

from django.db import connection

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from events.models import EventSubmission, SubmissionRateCounter
from events.storage import private_media_root
from home.models import SiteSettings
from search import hits
from testing.processes import sqlite_on_file

from .support import upload, valid_data

# The lock is taken by a second connection, which must see committed data.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# On PostgreSQL, what a long write (e.g. a migration) would hold.
LOCKED_MODELS = [EventSubmission, SubmissionRateCounter, DBTaskResult, Query, QueryDailyHits]


@pytest.fixture
def database(tmp_path):
    with sqlite_on_file(tmp_path):
        yield connection.settings_dict


@contextmanager
def database_locked(db):
    """Another connection holds the write lock; this one gives up waiting after 0.2 s."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA busy_timeout = 200")
            other = sqlite3.connect(db["NAME"], isolation_level=None)
            other.execute("BEGIN IMMEDIATE")
        else:
            cursor.execute("SET lock_timeout = 200")
            other = psycopg.connect(
                dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"]
            )
            for model in LOCKED_MODELS:
                table = model._meta.db_table
                other.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # noqa: S608 (readers may still read)
    try:
        yield
    finally:
        other.rollback() if connection.vendor != "sqlite" else other.execute("ROLLBACK")
        other.close()


def test_a_submission_while_the_database_is_locked_gets_a_503_and_nothing_is_half_saved(
    client, submit_page, area, category, database
):
    data = valid_data(area, category, image=upload(), image_alt="People sharing soup")
    with database_locked(database):
        response = client.post(submit_page.url, data)

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert "Sorry, the service is busy" in html and "try again in 1 minute" in html
    assert "has not been saved" in html
    assert EventSubmission.objects.count() == 0
    assert DBTaskResult.objects.count() == 0
    stored = private_media_root()
    assert not stored.exists() or not any(path.is_file() for path in stored.rglob("*"))

    # Once the lock is gone, the same answers are accepted.
    response = client.post(submit_page.url, data | {"image": upload()})
    assert response.status_code == 200
    assert EventSubmission.objects.count() == 1


def test_a_search_while_the_database_is_locked_answers_and_records_its_query_afterwards(
    client, home, settings, database
):
    settings.SEARCH_RECORD_IN_BACKGROUND = True
    SiteSettings.load()  # exists on every real site; the first visit would create it
    with database_locked(database):
        response = client.get("/search/", {"q": "allotments"})
        assert response.status_code == 200
        assert "allotments" in response.content.decode()
    assert hits.flush(timeout=30)
    assert Query.objects.get(query_string="allotments").hits == 1
