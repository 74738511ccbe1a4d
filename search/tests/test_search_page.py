"""The search page: relevance, promotions, filters and counts, visibility, pagination, hostile input."""

import re
from datetime import timedelta

import pytest

from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents.models import Document
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from search import results as results_module
from search.models import SynonymGroup, ZeroResultDailyHits

pytestmark = pytest.mark.django_db

FILLER = " ".join(f"word{n}" for n in range(60))


def search(client, **params):
    response = client.get("/search/", params)
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return re.findall(r'bpt-search-result__title"><a class="govuk-link" href="[^"]*">([^<]+)</a>', html)


def status_text(html):
    return " ".join(re.search(r'role="status">(.*?)</p>', html, re.S).group(1).split())


def test_a_title_match_ranks_above_a_single_mention_in_the_text(make_page, client):
    make_page("Annual report", f"{FILLER} the orchard opened {FILLER}")
    make_page("Community orchard")
    assert result_titles(search(client, q="orchard")) == ["Community orchard", "Annual report"]


def test_more_mentions_rank_above_fewer_when_no_title_matches(make_page, client):
    make_page("Spring newsletter", f"{FILLER} allotment {FILLER}")
    make_page("Growing together", "allotment plots, allotment waiting lists and allotment rules")
    assert result_titles(search(client, q="allotment")) == ["Growing together", "Spring newsletter"]


def test_each_result_shows_type_title_highlighted_summary_and_date(make_page, client):
    page = make_page("Welcome", "Newcomers can find a friendly welcome at the library.")
    page.last_published_at = timezone.make_aware(timezone.datetime(2026, 3, 14, 10))
    page.save(update_fields=["last_published_at"])
    html = search(client, q="newcomers")
    assert "Standard page" in html
    assert ">Welcome</a>" in html
    assert "<mark>Newcomers</mark> can find a friendly welcome" in html
    assert '<time datetime="2026-03-14">14 March 2026</time>' in html


def test_summary_escapes_page_text(make_page, client):
    make_page("Markup", "Tags like <script>alert(1)</script> stay as text around the word cohesion.")
    html = search(client, q="cohesion")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_promoted_results_come_first_and_are_labelled(make_page, client):
    make_page("Volunteering in Derbyshire", "Volunteering opportunities.")
    promoted = make_page("Get involved", "Ways to take part.")
    SearchPromotion.objects.create(query=Query.get("Volunteering"), page=promoted, sort_order=0)
    html = search(client, q="volunteering")
    assert result_titles(html) == ["Get involved", "Volunteering in Derbyshire"]
    assert html.index("Recommended") < html.index("Volunteering in Derbyshire")
    assert status_text(html).startswith("2 results")


def test_a_promotion_of_an_unpublished_page_is_not_shown(make_page, client):
    make_page("Volunteering in Derbyshire", "Volunteering opportunities.")
    promoted = make_page("Get involved", "Ways to take part.")
    SearchPromotion.objects.create(query=Query.get("volunteering"), page=promoted, sort_order=0)
    promoted.unpublish()
    assert result_titles(search(client, q="volunteering")) == ["Volunteering in Derbyshire"]


def test_filters_list_each_type_with_its_count_and_narrow_the_results(home, make_page, client):
    home.hero_text = "Bringing cohesion to every district."
    home.save_revision().publish()
    make_page("Cohesion strategy")
    make_page("Cohesion in schools")
    Document.objects.create(
        title="Cohesion survey", file=ContentFile(b"%PDF-1.4", name="cohesion-survey.pdf")
    )

    html = search(client, q="cohesion")
    assert status_text(html).startswith("4 results")
    assert re.search(r"Standard pages <span[^>]*>\(2\)</span>", html)
    assert re.search(r"Home pages <span[^>]*>\(1\)</span>", html)
    assert re.search(r"Documents <span[^>]*>\(1\)</span>", html)

    html = search(client, q="cohesion", type="home.standardpage")
    assert sorted(result_titles(html)) == ["Cohesion in schools", "Cohesion strategy"]
    assert status_text(html).startswith("2 results")
    assert 'value="home.standardpage" checked' in html
    assert re.search(r"Documents <span[^>]*>\(1\)</span>", html), "other types keep their counts"

    html = search(client, q="cohesion", type="documents")
    assert result_titles(html) == ["Cohesion survey"]
    assert "PDF" in html

    html = search(client, q="cohesion", type=["documents", "home.homepage"])
    assert sorted(result_titles(html)) == ["Bringing People Together", "Cohesion survey"]


def test_an_unknown_type_in_the_address_is_ignored(make_page, client):
    make_page("Cohesion strategy")
    assert result_titles(search(client, q="cohesion", type="auth.user")) == ["Cohesion strategy"]


def test_documents_in_a_restricted_collection_are_not_found(home, client):
    private = Collection.get_first_root_node().add_child(name="Private papers")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    Document.objects.create(
        title="Cohesion minutes", file=ContentFile(b"x", name="m.pdf"), collection=private
    )
    Document.objects.create(title="Cohesion leaflet", file=ContentFile(b"x", name="l.pdf"))
    assert result_titles(search(client, q="cohesion")) == ["Cohesion leaflet"]


def test_unpublished_private_and_expired_pages_disappear_at_once(home, make_page, client):
    gone = make_page("Hate incident reporting")
    private = make_page("Hate incident staff notes")
    expired = make_page("Hate incident campaign")
    kept = make_page("Hate incident support")
    assert len(result_titles(search(client, q="incident"))) == 4

    gone.unpublish()
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    expired.expire_at = timezone.now() - timedelta(minutes=1)
    expired.save()
    assert result_titles(search(client, q="incident")) == [kept.title]


def test_a_page_scheduled_to_expire_later_is_still_found(make_page, client):
    page = make_page("Hate incident support")
    page.expire_at = timezone.now() + timedelta(days=1)
    page.save()
    assert result_titles(search(client, q="incident")) == ["Hate incident support"]


def test_publishing_a_draft_makes_it_findable_at_once(home, make_page, client):
    draft = make_page("Refugee week", live=False)
    assert result_titles(search(client, q="refugee")) == []
    draft.save_revision().publish()
    assert result_titles(search(client, q="refugee")) == ["Refugee week"]


def test_a_new_revision_is_searched_once_published(make_page, client):
    page = make_page("Refugee week")
    page.title = "Sanctuary week"
    page.save_revision().publish()
    assert result_titles(search(client, q="sanctuary")) == ["Sanctuary week"]
    assert result_titles(search(client, q="refugee")) == []


def test_synonyms_find_pages_that_use_the_other_words(make_page, client):
    make_page("Support for an asylum seeker", "Help with housing and advice.")
    assert result_titles(search(client, q="refugee")) == ["Support for an asylum seeker"]
    make_page("Report a hate incident", "How to report.")
    html = search(client, q="hate crime")
    assert result_titles(html) == ["Report a hate incident"]
    assert "Including results for “hate incident”" in html


def test_a_synonym_group_added_by_an_editor_applies_to_the_next_search(make_page, client):
    make_page("Interfaith week", "Events across faiths.")
    assert result_titles(search(client, q="multifaith")) == []
    SynonymGroup.objects.create(terms="multifaith, interfaith")
    assert result_titles(search(client, q="multifaith")) == ["Interfaith week"]


def test_results_are_paginated_and_keep_the_query_and_filter(make_page, client):
    for n in range(12):
        make_page(f"Cohesion note {n}")
    html = search(client, q="cohesion", type="home.standardpage")
    assert len(result_titles(html)) == 10
    assert "page 1 of 2" in status_text(html)
    assert 'href="?q=cohesion&amp;type=home.standardpage&amp;page=2"' in html
    html = search(client, q="cohesion", type="home.standardpage", page="2")
    assert len(result_titles(html)) == 2
    assert 'value="cohesion"' in html


def test_pages_past_the_cap_are_not_offered_but_every_result_is_counted(make_page, client, monkeypatch):
    monkeypatch.setattr("search.views.MAX_PAGES", 1)
    for n in range(12):
        make_page(f"Cohesion note {n}")
    html = search(client, q="cohesion", page="2")
    assert len(result_titles(html)) == 10
    assert status_text(html).startswith("12 results")
    assert 'class="govuk-pagination"' not in html


@pytest.mark.parametrize("page", ["0", "-3", "abc", "999999999999"])
def test_any_page_number_gives_a_page_of_results(make_page, client, page):
    make_page("Cohesion note")
    assert result_titles(search(client, q="cohesion", page=page)) == ["Cohesion note"]


def test_no_results_says_so_suggests_other_words_and_links_the_main_sections(home, make_page, client):
    make_page("Guidance", show_in_menus=True)
    html = search(client, q="zzzxqy")
    assert "No results for “zzzxqy”" in status_text(html)
    assert "check the spelling" in html
    assert re.search(r'<a class="govuk-link" href="/guidance/">Guidance</a>', html)


def test_an_empty_search_asks_for_words_without_searching(client, home):
    html = search(client, q="   ")
    assert "Enter a word or phrase" in html
    assert Query.objects.count() == 0


def test_searches_are_counted_and_those_that_found_nothing_are_recorded(make_page, client):
    make_page("Cohesion strategy")
    search(client, q="Cohesion")
    search(client, q="cohesion")
    search(client, q="zzzxqy")
    search(client, q="cohesion", page="2")  # pages and filters of one search are not new searches
    assert Query.get("cohesion").hits == 2
    assert ZeroResultDailyHits.objects.get(query__query_string="zzzxqy").hits == 1
    assert not ZeroResultDailyHits.objects.filter(query__query_string="cohesion").exists()


HOSTILE = {
    "2,000 characters with no spaces": "a" * 2000,
    "operators and quotes": 'cohesion AND "hate OR -crime NEAR(a b) * ^title: {body} \' "" "',
    "NUL bytes": "cohe\x00sion\x00",
    "very many words": " ".join(f"word{n}" for n in range(5000)),
    "only punctuation": '"*"^:(){}-+',
    "SQL": "'; DROP TABLE wagtailcore_page; --",
    "unicode": "ʕ•ᴥ•ʔ 𝕔𝕠𝕙𝕖𝕤𝕚𝕠𝕟 \u202e",
}


@pytest.mark.parametrize("query", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_queries_are_answered_without_error(make_page, client, query):
    make_page("Cohesion strategy")
    html = search(client, q=query)
    assert 'role="status"' in html
    response = client.get("/search/suggest/", {"q": query})
    assert response.status_code == 200
    assert "suggestions" in response.json()


def test_quotes_and_operators_are_read_as_words(make_page, client):
    make_page("Hate crime", "Report hate crime.")
    make_page("Crime and hate", "Different order.")
    assert result_titles(search(client, q='"hate crime"')) == ["Hate crime"]
    assert sorted(result_titles(search(client, q="hate -crime OR"))) == ["Crime and hate", "Hate crime"]


def test_upcoming_pages_of_a_dated_type_come_before_past_ones(make_page, client, monkeypatch):
    past = make_page("Cohesion fair", "cohesion cohesion cohesion")
    upcoming = make_page("Spring gathering", f"{FILLER} cohesion")
    monkeypatch.setattr(results_module, "event_models", lambda: [type(past)])
    monkeypatch.setattr(results_module, "past_events_q", lambda models: Q(pk__in=[past.pk]))
    html = search(client, q="cohesion")
    assert result_titles(html) == [upcoming.title, past.title]
    assert status_text(html).startswith("2 results")


def test_the_search_page_is_never_kept_by_shared_caches(make_page, client):
    response = client.get("/search/", {"q": "cohesion"})
    assert "no-cache" in response["Cache-Control"]
    assert b'<meta name="robots" content="noindex, follow">' in response.content


@pytest.mark.parametrize("pages", [3, 15])
def test_a_results_page_takes_the_same_queries_at_any_size(
    make_page, client, django_assert_num_queries, pages
):
    for n in range(pages):
        make_page(f"Cohesion note {n}", "Cohesion across Derbyshire.")
    search(client, q="cohesion")  # the first search of a term also creates its Query row
    # SQLite's ranked backend counts all matches and documents, and checks the best hits' filters, apart.
    with django_assert_num_queries({"sqlite": 19}.get(connection.vendor, 16)):
        search(client, q="cohesion")


def test_upcoming_events_come_before_past_events_and_past_ones_are_labelled(home, make_page, client):
    from events.factories import EventIndexPageFactory, EventPageFactory, days_from_now

    index = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=index,
        title="Lantern parade",
        summary="Lantern parade lanterns lanterns.",
        start=days_from_now(-30),
        slug="old-parade",
    )
    EventPageFactory(
        parent=index, title="Spring fair", summary="With a lantern workshop.", start=days_from_now(10)
    )
    html = search(client, q="lantern")
    assert result_titles(html) == ["Spring fair", "Lantern parade"]
    assert html.count("Past event") == 1
    assert html.index("Past event") > html.index("Spring fair")


@pytest.fixture
def past_pages(monkeypatch):
    """Standard pages titled "Past ..." stand for past events (a dated type whose pages have ended)."""
    from home.models import StandardPage

    monkeypatch.setattr(results_module, "event_models", lambda: [StandardPage])
    monkeypatch.setattr(
        results_module,
        "past_events_q",
        lambda models: Q(pk__in=StandardPage.objects.filter(title__startswith="Past")),
    )


def every_result_page(client, pages):
    return [result_titles(search(client, q="cohesion", page=number)) for number in range(1, pages + 1)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="estimated counts are the SQLite backend's")
def test_estimated_counts_give_the_same_first_page_as_exact_ones(make_page, client, past_pages, monkeypatch):
    from search.backends import sqlite

    for n in range(40):
        make_page(f"Cohesion note {n}", f"{FILLER} " * (n % 3) + "cohesion")
    for n in range(6):
        make_page(f"Past cohesion fair {n}", "cohesion")
    sqlite.ENTRY_COUNTS["at"] = 0.0
    exact = search(client, q="cohesion")
    assert status_text(exact).startswith("46 results")

    monkeypatch.setattr(results_module, "EXACT_COUNTS_UP_TO", 10)
    monkeypatch.setattr(results_module, "SAMPLE_SIZE", 10)
    monkeypatch.setattr(results_module, "EXACT_SEGMENTS_BELOW", 0)
    estimated = search(client, q="cohesion")
    assert status_text(estimated).startswith("About ")
    assert result_titles(estimated) == result_titles(exact)
    assert len(result_titles(exact)) == 10


@pytest.mark.skipif(connection.vendor != "sqlite", reason="estimated counts are the SQLite backend's")
def test_with_few_current_pages_an_estimate_never_moves_the_edge_between_segments(
    make_page, client, past_pages, monkeypatch
):
    from search.backends import sqlite

    for n in range(7):
        make_page(f"Cohesion note {n}", "cohesion")
    for n in range(33):
        make_page(f"Past cohesion fair {n}", f"{FILLER} " * (n % 4) + "cohesion")
    sqlite.ENTRY_COUNTS["at"] = 0.0
    exact = every_result_page(client, 4)
    assert [title for page in exact for title in page][:7] == [f"Cohesion note {n}" for n in range(7)]

    monkeypatch.setattr(results_module, "EXACT_COUNTS_UP_TO", 10)
    monkeypatch.setattr(results_module, "SAMPLE_SIZE", 10)
    assert every_result_page(client, 4) == exact


@pytest.mark.skipif(connection.vendor != "sqlite", reason="estimated counts are the SQLite backend's")
def test_an_example_the_sample_misses_still_ranks_below_real_content(make_page, client, monkeypatch):
    from wagtail.search.models import IndexEntry

    from home.models import StandardPage
    from search.backends import sqlite

    monkeypatch.setattr(results_module, "example_models", lambda: [StandardPage])
    monkeypatch.setattr(
        results_module,
        "example_q",
        lambda models: Q(pk__in=StandardPage.objects.filter(title__startswith="Example")),
    )
    for n in range(40):
        make_page(f"Note {n}", f"{FILLER} cohesion")
    example = make_page("Example cohesion", "cohesion cohesion")
    sqlite.ENTRY_COUNTS["at"] = 0.0
    assert "Example cohesion" not in result_titles(search(client, q="cohesion"))

    # A sampling step that skips the example's index entry, so its segment is estimated empty.
    rowid = IndexEntry.objects.get(object_id=str(example.pk)).pk
    step = next(step for step in (2, 3, 5, 7) if rowid % step)
    monkeypatch.setattr(results_module, "EXACT_COUNTS_UP_TO", -(-41 // step))
    monkeypatch.setattr(results_module, "SAMPLE_SIZE", -(-41 // step))
    monkeypatch.setattr(results_module, "EXACT_SEGMENTS_BELOW", 0)
    html = search(client, q="cohesion")
    assert status_text(html).startswith("About ")
    assert "Example cohesion" not in result_titles(html)
