"""The one parser for numbers and dates from requests: ASCII digits only, years in range, and the
GOV.UK message for each way a date can be wrong."""

from datetime import date

import pytest

from django.core.exceptions import ValidationError

from home.forms import MAX_YEAR, MIN_YEAR, parse_date, parse_whole_number


@pytest.mark.parametrize("text, number", [("7", 7), (" 12 ", 12), ("0042", 42), ("999999999", 999999999)])
def test_ascii_digits_are_a_whole_number(text, number):
    assert parse_whole_number(text) == number


@pytest.mark.parametrize(
    "text", ["", None, "²", "1²", "٣", "１２", "-1", "+1", "1.5", "1e3", "1 2", "1_000", "9999999999"]
)
def test_anything_but_plain_ascii_digits_is_not_a_number(text):
    assert parse_whole_number(text) is None


def test_a_number_outside_its_range_is_refused():
    assert parse_whole_number("5", low=1, high=5) == 5
    assert parse_whole_number("6", low=1, high=5) is None
    assert parse_whole_number("0", low=1) is None


def message_and_parts(day, month, year):
    with pytest.raises(ValidationError) as caught:
        parse_date(day, month, year, noun="the start date")
    return caught.value.messages[0], caught.value.params["parts"]


@pytest.mark.parametrize(
    "parts, message, faulty",
    [
        (("", "6", "2031"), "The start date must include a day", ("day",)),
        (("1", "", ""), "The start date must include a month and year", ("month", "year")),
        (("²", "6", "2031"), "The start date must be a real date", ("day",)),
        (("1", "6", "203²"), "The start date must be a real date", ("year",)),
        (("1", "٦", "2031"), "The start date must be a real date", ("month",)),
        (("1", "6", "31"), "Year must include 4 numbers", ("year",)),
        (("1", "13", "2031"), "The start date must be a real date", ("month",)),
        (("30", "2", "2031"), "The start date must be a real date", ("day",)),
        (("31", "12", "9999"), f"The start date must be between {MIN_YEAR} and {MAX_YEAR}", ("year",)),
        (("1", "1", "0001"), f"The start date must be between {MIN_YEAR} and {MAX_YEAR}", ("year",)),
    ],
)
def test_each_wrong_date_gets_its_govuk_message_and_marks_its_boxes(parts, message, faulty):
    assert message_and_parts(*parts) == (message, faulty)


def test_a_real_date_and_an_empty_one():
    assert parse_date(" 3 ", "06", "2031", noun="the date") == date(2031, 6, 3)
    assert parse_date("", "", "", noun="the date") is None
    assert parse_date("31", "12", str(MAX_YEAR), noun="the date") == date(MAX_YEAR, 12, 31)
