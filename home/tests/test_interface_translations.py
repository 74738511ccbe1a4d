"""The labels, headings and error pages that the templates write themselves are in the visitor's
language: an English page under /pl/ or /ur/ shows its interface in Polish or Urdu."""

import re

import pytest

from django.db import OperationalError
from django.template import loader
from django.test import RequestFactory
from django.utils import translation

from guidance.models import ActionPlanPage, GuidanceNotePage, ResourcesPage, StrategyPage
from home.models import HomePage, SiteSettings
from home.views import bad_request
from stories.models import StoryPage

pytestmark = pytest.mark.django_db


def text(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return " ".join(response.content.decode().split())


def in_language(page, code):
    return f"/{code}{page.url}"


def test_home_page_headings_and_report_panel_are_in_polish(seeded_site, client):
    content = text(client, "/pl/")
    assert "Poznaj serwis" in content  # Explore the hub
    assert "Najbliższe wydarzenia" in content and "Zobacz wszystkie wydarzenia" in content  # next events
    assert "W nagłych wypadkach zawsze dzwoń pod numer 999." in content
    for english in ("Explore the hub", "In an emergency, always call 999.", "Next events", "See all events"):
        assert english not in content, english


def test_guidance_note_labels_contents_and_contact_panel_are_in_polish_and_urdu(seeded_site, client):
    note = GuidanceNotePage.objects.live().first()
    content = text(client, in_language(note, "pl"))
    for label in (
        "Porada",
        "Spis treści",
        "Powrót na górę",
        "Wydrukuj tę poradę",
        "Dla kogo jest ta porada?",
        "Kontakt",
    ):
        assert label in content, label
    assert "Aby uzyskać więcej informacji o spójności społecznej" in content
    for english in (
        "Contents</h2>",
        "Back to top",
        "Print this guidance",
        "Who is this guidance for?",
        "Contact us",
    ):
        assert english not in content, english
    urdu = text(client, in_language(note, "ur"))
    assert "فہرست" in urdu and "اوپر واپس جائیں" in urdu and "Back to top" not in urdu


def test_strategy_action_plan_and_resources_labels_are_in_polish(seeded_site, client):
    charter = text(client, in_language(StrategyPage.objects.live().first(), "pl"))
    assert "<dt>Okres:</dt>" in charter and "<dt>Opublikowane przez:</dt>" in charter
    assert "<dt>Period:</dt>" not in charter
    plan = text(client, in_language(ActionPlanPage.objects.live().first(), "pl"))
    assert ">Priorytety</h2>" in plan and "Priorytet 1</span>" in plan
    assert "Priority 1</span>" not in plan
    resources = text(client, in_language(ResourcesPage.objects.live().first(), "pl"))
    assert "Pokaż materiały" in resources and "Wszystkie tematy" in resources
    assert "Show resources" not in resources


def test_resource_count_uses_the_polish_plural_forms(seeded_site, client):
    page = ResourcesPage.objects.live().first()
    count = page.resources.count()
    content = text(client, in_language(page, "pl"))
    with translation.override("pl"):
        expected = translation.ngettext("%(counter)s resource", "%(counter)s resources", count) % {
            "counter": count
        }
    assert expected in content and "resources</p>" not in content


def test_story_page_labels_are_in_polish(seeded_site, client):
    story = StoryPage.objects.live().filter(is_example=True).first()
    content = text(client, in_language(story, "pl"))
    assert "O tej historii" in content and ">Historia</span>" in content
    assert "To przykład pokazujący, jak działa serwis. To nie jest prawdziwa historia." in content
    assert "About this story" not in content and "It is not a real story." not in content
    # "Area"/"Areas" and "Theme"/"Themes" by count, apart from the filters' own "Area" and "Theme".
    assert re.search(r'<dt class="govuk-summary-list__key">(Obszar|Obszary)</dt>', content)
    assert re.search(r'<dt class="govuk-summary-list__key">(Temat|Tematy)</dt>', content)


def test_site_notice_default_title_is_in_polish(seeded_site, client):
    SiteSettings.objects.update(
        notice_enabled=True, notice_text="<p>Roadworks on Friday.</p>", notice_title=""
    )
    content = text(client, "/pl/")
    assert 'id="site-notice-title">Ważne</h2>' in content


def test_not_found_page_is_in_polish(seeded_site, client):
    response = client.get("/pl/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Nie znaleziono strony" in content
    assert "Page not found" not in content


def test_server_error_page_is_in_the_language_of_the_address(seeded_site, client, monkeypatch):
    def explode(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/pl/")
    assert response.status_code == 500
    content = " ".join(response.content.decode().split())
    assert "Przepraszamy, wystąpił problem z serwisem" in content
    assert "W nagłych wypadkach dzwoń pod numer 999." in content
    assert "problem with the service" not in content


def test_database_busy_page_is_in_the_language_of_the_address(seeded_site, client, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(HomePage, "get_context", locked)
    response = client.get("/ur/")
    assert response.status_code == 503
    content = " ".join(response.content.decode().split())
    assert "معذرت، سروس اس وقت مصروف ہے" in content and "براہ کرم 1 منٹ بعد دوبارہ کوشش کریں۔" in content
    assert 'dir="rtl"' in content and "service is busy" not in content


@pytest.mark.parametrize(
    ("too_big", "expected"),
    [
        (False, "Przepraszamy, wystąpił problem z Twoim żądaniem"),
        (True, "Przepraszamy, przesłane dane są za duże"),
    ],
)
def test_refused_request_pages_are_in_polish(seeded_site, too_big, expected):
    from django.core.exceptions import RequestDataTooBig

    request = RequestFactory().post("/pl/")
    with translation.override("pl"):
        response = bad_request(request, RequestDataTooBig() if too_big else None)
    content = " ".join(response.content.decode().split())
    assert expected in content and "Sorry" not in content


def test_too_many_forms_page_is_in_polish_with_the_minutes_in_the_plural(seeded_site):
    with translation.override("pl"):
        content = " ".join(loader.render_to_string("429.html", {"retry_minutes": 5}).split())
    assert "Przepraszamy, wysłano zbyt wiele formularzy" in content
    assert "Poczekaj 5 minut," in content


def test_action_plan_progress_and_priority_lists_are_in_polish(seeded_site, client):
    plan = ActionPlanPage.objects.live().first()
    content = text(client, in_language(plan, "pl"))
    assert "Postęp: zrealizowane " in content and "Czynniki integracji:" in content
    assert "Historie związane z tym priorytetem (" in content
    assert "priorytetów." in content or "priorytety." in content  # "7 priorities."
    for english in (" in progress, ", "Integration factors:", "priorities.", "Until then, each priority"):
        assert english not in content, english


def test_guidance_listing_count_is_in_polish(seeded_site, client):
    from guidance.models import GuidanceIndexPage

    index = GuidanceIndexPage.objects.live().first()
    count = GuidanceNotePage.objects.live().descendant_of(index).filter(locale__language_code="en-gb").count()
    content = text(client, in_language(index, "pl"))
    with translation.override("pl"):
        expected = translation.ngettext("%(counter)s guidance note", "%(counter)s guidance notes", count)
    assert (expected % {"counter": count}) in content and "guidance notes</p>" not in content


def test_charter_heading_is_in_polish(seeded_site, client):
    charter = StrategyPage.objects.live().filter(kind="charter").first()
    content = text(client, in_language(charter, "pl"))
    assert 'id="charter-heading">Karta</h2>' in content


@pytest.mark.html_validity
def test_error_pages_in_polish_and_urdu_have_valid_html(seeded_site):
    from testing.html_validator import validate_documents

    documents = {}
    for code in ("pl", "ur"):
        with translation.override(code):
            documents[f"400 [{code}]"] = bad_request(RequestFactory().get(f"/{code}/")).content.decode()
            documents[f"429 [{code}]"] = loader.render_to_string("429.html", {"retry_minutes": 5})
            for name in ("500", "503"):
                documents[f"{name} [{code}]"] = loader.render_to_string(
                    f"{name}.html", {"is_error_page": True, "retry_minutes": 1}
                )
    errors = validate_documents(documents)
    assert not errors, errors


def test_search_with_no_results_gives_its_title_and_help_in_polish(seeded_site, client):
    content = text(client, "/pl/search/?q=zzqxv")
    assert "<title>0 wyników dla „zzqxv”" in content  # the plural form Polish uses for 0
    assert "Spróbuj wyszukać jeszcze raz" in content and "sprawdź pisownię" in content
    for english in ("Try searching again", "check the spelling", "Or browse the hub", "results for"):
        assert english not in content, english


def test_an_estimated_result_count_is_in_polish():
    from search.results import count_text

    with translation.override("pl"):
        assert count_text(98_765, exact=False) == "około 99\xa0000"  # Polish groups digits with a space
    assert count_text(98_765, exact=False) == "about 99,000"
