"""The feedback reports: counts and ratios over 30 and 90 days, site-wide and per page, comments,
CSV export, and who may see them and mark comments as dealt with."""

import csv
import io
from datetime import timedelta

import pytest

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from feedback.factories import PageFeedbackFactory
from feedback.models import PageFeedback
from home.factories import StandardPageFactory
from testing.auth import sign_in

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def pages(home):
    contact = StandardPageFactory(parent=home, title="Who to contact", slug="contact")
    about = StandardPageFactory(parent=home, title="About the hub", slug="about")
    # Contact: 3 yes and 1 no in 30 days; 1 more no at 60 days; 1 yes at 120 days (outside both).
    for age, useful in [(1, True), (2, True), (3, True), (4, False), (60, False), (120, True)]:
        PageFeedbackFactory(page=contact, useful=useful, created_at=days_ago(age))
    PageFeedbackFactory(page=about, useful=False, comment="The opening times", created_at=days_ago(5))
    PageFeedbackFactory(
        page=about, useful=False, comment="Old and done", dealt_with=True, created_at=days_ago(40)
    )
    return contact, about


def user_in(django_user_model, group_name):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user(f"{group_name.lower()}-user", password="x")
    user.groups.add(Group.objects.get(name=group_name))
    # Wagtail's stock groups already have admin access; be explicit in case a migration changed it.
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def editor(django_user_model):
    return user_in(django_user_model, "Editors")


@pytest.fixture
def moderator(django_user_model):
    return user_in(django_user_model, "Moderators")


def rows(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_counts_and_ratios_over_30_and_90_days_per_page(client, admin_user, pages):
    contact, about = pages
    sign_in(client, admin_user)
    response = client.get(reverse("feedback_report") + "?export=csv")
    table = {row[0]: row for row in rows(response)[1:]}
    assert table["Who to contact"][2:] == ["3", "1", "75", "3", "2", "60", "0"]
    assert table["About the hub"][2:] == ["0", "1", "0", "0", "2", "0", "1"]


def test_the_site_wide_totals_head_the_report(client, admin_user, pages):
    sign_in(client, admin_user)
    html = client.get(reverse("feedback_report")).content.decode()
    # 30 days: 3 yes, 2 no (60%); 90 days: 3 yes, 4 no (43%).
    assert "60%" in html and "43%" in html


def test_the_per_page_report_shows_that_pages_counts_and_comments(client, admin_user, pages):
    contact, about = pages
    sign_in(client, admin_user)
    html = client.get(reverse("feedback_page_comments", args=[about.pk])).content.decode()
    assert "Answers about ‘About the hub’" in html
    assert "The opening times" in html and "Old and done" in html

    html = client.get(reverse("feedback_page_comments", args=[contact.pk])).content.decode()
    assert "The opening times" not in html


def test_comments_export_as_csv_newest_first(client, admin_user, pages):
    sign_in(client, admin_user)
    table = rows(client.get(reverse("feedback_comments") + "?export=csv"))
    assert table[0][:4] == ["Sent", "Page", "Path", "What they were looking for"]
    assert [row[3] for row in table[1:]] == ["The opening times", "Old and done"]


def test_a_moderator_marks_a_comment_as_dealt_with(client, moderator, pages):
    feedback = PageFeedback.objects.get(comment="The opening times")
    sign_in(client, moderator)
    listing = client.get(reverse("feedback_comments") + "?status=open")
    assert listing.status_code == 200
    assert "Mark as dealt with" in listing.content.decode()
    response = client.post(
        reverse("feedback_mark_dealt_with", args=[feedback.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("feedback_comments")
    feedback.refresh_from_db()
    assert feedback.dealt_with and feedback.dealt_with_by == moderator and feedback.dealt_with_at


def test_an_editor_reads_the_reports_but_cannot_mark_comments(client, editor, pages):
    feedback = PageFeedback.objects.get(comment="The opening times")
    sign_in(client, editor)
    assert client.get(reverse("feedback_report")).status_code == 200
    listing = client.get(reverse("feedback_comments"))
    assert listing.status_code == 200
    assert "Mark as dealt with" not in listing.content.decode()
    client.post(reverse("feedback_mark_dealt_with", args=[feedback.pk]))
    feedback.refresh_from_db()
    assert not feedback.dealt_with


def test_users_without_the_permission_cannot_see_the_reports(client, django_user_model, pages):
    from django.contrib.auth.models import Permission

    user = django_user_model.objects.create_user("nobody", password="x")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, user)
    for name in ("feedback_report", "feedback_comments"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert b"The opening times" not in response.content


def test_the_data_migration_is_idempotent(db):
    from django.apps import apps
    from django.contrib.auth.models import Permission

    from home.roles import apply_roles

    apply_roles(apps)
    apply_roles(apps)
    assert Group.objects.filter(name="Moderators").count() == 1
    codenames = set(
        Permission.objects.filter(group__name="Moderators", content_type__app_label="feedback").values_list(
            "codename", flat=True
        )
    )
    assert codenames == {"view_pagefeedback", "change_pagefeedback"}


def test_the_totals_round_half_up_like_the_per_page_figures(client, admin_user, home):
    page = StandardPageFactory(parent=home, title="Half", slug="half")
    for useful in [True] * 5 + [False] * 3:  # 62.5% useful
        PageFeedbackFactory(page=page, useful=useful, created_at=days_ago(1))
    assert PageFeedback.objects.counts(30)["ratio"] == 63
    sign_in(client, admin_user)
    table = {row[0]: row for row in rows(client.get(reverse("feedback_report") + "?export=csv"))[1:]}
    assert table["Half"][4] == "63"
