"""Every rule of the public event form gives a clear GOV.UK-style message, and valid answers
become the right submission values (times in Europe/London)."""

from datetime import UTC, datetime, timedelta

import pytest

from events import schedule
from events.forms import EventSubmissionForm
from events.schedule import Repeat

from .support import date_fields, future_date, image_bytes, upload, valid_data

pytestmark = pytest.mark.django_db


def errors_for(data, files=None):
    form = EventSubmissionForm(data, files or {})
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_valid_answers_become_submission_values(area, category):
    form = EventSubmissionForm(valid_data(area, category))
    assert form.is_valid(), form.errors
    values = form.submission_values()
    day = future_date()
    assert schedule.to_local(values["start"]) == datetime(day.year, day.month, day.day, 12, 0)
    assert values["end"] - values["start"] == timedelta(hours=2)
    assert values["all_day"] is False and values["repeat"] == Repeat.NONE
    assert values["venue_postcode"] == "DE4 3AG"
    assert values["in_person"] and not values["online"]
    assert values["area"] == area and values["category"] == category
    assert values["step_free_access"] and values["hearing_loop"] and not values["women_only"]
    assert values["is_free"] and values["price"] == ""


def test_a_time_on_the_day_the_clocks_go_forward_is_stored_as_summer_time(area, category, monkeypatch):
    monkeypatch.setattr(schedule, "local_today", lambda now=None: datetime(2030, 3, 1).date())
    monkeypatch.setattr("events.forms.timezone.now", lambda: datetime(2030, 3, 1, tzinfo=UTC))
    # 31 March 2030 is the last Sunday in March: 7pm there is 6pm UTC.
    data = valid_data(
        area, category, start_time="7pm", end_time="9pm", **date_fields("start_date", datetime(2030, 3, 31))
    )
    form = EventSubmissionForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start"] == datetime(2030, 3, 31, 18, 0, tzinfo=UTC)


def test_an_all_day_event_runs_from_midnight_on_its_first_day_to_its_last_day(area, category):
    first, last = future_date(10), future_date(12)
    data = valid_data(
        area, category, all_day="on", start_time="", end_time="", **date_fields("end_date", last)
    )
    data.update(date_fields("start_date", first))
    form = EventSubmissionForm(data)
    assert form.is_valid(), form.errors
    values = form.submission_values()
    assert values["all_day"]
    assert schedule.to_local(values["start"]).date() == first
    assert schedule.to_local(values["end"]).date() == last


def test_a_repeating_event_keeps_its_rule_and_last_date(area, category):
    until = future_date(60)
    data = valid_data(
        area, category, repeats="on", repeat=Repeat.WEEKLY, **date_fields("repeat_until", until)
    )
    form = EventSubmissionForm(data)
    assert form.is_valid(), form.errors
    assert form.cleaned_data["repeat"] == Repeat.WEEKLY
    assert form.cleaned_data["repeat_until"] == until


@pytest.mark.parametrize(
    "missing, field, message",
    [
        ("organiser_name", "organiser_name", "Enter the name of your group or organisation"),
        ("contact_name", "contact_name", "Enter your full name"),
        ("contact_email", "contact_email", "Enter your email address"),
        ("title", "title", "Enter the event title"),
        ("summary", "summary", "Enter a summary of the event"),
        ("where", "where", "Select if the event is in person, online or both"),
        ("consent", "consent", "Confirm you have read the privacy notice"),
        ("start_time", "start_time", "Enter the start time, or select that it lasts all day"),
        ("end_time", "end_time", "Enter the end time, or select that it lasts all day"),
        ("venue_name", "venue_name", "Enter the venue name"),
        ("venue_postcode", "venue_postcode", "Enter the venue's postcode"),
        ("area", "area", "Select the area the venue is in"),
        ("category", "category", "Select what kind of event it is"),
    ],
)
def test_each_required_answer_has_its_own_message(area, category, missing, field, message):
    data = valid_data(area, category)
    data.pop(missing)
    assert errors_for(data)[field] == [message]


def test_a_missing_start_date_asks_for_it(area, category):
    data = valid_data(area, category, **date_fields("start_date", None))
    assert errors_for(data)["start_date"] == ["Enter the start date"]


@pytest.mark.parametrize(
    "parts, message",
    [
        (("", "6", "2031"), "The start date must include a day"),
        (("12", "", ""), "The start date must include a month and year"),
        (("31", "2", "2031"), "The start date must be a real date"),
        (("12", "13", "2031"), "The start date must be a real date"),
        (("1st", "6", "2031"), "The start date must be a real date"),
        (("12", "6", "31"), "Year must include 4 numbers"),
    ],
)
def test_a_date_that_is_not_real_says_what_is_wrong(area, category, parts, message):
    day, month, year = parts
    data = valid_data(area, category, start_date_day=day, start_date_month=month, start_date_year=year)
    assert errors_for(data)["start_date"] == [message]


def test_a_date_error_marks_only_the_faulty_part(area, category):
    form = EventSubmissionForm(valid_data(area, category, start_date_month=""))
    form.is_valid()
    parts = {part["part"]: part["error"] for part in form["start_date"].parts}
    assert parts == {"day": False, "month": True, "year": False}
    assert ("start_date_month", "The start date must include a month") in form.error_list


def test_every_error_shows_at_once_a_bad_date_does_not_hide_a_bad_time(area, category):
    data = valid_data(
        area, category, start_date_day="31", start_date_month="2", start_time="7pm", end_time="6pm"
    )
    errors = errors_for(data)
    assert errors["start_date"] == ["The start date must be a real date"]
    assert errors["end_time"] == ["The end time must be after the start time"]


def test_a_start_date_in_the_past_is_refused(area, category):
    data = valid_data(area, category, **date_fields("start_date", schedule.local_today() - timedelta(days=1)))
    assert errors_for(data)["start_date"] == ["The start date must be today or in the future"]


def test_a_start_time_earlier_today_is_refused(area, category, monkeypatch):
    today = schedule.local_today()
    monkeypatch.setattr(
        "events.forms.timezone.now",
        lambda: schedule.from_local(datetime.combine(today, datetime.min.time())) + timedelta(hours=13),
    )
    data = valid_data(area, category, start_time="12pm", end_time="2pm", **date_fields("start_date", today))
    assert errors_for(data)["start_time"] == ["The start time must be in the future"]


def test_an_end_time_before_the_start_time_is_refused(area, category):
    data = valid_data(area, category, start_time="7pm", end_time="6:30pm")
    assert errors_for(data)["end_time"] == ["The end time must be after the start time"]


def test_an_end_date_before_the_start_date_is_refused(area, category):
    data = valid_data(area, category, **date_fields("end_date", future_date(13)))
    assert errors_for(data)["end_date"] == ["The end date must be the same as or after the start date"]


@pytest.mark.parametrize("value", ["25:00", "7xm", "13pm", "12:75", "noonish"])
def test_a_time_that_is_not_real_is_refused(area, category, value):
    data = valid_data(area, category, start_time=value)
    assert errors_for(data)["start_time"] == ["The start time must be a real time, like 7pm or 19:30"]


@pytest.mark.parametrize(
    "value, expected", [("7pm", (19, 0)), ("7:30 PM", (19, 30)), ("09.15", (9, 15)), ("midday", (12, 0))]
)
def test_times_are_understood_as_people_write_them(area, category, value, expected):
    form = EventSubmissionForm(valid_data(area, category, start_time=value, end_time="11pm"))
    assert form.is_valid(), form.errors
    assert schedule.to_local(form.cleaned_data["start"]).time().hour == expected[0]
    assert schedule.to_local(form.cleaned_data["start"]).time().minute == expected[1]


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("contact_email", "sam@", "Enter an email address in the correct format, like name@example.com"),
        (
            "contact_email",
            "sam example.org",
            "Enter an email address in the correct format, like name@example.com",
        ),
        (
            "booking_url",
            "javascript:alert(1)",
            "Enter the booking link in the correct format, like https://www.eventbrite.co.uk/e/123",
        ),
        (
            "organiser_url",
            "ftp://example.org/file",
            "Enter your group's website in the correct format, like https://www.example.org.uk",
        ),
        (
            "organiser_url",
            "not a web address",
            "Enter your group's website in the correct format, like https://www.example.org.uk",
        ),
        ("venue_postcode", "DE99", "Enter a real UK postcode, like DE4 3AG"),
        ("venue_postcode", "12345", "Enter a real UK postcode, like DE4 3AG"),
        ("contact_phone", "call me", "Enter a phone number, like 01629 533190 or +44 7700 900 982"),
        ("contact_phone", "123", "Enter a phone number, like 01629 533190 or +44 7700 900 982"),
    ],
)
def test_a_bad_address_email_postcode_or_phone_is_refused(area, category, field, value, message):
    assert errors_for(valid_data(area, category, **{field: value}))[field] == [message]


@pytest.mark.parametrize(
    "field, limit, message",
    [
        ("title", 120, "The event title must be 120 characters or fewer"),
        ("summary", 300, "A summary of the event must be 300 characters or fewer"),
        ("description", 5000, "A description must be 5000 characters or fewer"),
        ("access_notes", 1000, "Access notes must be 1000 characters or fewer"),
    ],
)
def test_over_long_text_is_refused(area, category, field, limit, message):
    assert field not in errors_for(valid_data(area, category, **{field: "a" * limit}))
    assert errors_for(valid_data(area, category, **{field: "a" * (limit + 1)}))[field] == [message]


def test_a_line_break_in_a_one_line_answer_is_refused(area, category):
    errors = errors_for(valid_data(area, category, title="Lunch\r\nBcc: victim@example.org"))
    assert errors["title"] == ["The event title must be on one line"]


def test_markup_is_kept_as_typed_to_be_escaped_when_shown(area, category):
    form = EventSubmissionForm(
        valid_data(area, category, title="Fish & chips <3", summary="<b>Free</b> food")
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["title"] == "Fish & chips <3"
    assert form.cleaned_data["summary"] == "<b>Free</b> food"


def test_repeat_rules_are_checked(area, category):
    data = valid_data(area, category, repeats="on", **date_fields("repeat_until", None))
    errors = errors_for(data)
    assert errors["repeat"] == ["Select how often the event repeats"]
    assert errors["repeat_until"] == ["Enter the last date it repeats on"]
    data = valid_data(
        area, category, repeats="on", repeat=Repeat.WEEKLY, **date_fields("repeat_until", future_date(13))
    )
    assert errors_for(data)["repeat_until"] == ["The last date it repeats on must be after the start date"]
    data = valid_data(
        area, category, repeats="on", repeat=Repeat.WEEKLY, **date_fields("repeat_until", future_date(800))
    )
    assert errors_for(data)["repeat_until"] == ["An event can repeat for at most 2 years"]
    data = valid_data(
        area, category, repeats="on", repeat=Repeat.WEEKLY,
        **date_fields("repeat_until", future_date(60)), **date_fields("end_date", future_date(15)),
    )  # fmt: skip
    assert errors_for(data)["end_date"] == [
        "A repeating event must end on the day it starts. Leave the end date empty"
    ]


def test_an_online_event_needs_its_link(area, category):
    errors = errors_for(valid_data(area, category, where=["online"]))
    assert errors["online_url"] == ["Enter the link to join online"]


def test_an_event_with_a_cost_is_not_free(area, category):
    form = EventSubmissionForm(valid_data(area, category, price="£3, children free"))
    assert form.is_valid(), form.errors
    assert form.submission_values()["is_free"] is False
    assert form.submission_values()["price"] == "£3, children free"


def test_answers_in_a_closed_reveal_are_ignored_with_their_errors(area, category):
    """Venue details typed, then 'in person' unticked: they are neither stored nor complained about."""
    data = valid_data(
        area, category, where=["online"], online_url="https://zoom.us/j/1", venue_postcode="NOT A POSTCODE",
        repeat="fortnightly", repeat_until_day="99", all_day="on", start_time="25:99",
    )  # fmt: skip
    form = EventSubmissionForm(data)
    assert form.is_valid(), form.errors
    values = form.submission_values()
    assert values["venue_name"] == values["venue_postcode"] == "" and values["area"] is None
    assert values["repeat"] == Repeat.NONE and values["repeat_until"] is None and values["all_day"]


def test_an_image_needs_a_description(area, category):
    errors = errors_for(valid_data(area, category), {"image": upload()})
    assert errors["image_alt"] == ["Describe the image for people who cannot see it"]


def test_the_error_summary_lists_fields_in_page_order_and_links_to_them(area, category):
    data = valid_data(area, category, title="", contact_email="bad", **date_fields("start_date", None))
    data.pop("where")
    form = EventSubmissionForm(data)
    form.is_valid()
    assert form.error_list == [
        ("contact_email", "Enter an email address in the correct format, like name@example.com"),
        ("title", "Enter the event title"),
        ("start_date_day", "Enter the start date"),
        ("where_0", "Select if the event is in person, online or both"),
    ]


def test_identical_answers_have_the_same_content_hash_however_they_are_spaced(area, category):
    first = EventSubmissionForm(valid_data(area, category))
    second = EventSubmissionForm(valid_data(area, category, title="  community   LUNCH "))
    different = EventSubmissionForm(valid_data(area, category, title="Community supper"))
    assert first.is_valid() and second.is_valid() and different.is_valid()
    assert first.content_hash() == second.content_hash() != different.content_hash()


def test_a_real_image_is_accepted_with_its_description(area, category):
    form = EventSubmissionForm(
        valid_data(area, category, image_alt="A bowl of soup"), {"image": upload(content=image_bytes())}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["image"].name.endswith(".jpg")
