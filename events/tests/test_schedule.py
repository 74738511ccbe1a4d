"""Occurrences from a start, an end and a repeat rule, in UK wall-clock time, across clock changes."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from events import schedule
from events.factories import local
from events.schedule import Repeat, spans


def utc(*args):
    return datetime(*args, tzinfo=UTC)


def test_weekly_rule_lists_every_tuesday_until_the_last_date_inclusive():
    occurrences = spans(local(2026, 6, 2, 19), local(2026, 6, 2, 21), False, Repeat.WEEKLY, date(2026, 6, 30))
    assert [span.date for span in occurrences] == [date(2026, 6, day) for day in (2, 9, 16, 23, 30)]
    assert all(span.local_start.time() == time(19) for span in occurrences)
    assert all(span.end - span.start == timedelta(hours=2) for span in occurrences)


def test_one_off_event_has_one_occurrence_and_ignores_repeat_until():
    occurrences = spans(local(2026, 6, 2, 19), local(2026, 6, 2, 21), False, Repeat.NONE, date(2026, 9, 1))
    assert len(occurrences) == 1


def test_weekly_evening_event_keeps_local_time_across_october_clock_change():
    # The clocks go back at 2am on Sunday 25 October 2026.
    occurrences = spans(
        local(2026, 10, 20, 19), local(2026, 10, 20, 21), False, Repeat.WEEKLY, date(2026, 11, 3)
    )
    before, after, later = occurrences
    assert before.start == utc(2026, 10, 20, 18)  # BST, UTC+1
    assert after.start == utc(2026, 10, 27, 19)  # GMT, UTC+0
    assert later.start == utc(2026, 11, 3, 19)
    assert {span.local_start.time() for span in occurrences} == {time(19)}
    assert {span.local_end.time() for span in occurrences} == {time(21)}


def test_weekly_evening_event_keeps_local_time_across_march_clock_change():
    # The clocks go forward at 1am on Sunday 29 March 2026.
    occurrences = spans(
        local(2026, 3, 24, 19), local(2026, 3, 24, 21), False, Repeat.WEEKLY, date(2026, 3, 31)
    )
    assert [span.start for span in occurrences] == [utc(2026, 3, 24, 19), utc(2026, 3, 31, 18)]
    assert {span.local_start.time() for span in occurrences} == {time(19)}


def test_daily_event_on_the_night_the_clocks_go_back_keeps_wall_clock_times():
    # 11pm to 3am crosses the repeated hour: wall-clock 4 hours, 5 real hours that night only.
    occurrences = spans(local(2026, 10, 24, 23), local(2026, 10, 25, 3), False, Repeat.NONE, None)
    (night,) = occurrences
    assert night.local_start.time() == time(23) and night.local_end.time() == time(3)
    assert night.end - night.start == timedelta(hours=5)


def test_time_skipped_in_march_moves_forward_an_hour():
    # 1:30am on 29 March 2026 does not exist in the UK.
    moved = schedule.from_local(datetime(2026, 3, 29, 1, 30))
    assert moved == utc(2026, 3, 29, 1, 30)
    assert schedule.to_local(moved) == datetime(2026, 3, 29, 2, 30)


def test_time_repeated_in_october_means_the_first_summer_time_one():
    assert schedule.from_local(datetime(2026, 10, 25, 1, 30)) == utc(2026, 10, 25, 0, 30)


def test_all_day_events_run_midnight_to_midnight_local_even_on_clock_change_days():
    march = spans(local(2026, 3, 29), local(2026, 3, 29), True, Repeat.NONE, None)[0]
    october = spans(local(2026, 10, 25), local(2026, 10, 25), True, Repeat.NONE, None)[0]
    assert march.end - march.start == timedelta(hours=23)
    assert october.end - october.start == timedelta(hours=25)
    assert (march.local_start.time(), march.local_end.time()) == (time(0), time(0))
    assert march.last_date == march.date == date(2026, 3, 29)
    assert march.when == "Sunday 29 March 2026, all day"


def test_multi_day_all_day_event_spans_its_days():
    (festival,) = spans(local(2026, 7, 4), local(2026, 7, 5), True, Repeat.NONE, None)
    assert festival.last_date == date(2026, 7, 5)
    assert festival.when == "Saturday 4 July to Sunday 5 July 2026"
    assert festival.times == festival.when


def test_fortnightly_rule_skips_alternate_weeks():
    occurrences = spans(
        local(2026, 1, 9, 18), local(2026, 1, 9, 19), False, Repeat.FORTNIGHTLY, date(2026, 2, 20)
    )
    assert [span.date.day for span in occurrences] == [9, 23, 6, 20]


def test_monthly_weekday_rule_keeps_the_second_tuesday():
    occurrences = spans(
        local(2026, 1, 13, 19), local(2026, 1, 13, 20), False, Repeat.MONTHLY_WEEKDAY, date(2026, 4, 30)
    )
    assert [span.date for span in occurrences] == [
        date(2026, 1, 13),
        date(2026, 2, 10),
        date(2026, 3, 10),
        date(2026, 4, 14),
    ]


def test_monthly_weekday_rule_from_a_fifth_weekday_means_the_last_one():
    # 29 September 2026 is the fifth (and last) Tuesday; October's last Tuesday is the 27th.
    occurrences = spans(
        local(2026, 9, 29, 19), local(2026, 9, 29, 20), False, Repeat.MONTHLY_WEEKDAY, date(2026, 10, 31)
    )
    assert [span.date for span in occurrences] == [date(2026, 9, 29), date(2026, 10, 27)]


def test_monthly_date_rule_skips_months_without_that_date():
    occurrences = spans(
        local(2026, 1, 31, 10), local(2026, 1, 31, 11), False, Repeat.MONTHLY_DATE, date(2026, 5, 31)
    )
    assert [span.date for span in occurrences] == [date(2026, 1, 31), date(2026, 3, 31), date(2026, 5, 31)]


def test_repeat_rule_is_capped():
    occurrences = spans(local(2026, 1, 1, 10), local(2026, 1, 1, 11), False, Repeat.DAILY, date(2030, 1, 1))
    assert len(occurrences) == schedule.MAX_OCCURRENCES


@pytest.mark.parametrize(
    ("repeat", "start", "expected"),
    [
        (Repeat.WEEKLY, local(2026, 6, 2, 19), "Every Tuesday until Tuesday 30 June 2026"),
        (Repeat.FORTNIGHTLY, local(2026, 6, 2, 19), "Every other Tuesday until Tuesday 30 June 2026"),
        (
            Repeat.MONTHLY_WEEKDAY,
            local(2026, 6, 9, 19),
            "On the second Tuesday of every month until Tuesday 30 June 2026",
        ),
        (Repeat.MONTHLY_DATE, local(2026, 6, 14, 19), "On day 14 of every month until Tuesday 30 June 2026"),
        (Repeat.DAILY, local(2026, 6, 2, 19), "Every day until Tuesday 30 June 2026"),
    ],
)
def test_repeat_rule_is_described_in_plain_english(repeat, start, expected):
    assert schedule.describe_rule(repeat, schedule.to_local(start), date(2026, 6, 30)) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ((2026, 6, 2, 19), (2026, 6, 2, 21, 30), "Tuesday 2 June 2026, 7pm to 9:30pm"),
        ((2026, 6, 2, 10), (2026, 6, 2, 12), "Tuesday 2 June 2026, 10am to midday"),
        ((2026, 6, 6, 10), (2026, 6, 7, 16), "Saturday 6 June 2026, 10am to Sunday 7 June 2026, 4pm"),
        ((2026, 6, 6, 20), (2026, 6, 7, 0), "Saturday 6 June 2026, 8pm to midnight"),
    ],
)
def test_times_are_written_in_govuk_style(start, end, expected):
    (span,) = spans(local(*start), local(*end), False, Repeat.NONE, None)
    assert span.when == expected


def test_rrule_for_calendars_uses_utc_until_and_the_same_rule():
    parts = schedule.rule_parts(
        Repeat.MONTHLY_WEEKDAY, datetime(2026, 6, 9, 19), date(2026, 12, 31), all_day=False, utc_until=True
    )
    assert schedule.rrule_text(parts) == "FREQ=MONTHLY;UNTIL=20261231T235959Z;BYDAY=+2TU"


@pytest.mark.parametrize(
    ("start", "end", "all_day", "repeat"),
    [
        # Nightly, 12:30am to 3:30am by the clock: 4 hours on 25 October 2026, when the clocks go back.
        (local(2026, 10, 20, 0, 30), local(2026, 10, 20, 3, 30), False, Repeat.DAILY),
        (local(2026, 3, 1, 23), local(2026, 3, 2, 1), False, Repeat.WEEKLY),  # past midnight, into BST
        (local(2026, 10, 20), local(2026, 10, 21), True, Repeat.MONTHLY_WEEKDAY),  # two whole days
    ],
)
def test_the_span_starting_at_any_date_is_the_one_the_series_gives(start, end, all_day, repeat):
    series = spans(start, end, all_day, repeat, date(2027, 2, 1))
    assert len(series) > 3
    for span in series:
        assert schedule.span_starting(span.start, start, end, all_day) == span
