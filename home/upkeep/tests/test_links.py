"""The broken-link check: finds links to deleted, unpublished and private pages and to missing
documents and images in rich text and StreamField, leaves good links alone, lists external links
without fetching them, and shows the results in an admin report with CSV export."""

import csv
import io
import json
import socket

import pytest
import wagtail_factories

from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import PageViewRestriction

from guidance.factories import GuidanceIndexPageFactory, GuidanceNotePageFactory
from home.factories import StandardPageFactory
from home.models import SiteSettings
from home.upkeep.links import check_links
from home.upkeep.models import LinkCheckResult, LinkProblem
from testing.auth import sign_in

pytestmark = pytest.mark.django_db


def page_link(page_id, text="a page"):
    return f'<a linktype="page" id="{page_id}">{text}</a>'


def doc_link(doc_id):
    return f'<a linktype="document" id="{doc_id}">a file</a>'


@pytest.fixture
def site_pages(home):
    good = StandardPageFactory(parent=home, title="Good target", slug="good")
    gone = StandardPageFactory(parent=home, title="Gone", slug="gone")
    draft = StandardPageFactory(parent=home, title="Draft target", slug="draft", live=False)
    private = StandardPageFactory(parent=home, title="Private target", slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    document = wagtail_factories.DocumentFactory(title="Kept file")
    lost_document = wagtail_factories.DocumentFactory(title="Lost file")
    image = wagtail_factories.ImageFactory(title="Kept image")
    lost_image = wagtail_factories.ImageFactory(title="Lost image")
    paragraph = (
        f"<p>{page_link(good.pk)} {page_link(gone.pk)} {page_link(draft.pk)} {page_link(private.pk)} "
        f'{doc_link(document.pk)} {doc_link(lost_document.pk)} <a href="https://example.org/help">help</a></p>'
    )
    source = StandardPageFactory(
        parent=home,
        title="Source page",
        slug="source",
        body=json.dumps(
            [
                {"type": "paragraph", "value": paragraph},
                {"type": "image", "value": {"image": image.pk, "caption": "", "alt_text": "x"}},
                {"type": "image", "value": {"image": lost_image.pk, "caption": "", "alt_text": "y"}},
                {"type": "document", "value": {"document": lost_document.pk, "title": ""}},
            ]
        ),
    )
    gone.delete()
    lost_document.delete()
    lost_image.delete()
    return {"source": source, "good": good, "draft": draft, "private": private}


def results():
    return {(row.source_title, row.problem, row.target) for row in LinkCheckResult.objects.all()}


def test_broken_internal_links_are_found_and_good_ones_left_alone(site_pages):
    counts = check_links()
    found = results()
    problems = sorted(LinkCheckResult.objects.values_list("problem", flat=True))
    assert problems == sorted(
        [
            LinkProblem.DELETED_PAGE,
            LinkProblem.UNPUBLISHED_PAGE,
            LinkProblem.PRIVATE_PAGE,
            LinkProblem.MISSING_DOCUMENT,  # in the paragraph
            LinkProblem.MISSING_DOCUMENT,  # in the document block
            LinkProblem.MISSING_IMAGE,
            LinkProblem.EXTERNAL,
        ]
    )
    assert counts[LinkProblem.MISSING_DOCUMENT] == 2
    targets = " ".join(target for _title, _problem, target in found)
    assert "Good target" not in targets and "Kept" not in targets
    assert "Draft target" in targets and "Private target" in targets


def test_the_report_rows_name_the_field_and_block(site_pages):
    check_links()
    image_row = LinkCheckResult.objects.get(problem=LinkProblem.MISSING_IMAGE)
    assert image_row.field == "Body → Image"
    assert image_row.source_edit_url.endswith(f"/admin/pages/{site_pages['source'].pk}/edit/")
    assert LinkCheckResult.objects.get(problem=LinkProblem.UNPUBLISHED_PAGE).field == "Body → Paragraph"


def test_links_in_inline_children_and_snippets_and_settings_are_checked(home):
    gone = StandardPageFactory(parent=home, slug="gone")
    note = GuidanceNotePageFactory(parent=GuidanceIndexPageFactory(parent=home), title="Note with actions")
    note.help_actions.create(text=f"<p>Read {page_link(gone.pk)}</p>")
    note.save()
    settings = SiteSettings.load()
    settings.notice_text = f"<p>See {page_link(gone.pk)}</p>"
    settings.save()
    gone.delete()
    check_links()
    rows = {row.source_title: row for row in LinkCheckResult.objects.filter(problem=LinkProblem.DELETED_PAGE)}
    assert "Note with actions" in rows
    assert "site settings" in {title.lower() for title in rows}


def test_drafts_and_private_pages_linking_to_private_pages_are_not_flagged(home):
    private = StandardPageFactory(parent=home, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    StandardPageFactory(
        parent=private,
        slug="inside",
        body=json.dumps([{"type": "paragraph", "value": f"<p>{page_link(private.pk)}</p>"}]),
    )
    StandardPageFactory(
        parent=home,
        slug="unpublished-source",
        live=False,
        body=json.dumps([{"type": "paragraph", "value": f"<p>{page_link(999999)}</p>"}]),
    )
    check_links()
    assert not LinkCheckResult.objects.exists()


def test_external_links_are_listed_but_never_fetched(site_pages, monkeypatch):
    def no_network(*args, **kwargs):
        raise AssertionError("the link check must not open network connections")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    check_links()
    external = LinkCheckResult.objects.get(problem=LinkProblem.EXTERNAL)
    assert external.target == "https://example.org/help"


def test_each_run_replaces_the_last(site_pages, home):
    check_links()
    assert LinkCheckResult.objects.filter(problem=LinkProblem.UNPUBLISHED_PAGE).exists()
    site_pages["draft"].save_revision().publish()
    call_command("check_links", stdout=io.StringIO())
    assert not LinkCheckResult.objects.filter(problem=LinkProblem.UNPUBLISHED_PAGE).exists()
    assert LinkCheckResult.objects.filter(problem=LinkProblem.EXTERNAL).count() == 1


def csv_rows(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_the_admin_report_lists_broken_links_and_exports_csv(admin_client, site_pages):
    check_links()
    html = admin_client.get(reverse("link_report")).content.decode()
    assert "Source page" in html and "Image missing" in html
    assert "https://example.org/help" not in html  # broken links by default
    assert (
        "https://example.org/help"
        in admin_client.get(reverse("link_report") + "?problem=external").content.decode()
    )
    rows = csv_rows(admin_client.get(reverse("link_report") + "?export=csv&problem=all"))
    assert rows[0] == ["Page or snippet", "Field", "Problem", "Target", "Checked"]
    assert len(rows) == 1 + 7


def test_editors_and_moderators_may_read_the_link_report_others_may_not(
    client, django_user_model, site_pages
):
    check_links()
    access = Permission.objects.get(codename="access_admin")
    for name, allowed in (("Editors", True), ("Moderators", True), (None, False)):
        user = django_user_model.objects.create_user(f"user-{name}", password="x")
        user.user_permissions.add(access)
        if name:
            user.groups.add(Group.objects.get(name=name))
        sign_in(client, user)
        response = client.get(reverse("link_report"))
        assert (response.status_code == 200) is allowed, name
        assert ("Source page" in response.content.decode()) is allowed
