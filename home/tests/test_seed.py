"""The seed content: built from the guidance note and charter, idempotent."""

import pytest

from django.core.management import call_command

from wagtail.models import Page, Site

from home.models import Area, Audience, HomePage, SiteSettings, StandardPage, Theme

pytestmark = pytest.mark.django_db


def tree_snapshot():
    return sorted((page.url_path, page.title, page.content_type.model) for page in Page.objects.all())


def test_running_the_seed_twice_gives_the_same_tree(seeded_site):
    before = tree_snapshot()
    revisions = seeded_site.revisions.count()
    call_command("load_seed_content", verbosity=0)
    assert tree_snapshot() == before
    assert seeded_site.revisions.count() == revisions
    assert (Area.objects.count(), Theme.objects.count(), Audience.objects.count()) == (9, 5, 6)


def test_seed_replaces_wagtails_welcome_page_with_the_hub(seeded_site):
    site = Site.objects.get(is_default_site=True)
    assert site.root_page.specific == seeded_site
    assert isinstance(seeded_site, HomePage)
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_seed_sets_contact_details_and_report_line_from_the_guidance_note(seeded_site):
    settings = SiteSettings.load()
    assert settings.contact_phone == "01629 538254"
    assert settings.contact_email == "policy@derbyshire.gov.uk"
    assert settings.report_line_name == "Keystone"
    assert settings.report_line_number == "0345 123 3333"
    assert settings.privacy_page.slug == "privacy-notice"


def test_seed_keeps_an_editors_changes(seeded_site):
    settings = SiteSettings.load()
    settings.contact_phone = "01629 000000"
    settings.save()
    about = StandardPage.objects.get(slug="about")
    about.title = "About us"
    about.save_revision().publish()
    call_command("load_seed_content", verbosity=0)
    assert SiteSettings.load().contact_phone == "01629 000000"
    assert StandardPage.objects.get(slug="about").title == "About us"


def test_seed_taxonomies_are_the_districts_factors_and_audiences(seeded_site):
    assert list(Area.objects.values_list("name", flat=True)) == [
        "Amber Valley",
        "Bolsover",
        "Chesterfield",
        "Derbyshire Dales",
        "Erewash",
        "High Peak",
        "North East Derbyshire",
        "South Derbyshire",
        "Derby City",
    ]
    assert list(Theme.objects.values_list("name", flat=True)) == [
        "Common ground",
        "Responsibility",
        "Social mobility",
        "Participation and empowerment",
        "Tackling intolerance and extremism",
    ]
    assert Audience.objects.filter(slug="faith-groups").exists()


def test_seed_standard_pages_have_real_text(seeded_site, client):
    for slug, phrase in [
        ("accessibility-statement", "WCAG"),
        ("privacy-notice", "90 days after the event ends"),
        ("privacy-notice", "if you do not confirm your address within 7 days, we delete it"),
        ("cookies", "csrftoken"),
        ("about", "knock on effects"),
    ]:
        response = client.get(f"/{slug}/")
        assert response.status_code == 200, slug
        assert phrase in response.content.decode(), slug
