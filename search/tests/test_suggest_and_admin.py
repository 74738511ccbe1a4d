"""The autocomplete endpoint, the editors' search report and the synonyms snippet."""

import pytest

from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from wagtail.contrib.search_promotions.models import Query

from search.models import SynonymGroup, ZeroResultDailyHits
from testing.auth import sign_in

pytestmark = pytest.mark.django_db


def test_suggestions_are_live_page_titles_starting_with_the_typed_words(make_page, client):
    make_page("Community cohesion")
    make_page("Communications")
    make_page("Community draft", live=False)
    response = client.get("/search/suggest/", {"q": "comm"})
    assert response.status_code == 200
    data = response.json()
    assert data["query"] == "comm"
    assert sorted(item["title"] for item in data["suggestions"]) == ["Communications", "Community cohesion"]
    assert {item["url"] for item in data["suggestions"]} == {"/communications/", "/community-cohesion/"}
    assert "no-cache" in response["Cache-Control"]


def test_suggestions_wait_for_two_characters(make_page, client):
    make_page("Community cohesion")
    assert client.get("/search/suggest/", {"q": "c"}).json()["suggestions"] == []


def test_the_search_boxes_work_without_javascript_and_offer_suggestions_with_it(make_page, client):
    html = client.get("/search/", {"q": "cohesion"}).content.decode()
    assert '<form action="/search/" method="get" role="search"' in html
    assert html.count('data-suggest-url="/search/suggest/"') == 2  # header and page
    assert "dist/js/main.js" in html  # the bundle that carries static/js/search-suggest.js


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("editor", password="pw")
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def record(query_string, hits, zero=0):
    query = Query.get(query_string)
    for _ in range(hits):
        query.add_hit()
    if zero:
        ZeroResultDailyHits.objects.create(query=query, date=query.daily_hits.get().date, hits=zero)


def test_editors_see_the_most_frequent_searches_and_those_that_found_nothing(client, editor):
    record("cohesion", 5)
    record("food bank", 3, zero=3)
    sign_in(client, editor)
    html = client.get(reverse("search_report")).content.decode()
    assert html.index("cohesion") < html.index("food bank")

    html = client.get(reverse("search_report"), {"outcome": "none"}).content.decode()
    assert "food bank" in html
    assert "cohesion" not in html.split("<tbody>")[1]


def test_the_report_can_be_downloaded(client, editor):
    record("cohesion", 2)
    sign_in(client, editor)
    response = client.get(reverse("search_report"), {"export": "csv"})
    assert response.status_code == 200
    assert b"cohesion,2,0" in response.getvalue()


def test_people_without_the_permission_cannot_see_the_report(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    sign_in(client, user)
    record("cohesion", 2)
    # Wagtail's permission_denied: back to the dashboard with a message, not to the login page.
    for url in (reverse("search_report"), reverse("search_report_results")):
        response = client.get(url, {"export": "csv"})
        assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home")), url
    dashboard = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Sorry, you do not have permission to access this area." in dashboard
    assert "Search queries" not in dashboard


def test_editors_can_manage_synonyms(client, editor):
    sign_in(client, editor)
    response = client.post(
        reverse("wagtailsnippets_search_synonymgroup:add"),
        {"terms": "food bank, food pantry", "note": "Both are used locally."},
    )
    assert response.status_code == 302
    assert SynonymGroup.objects.filter(terms="food bank, food pantry").exists()


def test_suggestions_only_offer_titles_that_show_what_was_typed(home, make_page, client):
    from events.factories import EventIndexPageFactory, EventPageFactory

    make_page("Community cohesion")
    # Events index more than their title for autocomplete.
    EventPageFactory(
        parent=EventIndexPageFactory(parent=home), title="Conversation café", summary="Community tea."
    )
    titles = [item["title"] for item in client.get("/search/suggest/", {"q": "commun"}).json()["suggestions"]]
    assert titles == ["Community cohesion"]
