"""The event page (and a single date of it), an ended event and the "Add your calendar" page in the
visitor's language: headings, labels and links from the .po files, dates with Django's own names."""

from datetime import timedelta

import pytest

from events.factories import AddCalendarPageFactory, EventPageFactory, days_from_now
from events.schedule import Repeat

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_polish_event_page_has_polish_headings_labels_and_links(client, index, erewash):
    start = days_from_now(5)
    event = EventPageFactory(
        parent=index,
        title="Community lunch",
        start=start,
        end=start + timedelta(hours=2),
        area=erewash,
        organiser_name="Matlock Neighbours",
        repeat=Repeat.WEEKLY,
        repeat_until=(start + timedelta(days=21)).date(),
    )
    content = get(client, f"/pl{event.url}")
    for polish in (
        '<dt class="govuk-summary-list__key">Kiedy</dt>',
        '<dt class="govuk-summary-list__key">Organizator</dt>',
        '<dt class="govuk-summary-list__key">Obszar</dt>',
        "Dodaj do kalendarza",
        "Pobierz wszystkie terminy jako plik kalendarza (.ics)",
        'id="dates-heading">Daty</h2>',
        "Zobacz wszystkie wydarzenia",
    ):
        assert polish in content, polish
    for english in ("Add to your calendar", "Organiser", "See all events", "Download all dates"):
        assert english not in content, english

    # One date of it: the date's own wording, and the way back to all dates.
    occurrence = get(client, f"/pl{event.url}{start.date():%Y-%m-%d}/")
    assert "Pobierz ten termin jako plik kalendarza (.ics)" in occurrence
    assert "Zobacz wszystkie terminy" in occurrence


def test_the_add_your_calendar_page_is_in_the_visitors_language(client, index):
    page = AddCalendarPageFactory(parent=index)
    content = get(client, f"/ur{page.url}")
    assert "آپ کے رابطے کی تفصیلات" in content
    assert "ہم کسی بھی کیلنڈر سے کچھ درآمد کرنے سے پہلے اس کی جانچ کرتے ہیں۔" in content
    assert "We check every calendar" not in content and "Your contact details" not in content
    assert ">بھیجیں</button>" in content


def test_dates_and_times_use_the_languages_own_names_and_clock():
    from datetime import datetime

    from django.utils import translation

    from events.schedule import describe_span

    start, end = datetime(2026, 12, 7, 19, 0), datetime(2026, 12, 7, 21, 30)
    assert describe_span(start, end, False) == "Monday 7 December 2026, 7pm to 9:30pm"
    with translation.override("pl"):
        assert describe_span(start, end, False) == "Poniedziałek 7 grudnia 2026, 19:00–21:30"
        assert describe_span(datetime(2026, 12, 7), datetime(2026, 12, 8), True) == (
            "Poniedziałek 7 grudnia 2026, cały dzień"
        )
    with translation.override("ur"):
        assert describe_span(start, end, False).endswith("7 شام سے 9:30 شام تک")


@pytest.mark.parametrize(
    ("code", "repeat", "day", "expected"),
    [
        # Polish and Slovak decline the day and agree the words with it (a Wednesday is feminine).
        ("pl", Repeat.WEEKLY, 1, "W każdy wtorek, ostatni termin: Środa 30 grudnia 2026"),
        ("pl", Repeat.WEEKLY, 2, "W każdą środę, ostatni termin: Środa 30 grudnia 2026"),
        (
            "pl",
            Repeat.MONTHLY_WEEKDAY,
            9,
            "W drugą środę każdego miesiąca, ostatni termin: Środa 30 grudnia 2026",
        ),
        ("sk", Repeat.FORTNIGHTLY, 6, "Každú druhú nedeľu, naposledy: "),
        ("ro", Repeat.MONTHLY_DATE, 14, "În ziua 14 a fiecărei luni până la "),
        ("ur", Repeat.WEEKLY, 1, " تک ہر منگل"),
    ],
)
def test_how_an_event_repeats_is_a_whole_sentence_in_the_visitors_language(code, repeat, day, expected):
    from datetime import date, datetime

    from django.utils import translation

    from events.schedule import describe_rule

    # December 2026 starts on a Tuesday: day 1 is a Tuesday, 2 and 9 Wednesdays, 6 a Sunday.
    start = datetime(2026, 12, day, 19, 0)
    with translation.override(code):
        text = describe_rule(repeat, start, date(2026, 12, 30))
    assert expected in text and "until" not in text and "Every" not in text


def test_the_polish_event_page_says_how_it_repeats_in_polish(client, index, erewash):
    start = days_from_now(5)
    event = EventPageFactory(
        parent=index,
        start=start,
        end=start + timedelta(hours=2),
        area=erewash,
        repeat=Repeat.WEEKLY,
        repeat_until=(start + timedelta(days=21)).date(),
    )
    content = get(client, f"/pl{event.url}")
    assert ", ostatni termin: " in content and "W każd" in content
    assert " until " not in content
