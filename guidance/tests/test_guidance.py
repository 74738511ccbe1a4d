"""The guidance index (cards, filters, pagination), guidance note pages and the resources page."""

import datetime
import json
import re

import pytest
import wagtail_factories

from django.core.files.base import ContentFile

from guidance.factories import (
    GuidanceNoteActionFactory,
    GuidanceNoteDocumentFactory,
    GuidanceNotePageFactory,
    ResourceItemFactory,
)
from guidance.models import GuidanceIndexPage, GuidanceNoteRelatedLink

pytestmark = pytest.mark.django_db


def html(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def listed_titles(content):
    return re.findall(r'<h2 class="govuk-heading-m govuk-!-margin-bottom-2"><a [^>]+>([^<]+)</a>', content)


def json_ld(content):
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', content)
    ]


# --- Guidance index ---------------------------------------------------------


def test_index_lists_notes_as_cards_with_audiences_summary_and_last_updated(
    client, guidance_index, volunteers
):
    GuidanceNotePageFactory(
        parent=guidance_index,
        title="Guidance for groups",
        summary="How groups can help.",
        audiences=[volunteers],
        last_reviewed=datetime.date(2026, 3, 5),
    )
    content = html(client, guidance_index.url)
    assert listed_titles(content) == ["Guidance for groups"]
    assert "How groups can help." in content
    assert "Voluntary and community sector</dd>" in content
    assert '<time datetime="2026-03-05">5 March 2026</time>' in content
    assert '<p class="govuk-body govuk-!-font-weight-bold" role="status" id="results-count">' in content


def test_index_filters_by_audience(client, guidance_index, volunteers, schools):
    GuidanceNotePageFactory(parent=guidance_index, title="For groups", audiences=[volunteers])
    GuidanceNotePageFactory(parent=guidance_index, title="For schools", audiences=[schools])
    content = html(client, guidance_index.url, audience="schools-and-young-people")
    assert listed_titles(content) == ["For schools"]
    assert "1 guidance note matches your filters" in " ".join(content.split())
    assert 'value="schools-and-young-people" checked' in content
    assert 'value="voluntary-and-community-sector" checked' not in content


def test_index_filters_by_theme(client, guidance_index, common_ground, responsibility):
    GuidanceNotePageFactory(parent=guidance_index, title="Common ground note", themes=[common_ground])
    GuidanceNotePageFactory(parent=guidance_index, title="Responsibility note", themes=[responsibility])
    assert listed_titles(html(client, guidance_index.url, theme="responsibility")) == ["Responsibility note"]


def test_index_matches_any_chosen_value_within_a_filter_and_every_filter(
    client, guidance_index, volunteers, schools, common_ground, responsibility
):
    GuidanceNotePageFactory(parent=guidance_index, title="A", audiences=[volunteers], themes=[common_ground])
    GuidanceNotePageFactory(parent=guidance_index, title="B", audiences=[schools], themes=[common_ground])
    GuidanceNotePageFactory(parent=guidance_index, title="C", audiences=[schools], themes=[responsibility])
    both_audiences = html(client, f"{guidance_index.url}?audience={volunteers.slug}&audience={schools.slug}")
    assert sorted(listed_titles(both_audiences)) == ["A", "B", "C"]
    schools_and_common_ground = html(
        client, guidance_index.url, audience=schools.slug, theme=common_ground.slug
    )
    assert listed_titles(schools_and_common_ground) == ["B"]


def test_index_ignores_unknown_filter_values_from_old_links(client, guidance_index, volunteers):
    GuidanceNotePageFactory(parent=guidance_index, title="Still listed", audiences=[volunteers])
    content = html(client, guidance_index.url, audience="no-such-audience", theme="gone")
    assert listed_titles(content) == ["Still listed"]
    assert "Clear filters" not in content


def test_index_says_when_no_guidance_matches_and_offers_a_way_back(client, guidance_index, schools):
    GuidanceNotePageFactory(parent=guidance_index, title="Unrelated")
    content = html(client, guidance_index.url, audience=schools.slug)
    assert listed_titles(content) == []
    assert "0 guidance notes match your filters" in " ".join(content.split())
    assert "Clear filters" in content


def test_index_lists_only_live_notes_newest_first(client, guidance_index):
    GuidanceNotePageFactory(parent=guidance_index, title="Older", last_reviewed=datetime.date(2025, 1, 1))
    GuidanceNotePageFactory(parent=guidance_index, title="Newer", last_reviewed=datetime.date(2026, 1, 1))
    GuidanceNotePageFactory(parent=guidance_index, title="Draft", live=False)
    assert listed_titles(html(client, guidance_index.url)) == ["Newer", "Older"]


def test_index_paginates_and_page_links_keep_the_filters(client, guidance_index, volunteers):
    for number in range(GuidanceIndexPage.per_page + 3):
        GuidanceNotePageFactory(
            parent=guidance_index,
            title=f"Note {number:02d}",
            audiences=[volunteers],
            last_reviewed=datetime.date(2026, 1, 1) - datetime.timedelta(days=number),
        )
    first = html(client, guidance_index.url, audience=volunteers.slug)
    assert len(listed_titles(first)) == GuidanceIndexPage.per_page
    assert 'href="?audience=voluntary-and-community-sector&amp;page=2"' in first
    assert 'aria-current="page">1</a>' in first
    second = html(client, guidance_index.url, audience=volunteers.slug, page=2)
    assert listed_titles(second) == ["Note 10", "Note 11", "Note 12"]
    assert 'rel="prev"' in second
    assert listed_titles(html(client, guidance_index.url, page="99")) == listed_titles(second)
    assert listed_titles(html(client, guidance_index.url, page="x")) == listed_titles(first)


# Fewer notes than a page, and more than two pages: a query per listed note or per note would show.
@pytest.mark.parametrize("count", [5, GuidanceIndexPage.per_page * 2 + 5])
def test_index_query_count_does_not_grow_with_notes(
    client, guidance_index, volunteers, schools, common_ground, count, django_assert_num_queries
):
    for _ in range(count):
        GuidanceNotePageFactory(
            parent=guidance_index, audiences=[volunteers, schools], themes=[common_ground]
        )
    client.get(guidance_index.url)  # warm the site and settings caches
    with django_assert_num_queries(EXPECTED_INDEX_QUERIES):
        response = client.get(guidance_index.url, {"audience": volunteers.slug, "theme": common_ground.slug})
    assert len(listed_titles(response.content.decode())) == min(count, GuidanceIndexPage.per_page)


# The page and its chrome (site, locale, page, breadcrumbs, settings, navigation, the page's translations),
# then audiences, themes, the count, one page of notes, their audiences and the resources link: none of it
# per note.
EXPECTED_INDEX_QUERIES = 16


# --- Guidance note ------------------------------------------------------------


def test_note_shows_summary_audiences_body_actions_contact_and_report_line(
    client, guidance_index, volunteers, site_settings
):
    note = GuidanceNotePageFactory(
        parent=guidance_index,
        summary="What cohesion means for groups.",
        audiences=[volunteers],
        audience_description="Community groups, volunteers and charities.",
        body=[("heading", {"text": "What is community cohesion?", "level": "h2"})],
        help_heading="Ways you can help",
    )
    GuidanceNoteActionFactory(page=note, text="<p>Making new people feel welcome.</p>")
    GuidanceNoteActionFactory(page=note, text="<p>Reporting problems.</p>")
    content = html(client, note.url)
    assert "What cohesion means for groups." in content
    assert "Who is this guidance for?" in content
    assert "Community groups, volunteers and charities." in content
    assert ">Voluntary and community sector</strong>" in content
    assert "What is community cohesion?</h2>" in content
    assert content.index("Making new people feel welcome.") < content.index("Reporting problems.")
    assert 'id="ways-to-help"' in content
    assert 'href="tel:01629538254"' in content and "policy@derbyshire.gov.uk" in content
    assert 'href="tel:03451233333"' in content and "Call Keystone:" in content


def test_note_shows_last_updated_publicly_but_never_the_next_review_date(client, guidance_index):
    note = GuidanceNotePageFactory(
        parent=guidance_index,
        last_reviewed=datetime.date(2026, 2, 1),
        next_review_due=datetime.date(2027, 8, 19),
    )
    content = html(client, note.url)
    assert 'Last updated: <time datetime="2026-02-01">1 February 2026</time>' in content
    assert "2027" not in content
    assert "review" not in content.lower()


def test_note_last_updated_falls_back_to_the_last_publish_date(guidance_index):
    note = GuidanceNotePageFactory(parent=guidance_index, last_reviewed=None)
    note.save_revision().publish()
    note.refresh_from_db()
    assert note.updated_on == note.last_published_at.date()


def test_note_downloads_show_file_type_and_size(client, guidance_index):
    note = GuidanceNotePageFactory(parent=guidance_index)
    document = wagtail_factories.DocumentFactory(
        title="Leaflet", file=ContentFile(b"x" * 2048, name="leaflet.pdf")
    )
    GuidanceNoteDocumentFactory(page=note, document=document, title="Printable leaflet")
    content = html(client, note.url)
    assert "Printable leaflet</a>" in content
    assert "(PDF, 2.0\xa0KB)" in content


def test_note_related_guidance_lists_chosen_pages_then_notes_sharing_a_theme(
    client, guidance_index, resources_page, common_ground, responsibility
):
    note = GuidanceNotePageFactory(parent=guidance_index, themes=[common_ground])
    GuidanceNoteRelatedLink.objects.create(
        source=note, page=resources_page, link_text="Documents to download"
    )
    GuidanceNotePageFactory(parent=guidance_index, title="Shares a theme", themes=[common_ground])
    GuidanceNotePageFactory(parent=guidance_index, title="Different theme", themes=[responsibility])
    GuidanceNotePageFactory(
        parent=guidance_index, title="Draft sharing a theme", themes=[common_ground], live=False
    )
    related = [text for text, _page in note.related_guidance()]
    assert related == ["Documents to download", "Shares a theme"]
    content = html(client, note.url)
    assert "Related guidance" in content and "Shares a theme</a>" in content
    assert f'href="{guidance_index.url}?theme=common-ground"' in content


def test_note_structured_data_is_an_article_with_breadcrumbs(client, guidance_index, volunteers):
    note = GuidanceNotePageFactory(
        parent=guidance_index,
        title="Guidance for groups",
        summary="Summary.",
        audiences=[volunteers],
        last_reviewed=datetime.date(2026, 2, 1),
    )
    article, breadcrumbs = json_ld(html(client, note.url))
    assert article["@type"] == "Article"
    assert article["headline"] == "Guidance for groups"
    assert article["dateModified"] == "2026-02-01"
    assert article["audience"] == [{"@type": "Audience", "audienceType": "Voluntary and community sector"}]
    assert article["publisher"]["@type"] == "GovernmentOrganization"
    assert [item["name"] for item in breadcrumbs["itemListElement"]] == [
        "Home",
        "Guidance",
        "Guidance for groups",
    ]


def test_structured_data_cannot_break_out_of_its_script_element(client, guidance_index):
    note = GuidanceNotePageFactory(parent=guidance_index, title="Bad </script><script>alert(1)</script>")
    content = html(client, note.url)
    assert "<script>alert(1)" not in content
    assert json_ld(content)[0]["headline"] == "Bad </script><script>alert(1)</script>"


# --- Resources ------------------------------------------------------------------


def test_resources_page_lists_documents_with_type_size_and_theme(client, resources_page, common_ground):
    document = wagtail_factories.DocumentFactory(
        title="Toolkit", file=ContentFile(b"x" * 3000, name="toolkit.docx")
    )
    ResourceItemFactory(
        page=resources_page, document=document, theme=common_ground, description="For groups."
    )
    ResourceItemFactory(page=resources_page, title="General resource", theme=None)
    content = " ".join(html(client, resources_page.url).split())
    assert "Toolkit</a>" in content and "For groups." in content
    assert "<dt>Type:</dt> <dd>DOCX</dd>" in content
    assert "<dt>Size:</dt> <dd>2.9 KB</dd>" in content
    assert "<dt>Theme:</dt> <dd>Common ground</dd>" in content
    assert "<dt>Theme:</dt> <dd>All themes</dd>" in content
    assert "2 resources" in content


def test_resources_filter_by_theme(client, resources_page, common_ground, responsibility):
    ResourceItemFactory(page=resources_page, title="About common ground", theme=common_ground)
    ResourceItemFactory(page=resources_page, title="About responsibility", theme=responsibility)
    content = " ".join(html(client, resources_page.url, theme="responsibility").split())
    assert "About responsibility</a>" in content and "About common ground" not in content
    assert "1 resource about responsibility" in content
    assert '<option value="responsibility" selected>' in content


def test_resources_with_an_unknown_theme_lists_everything(client, resources_page, common_ground):
    ResourceItemFactory(page=resources_page, title="About common ground", theme=common_ground)
    content = html(client, resources_page.url, theme="not-a-theme")
    assert "About common ground</a>" in content
