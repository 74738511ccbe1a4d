"""Publishing for every page type: scheduled go-live and expiry happen through the scheduled
jobs runner on their own, and every page type previews in the admin."""

from datetime import timedelta
from io import StringIO

import pytest

from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from home.roles import ADMINISTRATORS
from testing.pages import one_page_per_type, project_page_models

pytestmark = pytest.mark.django_db


def run_scheduler_later(monkeypatch, minutes):
    """Run the scheduled jobs as the runner would, `minutes` from now."""
    later = timezone.now() + timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: later)
    call_command("run_scheduled_jobs", "--once", stdout=StringIO())
    monkeypatch.undo()


def test_every_page_type_set_to_go_live_goes_live_on_its_own(seeded_site, monkeypatch):
    pages = one_page_per_type()
    assert set(pages) == set(project_page_models())
    for page in pages.values():
        page.unpublish()
        page.refresh_from_db()
        page.go_live_at = timezone.now() + timedelta(minutes=5)
        page.save_revision().publish()
        page.refresh_from_db()
        assert not page.live, f"{type(page).__name__} went live before its time"

    run_scheduler_later(monkeypatch, minutes=2)
    assert not any(type(page).objects.get(pk=page.pk).live for page in pages.values())

    run_scheduler_later(monkeypatch, minutes=10)
    offline = [type(page).__name__ for page in pages.values() if not type(page).objects.get(pk=page.pk).live]
    assert offline == []


def test_every_page_type_set_to_expire_is_unpublished_on_its_own(seeded_site, monkeypatch):
    pages = one_page_per_type()
    for page in pages.values():
        page.expire_at = timezone.now() + timedelta(minutes=5)
        page.save_revision().publish()

    run_scheduler_later(monkeypatch, minutes=2)
    assert all(type(page).objects.get(pk=page.pk).live for page in pages.values())

    run_scheduler_later(monkeypatch, minutes=10)
    still_live = [type(page).__name__ for page in pages.values() if type(page).objects.get(pk=page.pk).live]
    assert still_live == []
    assert all(type(page).objects.get(pk=page.pk).expired for page in pages.values())


def test_every_page_type_previews_in_the_admin(seeded_site, client, signed_in, role_user):
    """An unpublished draft of each page type renders in every preview mode, through the admin."""
    signed_in(role_user(ADMINISTRATORS))
    pages = one_page_per_type()
    assert set(pages) == set(project_page_models())
    for page in pages.values():
        name, title = type(page).__name__, f"Draft of {page.title}"
        draft = page.get_latest_revision_as_object()
        draft.title = draft.seo_title = title
        revision = draft.save_revision()
        shown = client.get(reverse("wagtailadmin_pages:revisions_view", args=[page.pk, revision.pk]))
        assert shown.status_code == 200, name
        assert escape(title) in shown.content.decode(), name
        assert "private" in shown["Cache-Control"], name
        for mode, _label in page.preview_modes:
            response = draft.make_preview_request(preview_mode=mode)
            assert response.status_code == 200, (name, mode)
            assert escape(title) in response.rendered_content, (name, mode)
