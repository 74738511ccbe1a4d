"""Management commands used by `make run`: the admin account and example-content removal."""

from io import StringIO

import pytest

from django.contrib.auth import get_user_model
from django.core.management import call_command

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_ensure_admin_creates_one_superuser_and_prints_the_password_once(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    first = run("ensure_admin", "--url", "http://127.0.0.1:9000/admin/")
    password = first.split("password: ")[1].split()[0]
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.check_password(password)
    assert "http://127.0.0.1:9000/admin/" in first
    second = run("ensure_admin")
    assert password not in second and "already exists" in second
    assert get_user_model().objects.count() == 1


def test_the_admin_always_has_an_email_for_the_submission_alerts_and_it_is_printed(monkeypatch):
    monkeypatch.delenv("ADMIN_EMAIL", raising=False)
    output = run("ensure_admin")
    assert get_user_model().objects.get(username="admin").email == "admin@localhost"
    assert "email:    admin@localhost" in output


def test_the_admin_email_comes_from_the_environment_and_fills_an_empty_one(monkeypatch):
    monkeypatch.setenv("ADMIN_EMAIL", "cohesion@derbyshire.example")
    get_user_model().objects.create_superuser("admin", "", "pw")
    run("ensure_admin")
    assert get_user_model().objects.get(username="admin").email == "cohesion@derbyshire.example"


def test_ensure_admin_takes_credentials_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "editor")
    monkeypatch.setenv("ADMIN_PASSWORD", "correct horse battery staple")
    output = run("ensure_admin")
    assert "correct horse" not in output
    assert get_user_model().objects.get(username="editor").check_password("correct horse battery staple")


def test_analyze_database_gives_the_query_planner_statistics_it_chooses_indexes_by(home):
    from django.db import connection

    from wagtail.models import Page, PageViewRestriction

    call_command("analyze_database", stdout=StringIO())
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT tbl FROM sqlite_stat1 WHERE tbl = %s", [Page._meta.db_table])
            assert cursor.fetchall()
            # An empty table is recorded as small (no row would make the planner take it for a big
            # one and scan every page to join it).
            assert not PageViewRestriction.objects.exists()
            cursor.execute(
                "SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [PageViewRestriction._meta.db_table]
            )
            assert cursor.fetchall() == [("1",)]
    else:
        with connection.cursor() as cursor:
            # -1 until a table is first analysed.
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [Page._meta.db_table])
            assert cursor.fetchone()[0] >= 0
