"""The seed content: the guidance note, charter and action plan come out whole, structured and idempotent."""

import html as html_module
import re

import pytest

from django.core.management import call_command

from wagtail.documents import get_document_model
from wagtail.models import Page

from guidance import seed
from guidance.models import (
    ActionPlanPage,
    GuidanceIndexPage,
    GuidanceNotePage,
    Priority,
    PriorityAction,
    ResourcesPage,
    StrategyIndexPage,
    StrategyPage,
)
from home.models import HomePage

pytestmark = pytest.mark.django_db

NOTE_URL = "/guidance/voluntary-and-community-sector/"
CHARTER_URL = "/strategy-and-charter/derby-cohesion-integration-charter-2014-16/"
ACTION_PLAN_URL = "/strategy-and-charter/action-plan/"


def text_of(client, url):
    """The page's visible text, tags removed and whitespace collapsed, so sentences match across markup."""
    response = client.get(url)
    assert response.status_code == 200, url
    content = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", response.content.decode(), flags=re.S)
    content = re.sub(r"</?(strong|em|a|span|time|cite)\b[^>]*>", "", content)
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", content)).split())


def squash(text):
    return " ".join(text.split())


def test_guidance_note_page_has_every_help_action_the_communities_list_and_the_contacts(seeded_site, client):
    text = text_of(client, NOTE_URL)
    assert len(seed.NOTE_HELP_ACTIONS) == 8
    for action in seed.NOTE_HELP_ACTIONS:
        assert squash(action) in text
    assert "We want to build communities where:" in text
    assert len(seed.NOTE_COMMUNITIES_WHERE) == 5
    for item in seed.NOTE_COMMUNITIES_WHERE:
        assert squash(item) in text
    for heading in [
        "What is community cohesion?",
        "What does this mean in Derbyshire?",
        "Why is community cohesion important?",
        "Why are you important?",
    ]:
        assert heading in text
    assert "Community cohesion is the glue which binds communities together." in text
    assert squash(seed.NOTE_AUDIENCE_DESCRIPTION) in text
    for contact in ["01629 538254", "policy@derbyshire.gov.uk", "0345 123 3333", "Keystone"]:
        assert contact in text


def test_guidance_note_is_structured(seeded_site):
    note = GuidanceNotePage.objects.get(slug="voluntary-and-community-sector")
    assert note.help_introduction == "You can help to make communities in Derbyshire more cohesive by:"
    assert note.help_actions.count() == 8
    assert sorted(note.audiences.values_list("slug", flat=True)) == [
        "faith-groups",
        "voluntary-and-community-sector",
    ]
    assert [block.block_type for block in note.body].count("heading") == 4
    assert note.documents.get().document.file_extension == "txt"
    assert note.next_review_due is not None
    assert [link.page.specific_class for link in note.related_links.all()] == [
        StrategyPage,
        ActionPlanPage,
        ResourcesPage,
    ]


def test_charter_is_reproduced_in_structured_fields(seeded_site):
    charter = StrategyPage.objects.get()
    assert (charter.kind, charter.period, charter.publishing_organisation) == (
        "charter",
        "2014-16",
        "Derby City Council",
    )
    quotes = [block.value for field in (charter.introduction, charter.background) for block in field]
    quotes = [
        (value["attribution"], value["source"])
        for value in quotes
        if hasattr(value, "get") and "quote" in value
    ]
    assert quotes == [
        ("The Commission on Integration and Cohesion", "2007"),
        ("", "The Derby Plan 2013 - 2015"),
        ("DCLG", "Creating the conditions for integration, 2012"),
    ]
    assert charter.vision == "Working together for the common good."
    assert [value.key_phrases for value in charter.values.all()] == [
        ["shared", "future vision"],
        ["rights and responsibilities"],
        ["similar life opportunities"],
        ["strong sense of trust"],
        ["focus on what we have in common"],
        ["strong and positive relationships"],
    ]
    assert [(factor.theme.slug, factor.theme.name) for factor in charter.integration_factors.all()] == [
        ("common-ground", "Common ground"),
        ("responsibility", "Responsibility"),
        ("social-mobility", "Social mobility"),
        ("participation-and-empowerment", "Participation and empowerment"),
        ("tackling-intolerance-and-extremism", "Tackling intolerance and extremism"),
    ]
    assert [(person.name, person.role) for person in charter.signatories.all()] == [
        ("Councillor Ranjit Banwait", "Leader of Derby City Council"),
        ("Councillor Asaf Afzal", "Cabinet Member Neighbourhoods"),
    ]
    for value in charter.values.all():
        value.clean()  # every key phrase really is in its value's text


def test_charter_page_shows_the_whole_charter(seeded_site, client):
    text = text_of(client, CHARTER_URL)
    for fragment in [
        "Working together for the common good and supporting those who are vulnerable and isolated",
        "A key contributor to community cohesion is integration",
        "This Cohesion and Integration Charter takes the positive community energy",
        "Councillor Ranjit Banwait Leader of Derby City Council Councillor Asaf Afzal",
        "Councillor Asaf Afzal Cabinet Member Neighbourhoods, Derby City Council",
        "“Inspiring people, creating opportunities...” The Derby Plan 2013 - 2015",
        "The Commission on Integration and Cohesion, 2007",
        "the challenge now is for Derby to develop a new approach",
        "creating cohesive communities will impact greatly on the feeling of well-being",
        "DCLG, Creating the conditions for integration, 2012",
        "This Cohesion Charter will help deliver that success.",
        "“Working together for the common good.”",
        "The Cohesion & Integration Leadership Group will drive this Charter and Actions that develop",
    ]:
        assert fragment in text
    for _slug, factor in seed.CHARTER_FACTORS:
        assert factor in text
    for value, _phrases in seed.CHARTER_VALUES:
        assert value in text
    for _number, _slug, title, _themes in seed.PRIORITIES:
        assert title in text


def test_action_plan_shows_all_seven_priorities_and_invents_no_actions(seeded_site, client):
    assert list(Priority.objects.values_list("number", flat=True)) == [1, 2, 3, 4, 5, 6, 7]
    assert not PriorityAction.objects.exists()
    text = text_of(client, ACTION_PLAN_URL)
    for number, _slug, title, _themes in seed.PRIORITIES:
        assert f"Priority {number} {title}" in text
    assert text.count("No actions have been recorded for this priority yet.") == 7
    assert "Who is leading this work" in text
    assert "The Cohesion & Integration Leadership Group will drive this Charter" in text
    assert "01629 538254" in text and "policy@derbyshire.gov.uk" in text


def test_resources_page_offers_the_text_versions(seeded_site, client):
    text = text_of(client, "/guidance/resources/")
    assert "2 resources" in text
    assert "Derby Cohesion & Integration Charter 2014-16 (text version)" in text
    charter_text = seed.charter_plain_text()
    assert "Councillor Ranjit Banwait" in charter_text and "- Common ground: A clear sense" in charter_text
    assert seed.NOTE_HELP_ACTIONS[0] in seed.note_plain_text()


def test_sections_are_in_the_menu_first_and_on_the_home_page(seeded_site, client):
    menu = [page.title for page in seeded_site.get_children().live().in_menu()]
    assert menu[:2] == ["Guidance", "Strategy and charter"]
    home = HomePage.objects.get(pk=seeded_site.pk)
    entry_pages = [block.value["page"].specific_class for block in home.entry_points]
    assert GuidanceIndexPage in entry_pages and StrategyIndexPage in entry_pages
    assert [block.value.specific_class for block in home.featured_pages] == [GuidanceNotePage]
    content = client.get("/").content.decode()
    assert 'id="featured-heading"' in content and f'href="{NOTE_URL}"' in content
    assert seed.NOTE_SUMMARY in content


def test_seed_twice_changes_nothing_and_keeps_editors_changes(seeded_site):
    note = GuidanceNotePage.objects.get()
    note.title = "Edited title"
    note.save_revision().publish()
    home = HomePage.objects.get(pk=seeded_site.pk)
    home.featured_pages = []
    home.save_revision().publish()
    counts = (Page.objects.count(), get_document_model().objects.count(), Priority.objects.count())

    call_command("load_seed_content", verbosity=0)

    assert (Page.objects.count(), get_document_model().objects.count(), Priority.objects.count()) == counts
    assert GuidanceNotePage.objects.get().title == "Edited title"
    home.refresh_from_db()
    assert len(home.featured_pages) == 0
    assert len([b for b in home.entry_points if b.value["page"].slug == "guidance"]) == 1


def test_every_guidance_page_is_in_the_sitemap(seeded_site, client):
    sitemap = client.get("/sitemap.xml").content.decode()
    for model in [
        GuidanceIndexPage,
        GuidanceNotePage,
        ResourcesPage,
        StrategyIndexPage,
        StrategyPage,
        ActionPlanPage,
    ]:
        page = model.objects.live().get()
        assert f"<loc>{page.full_url}</loc>" in sitemap, model.__name__


@pytest.mark.parametrize(
    ("query", "model"),
    [
        ("glue which binds communities", GuidanceNotePage),
        ("Banwait", StrategyPage),
        ("Leadership Group", ActionPlanPage),
        ("screen readers and translation tools", ResourcesPage),
    ],
)
def test_search_finds_each_guidance_page_type_by_its_own_text(seeded_site, query, model):
    results = [page.specific_class for page in Page.objects.live().search(query)]
    assert model in results


def test_editors_can_open_every_guidance_page_in_the_admin(seeded_site, client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    client.force_login(get_user_model().objects.create_superuser("editor", "editor@example.com", "password"))
    # The status of "add another": 302 (refused) where only one is allowed under the parent.
    for model, add_status in [
        (GuidanceIndexPage, 302),
        (GuidanceNotePage, 200),
        (ResourcesPage, 200),
        (StrategyIndexPage, 302),
        (StrategyPage, 200),
        (ActionPlanPage, 302),
    ]:
        page = model.objects.get()
        edit = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
        assert edit.status_code == 200, model.__name__
        parent = page.get_parent()
        add = client.get(
            reverse("wagtailadmin_pages:add", args=["guidance", model._meta.model_name, parent.pk])
        )
        assert add.status_code == add_status, model.__name__
    note_edit = client.get(reverse("wagtailadmin_pages:edit", args=[GuidanceNotePage.objects.get().pk]))
    assert "Next review due" in note_edit.content.decode()
