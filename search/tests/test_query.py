"""From typed text to a search: cleaning, phrases, stop words, synonyms and highlighting."""

import pytest

from wagtail.search.query import And, Or, Phrase, PlainText

from search.models import SynonymGroup
from search.query import (
    MAX_QUERY_LENGTH,
    MAX_WORDS,
    Part,
    SearchQuery,
    clean_query,
    parse,
    summarise,
    word_forms,
)

GROUPS = [(("hate", "crime"), ("hate", "incident")), (("refugee",), ("asylum", "seeker"))]


def test_cleaning_removes_control_characters_and_bounds_the_length():
    assert clean_query("  hate\x00 crime\n\t ") == "hate crime"
    assert len(clean_query("a" * 5000)) == MAX_QUERY_LENGTH


def test_quoted_words_stay_together_and_the_rest_stand_alone():
    assert parse('report "hate crime" now') == [
        Part(("report",)),
        Part(("hate", "crime"), quoted=True),
        Part(("now",)),
    ]


def test_stop_words_are_dropped_unless_nothing_else_is_left():
    assert parse("how to report a hate crime") == [Part(("report",)), Part(("hate",)), Part(("crime",))]
    assert parse("the who") == [Part(("the",)), Part(("who",))]


def test_only_the_first_words_of_a_very_long_query_are_used():
    assert len(parse(" ".join(f"w{n}" for n in range(500)))) == MAX_WORDS


def test_punctuation_and_operators_become_nothing_or_plain_words():
    assert parse("title:(hate) -crime* ^2") == [
        Part(("title",)),
        Part(("hate",)),
        Part(("crime",)),
        Part(("2",)),
    ]


def test_a_synonym_adds_an_alternative_search():
    query = SearchQuery.from_text("report hate crime", GROUPS).wagtail_query()
    assert isinstance(query, Or)
    first, second = query.subqueries
    assert isinstance(first, And)
    assert [sub.query_string.split()[0] for sub in first.subqueries] == ["report", "hate", "crime"]
    assert isinstance(second, And)
    assert [type(sub) for sub in second.subqueries] == [PlainText, Phrase]
    assert second.subqueries[1].query_string == "hate incident"


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("events", ["events", "event"]),
        ("communities", ["communities", "community"]),
        ("community", ["community", "communities"]),
        ("volunteering", ["volunteering", "volunteer"]),
        ("sharing", ["sharing", "share"]),
        ("running", ["running", "run"]),
        ("churches", ["churches", "church"]),
        ("bus", ["bus"]),
        ("2016", ["2016"]),
    ],
)
def test_each_word_also_searches_its_common_english_forms(word, forms):
    assert word_forms(word) == forms


def test_a_word_matches_any_of_its_forms_and_every_word_must_match():
    query = SearchQuery.from_text("events young", GROUPS).wagtail_query()
    assert isinstance(query, And)
    assert [(sub.query_string, sub.operator) for sub in query.subqueries] == [
        ("events event", "or"),
        ("young youngs", "or"),
    ]


def test_the_relaxed_search_wants_any_word_but_no_stop_word():
    query = SearchQuery.from_text("volunteering near me", GROUPS).relaxed_query()
    assert query.operator == "or"
    assert query.query_string.split() == ["volunteering", "volunteer", "near", "nears"]


def test_a_single_word_synonym_matches_a_phrase_and_back():
    assert SearchQuery.from_text("refugee", GROUPS).synonyms_used == ["asylum seeker"]
    assert SearchQuery.from_text('"asylum seeker"', GROUPS).synonyms_used == ["refugee"]
    assert SearchQuery.from_text("asylum seeker", GROUPS).synonyms_used == ["refugee"]


def test_no_synonym_means_one_plain_search():
    query = SearchQuery.from_text("allotments", GROUPS).wagtail_query()
    assert isinstance(query, PlainText)


@pytest.mark.django_db
def test_the_seeded_synonyms_are_there_for_editors():
    groups = {str(group) for group in SynonymGroup.objects.all()}
    assert {"hate crime, hate incident", "volunteer, volunteering", "refugee, asylum seeker"} <= groups


@pytest.mark.django_db
def test_a_synonym_group_needs_two_different_terms():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        SynonymGroup(terms="refugee, Refugee").full_clean()
    SynonymGroup(terms="refugee\nasylum seeker").full_clean()


def test_the_summary_shows_the_words_around_the_first_mention_highlighted():
    pattern = SearchQuery.from_text("volunteer", []).highlight_pattern
    text = " ".join(f"w{n}" for n in range(100)) + " Volunteering is welcome here. " + "tail " * 50
    summary = summarise(["", text], pattern)
    assert "<mark>Volunteering</mark> is welcome here." in summary
    assert summary.startswith("…") and summary.endswith("…")


def test_the_summary_prefers_the_description_when_it_mentions_the_words():
    pattern = SearchQuery.from_text("cohesion", []).highlight_pattern
    summary = summarise(["About cohesion in Derby.", "Body text about cohesion."], pattern)
    assert summary == "About <mark>cohesion</mark> in Derby."


def test_the_summary_falls_back_to_the_start_of_the_text():
    pattern = SearchQuery.from_text("orchard", []).highlight_pattern
    assert summarise(["", "Nothing about it & more."], pattern) == "Nothing about it &amp; more."
