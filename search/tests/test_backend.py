"""The search backend behind `.search()`: ranking, slices, counts and facets, on either database."""

import pytest

from django.db import connection

from wagtail.models import Page
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Or, Phrase, PlainText

from home.models import StandardPage

pytestmark = pytest.mark.django_db

FILLER = " ".join(f"filler{n}" for n in range(40))
sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the ranked backend is SQLite's; PostgreSQL uses modelsearch's own"
)


@pytest.fixture
def corpus(make_page):
    """Five pages with 'garden' in the title, ten that mention it in the text only, three without it."""
    for n in range(5):
        make_page(f"Garden project {n}", f"{FILLER} " * (n + 1))
    for n in range(10):
        make_page(f"Newsletter {n}", f"{FILLER} garden " + "garden " * n)
    for n in range(3):
        make_page(f"Other {n}", FILLER)


def titles(results):
    return [page.title for page in results]


def test_every_title_match_ranks_above_every_text_only_match(corpus):
    ranked = titles(Page.objects.live().search("garden"))
    assert len(ranked) == 15
    assert all(title.startswith("Garden project") for title in ranked[:5])
    assert all(title.startswith("Newsletter") for title in ranked[5:])


def test_text_only_matches_are_ordered_by_how_often_they_mention_the_word(corpus):
    ranked = titles(Page.objects.live().search("garden"))[5:]
    assert ranked[0] == "Newsletter 9" and ranked[-1] == "Newsletter 0"


def test_any_slice_agrees_with_the_full_ranking(corpus):
    results = Page.objects.live().search("garden")
    full = titles(results)
    for start, stop in [(0, 10), (10, 20), (3, 8), (4, 6), (8, 12), (14, 30)]:
        assert titles(Page.objects.live().search("garden")[start:stop]) == full[start:stop]


def test_count_and_facet_agree_with_the_results(corpus, home):
    home.hero_text = "A garden for everyone."
    home.save_revision().publish()
    results = Page.objects.live().search("garden")
    assert results.count() == 16
    facets = results.facet("content_type_id")
    standard = StandardPage().content_type_id or StandardPage.objects.first().content_type_id
    assert facets[standard] == 15
    assert facets[home.content_type_id] == 1


def test_the_callers_filters_apply_to_results_counts_and_facets(corpus):
    Page.objects.filter(title__in=["Garden project 0", "Newsletter 9"]).update(live=False)
    results = Page.objects.live().search("garden")
    assert results.count() == 13
    assert "Newsletter 9" not in titles(results)
    assert sum(results.facet("content_type_id").values()) == 13


def test_a_specific_page_type_can_be_searched(corpus):
    results = StandardPage.objects.live().search("garden")
    assert results.count() == 15
    assert isinstance(results[0], StandardPage)


def test_every_word_must_match_and_a_phrase_must_match_in_order(make_page):
    make_page("Hate crime reporting")
    make_page("Crime prevention", "Hate speech is covered elsewhere.")
    make_page("Hate speech")
    assert sorted(titles(Page.objects.live().search(PlainText("hate crime", operator="and")))) == [
        "Crime prevention",
        "Hate crime reporting",
    ]
    assert titles(Page.objects.live().search(Phrase("hate crime"))) == ["Hate crime reporting"]


def test_alternatives_combine(make_page):
    make_page("Asylum seeker support")
    make_page("Refugee week")
    make_page("Volunteering")
    query = Or([PlainText("refugee"), And([Phrase("asylum seeker")])])
    assert sorted(titles(Page.objects.live().search(query))) == ["Asylum seeker support", "Refugee week"]


def test_unranked_and_field_searches_still_work(corpus):
    """The admin asks for these; they take modelsearch's own path."""
    unranked = Page.objects.live().search("garden", order_by_relevance=False)
    assert unranked.count() == 15
    assert len(list(unranked)) == 15
    assert len(list(Page.objects.live().search("garden", fields=["title"]))) == 5


def test_autocomplete_matches_the_start_of_title_words(make_page):
    make_page("Community cohesion")
    make_page("Communications team")
    make_page("Cohesion")
    assert sorted(titles(Page.objects.live().autocomplete("comm"))) == [
        "Communications team",
        "Community cohesion",
    ]
    assert titles(Page.objects.live().autocomplete("community coh")) == ["Community cohesion"]


@sqlite_only
def test_the_ranked_backend_is_in_use_on_sqlite():
    from search.backends.sqlite import RankedSQLiteSearchBackend

    assert isinstance(get_search_backend(), RankedSQLiteSearchBackend)


@sqlite_only
def test_bm25_weights_follow_the_fts_tables_own_column_order(monkeypatch):
    from django.core.exceptions import ImproperlyConfigured

    from search.backends import sqlite

    weights = {"autocomplete": 0.0, "body": 1.0, "title": 10.0}
    table_order = sqlite.fts_columns(connection)
    assert set(table_order) == set(weights)
    expected = ", ".join(str(weights[column]) for column in table_order)
    assert sqlite.bm25(connection, weights) == f"bm25({sqlite.FTS_TABLE}, {expected})"
    # Were the table built in another order, the weights would move with their columns.
    monkeypatch.setitem(sqlite.FTS_COLUMNS, connection.alias, ("title", "autocomplete", "body"))
    assert sqlite.bm25(connection, weights) == f"bm25({sqlite.FTS_TABLE}, 10.0, 0.0, 1.0)"
    monkeypatch.setitem(sqlite.FTS_COLUMNS, connection.alias, ("title", "body", "summary"))
    with pytest.raises(ImproperlyConfigured):
        sqlite.bm25(connection, weights)


@sqlite_only
@pytest.mark.parametrize(
    "text, expected",
    [
        ('say "hello"', '("say" AND """hello""")'),
        ("NEAR(a b) OR c*", '("NEAR(a" AND "b)" AND "OR" AND "c*")'),
        ("*** ---", None),
    ],
)
def test_query_text_is_quoted_so_fts5_never_reads_it_as_syntax(text, expected):
    from search.backends.sqlite import fts_expression

    assert fts_expression(PlainText(text, operator="and")) == expected


@sqlite_only
def test_ranked_results_match_modelsearchs_own_on_the_same_pages(corpus):
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    stock = SQLiteSearchBackend({})
    ours = Page.objects.live().search("garden")
    theirs = stock.search("garden", Page.objects.live())
    assert set(titles(ours)) == set(titles(theirs))
    assert ours.count() == theirs.count()


@sqlite_only
def test_a_very_common_word_gets_estimated_counts_close_to_the_real_ones(make_page, home):
    from search.backends import sqlite

    for n in range(60):
        make_page(f"Note {n}", "garden")
    home.hero_text = "garden"
    home.save_revision().publish()
    sqlite.ENTRY_COUNTS["at"] = 0.0  # recount entries per type now, not in five minutes
    results = Page.objects.live().search("garden")
    exact, estimated_values = results.estimated_facet("content_type_id", exact_up_to=1000)
    assert estimated_values == set()
    assert exact == results.facet("content_type_id")

    estimate, estimated_values = results.estimated_facet("content_type_id", exact_up_to=12)
    standard = StandardPage.objects.first().content_type_id
    assert estimated_values == {standard}
    assert 40 <= estimate[standard] <= 80
    assert estimate[home.content_type_id] == 1, "a type with few pages is still counted exactly"


@sqlite_only
def test_segments_split_each_types_count_in_the_same_pass(make_page, home):
    from django.db.models import Q

    from search.backends import sqlite

    pages = [make_page(f"Note {n}", "garden") for n in range(60)]
    home.hero_text = "garden"
    home.save_revision().publish()
    sqlite.ENTRY_COUNTS["at"] = 0.0
    first, second = Q(pk__in=[page.pk for page in pages[:20]]), Q(pk__in=[page.pk for page in pages[10:30]])
    segments = {"first": (first, [StandardPage]), "second": (second, [StandardPage])}
    results = Page.objects.live().search("garden")
    standard = StandardPage.objects.first().content_type_id

    exact, estimated_values = results.estimated_segments("content_type_id", segments, exact_up_to=1000)
    assert estimated_values == set()
    # A page in both segments counts in the first only.
    assert exact[standard] == {"first": 20, "second": 10, None: 30}
    assert exact[home.content_type_id] == {None: 1}, "a segment holds only pages of its own types"
    assert exact[standard]["first"] == Page.objects.live().filter(first).search("garden").count()

    estimate, estimated_values = results.estimated_segments("content_type_id", segments, exact_up_to=12)
    assert estimated_values == {standard}
    assert 40 <= sum(estimate[standard].values()) <= 80
    assert 5 <= estimate[standard]["first"] <= 40
    assert estimate[home.content_type_id] == {None: 1}


@pytest.fixture
def garden_pages_and_four_notes(make_page, home):
    """100 standard pages and 4 guidance notes (under 5% of the index) that say "garden":
    the search for it, and the notes' content type."""
    from guidance.factories import GuidanceIndexPageFactory, GuidanceNotePageFactory
    from guidance.models import GuidanceNotePage
    from search.backends import sqlite

    for n in range(100):
        make_page(f"Note {n}", "garden")
    index = GuidanceIndexPageFactory(parent=home, title="Guidance")
    for n in range(4):
        GuidanceNotePageFactory(parent=index, title=f"Garden guidance {n}")
    sqlite.ENTRY_COUNTS["at"] = 0.0
    return Page.objects.live().search("garden"), GuidanceNotePage.objects.first().content_type_id


@sqlite_only
def test_a_small_type_is_counted_exactly_beside_the_sample(garden_pages_and_four_notes):
    results, note = garden_pages_and_four_notes
    # Every second match is sampled: the small type's sampled and unsampled matches add up.
    estimate, estimated_values = results.estimated_segments("content_type_id", {}, exact_up_to=60)
    assert note not in estimated_values
    assert estimate[note] == {None: 4}


@sqlite_only
def test_a_minority_type_larger_than_the_sample_is_estimated_from_its_own_sample(garden_pages_and_four_notes):
    results, note = garden_pages_and_four_notes
    # Under 5% of the index but more entries than the sample: every second note is read (its own
    # step, where the majority's step of 53 would read none or one of them) and stands for two.
    estimate, estimated_values = results.estimated_segments(
        "content_type_id", {}, exact_up_to=60, sample_size=2
    )
    assert note in estimated_values
    assert estimate[note] == {None: 4}
