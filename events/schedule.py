"""When an event happens: its occurrences from a start, an end and a simple repeat rule, in
Europe/London wall-clock time, and how to say them in plain English.

The rule is written once, as iCalendar RRULE parts: python-dateutil expands it for the site and
icalendar writes the same parts into .ics files, so the listing and calendars never disagree.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import vRecur

from django.db import models
from django.utils import dateformat, formats, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

LONDON = ZoneInfo("Europe/London")
# A repeat rule may not run on for ever: at most two years and this many dates.
MAX_OCCURRENCES = 400
MAX_REPEAT_DAYS = 731

WEEKDAY_CODES = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]

# How an event repeats, in whole sentences, one per rule and weekday (0 = Monday) and position in
# the month: each language declines the day and agrees the words around it ("w każdy wtorek", "w
# każdą środę"), which a day name dropped into one sentence cannot do.
EVERY_WEEKDAY = (
    _("Every Monday until %(date)s"),
    _("Every Tuesday until %(date)s"),
    _("Every Wednesday until %(date)s"),
    _("Every Thursday until %(date)s"),
    _("Every Friday until %(date)s"),
    _("Every Saturday until %(date)s"),
    _("Every Sunday until %(date)s"),
)
EVERY_OTHER_WEEKDAY = (
    _("Every other Monday until %(date)s"),
    _("Every other Tuesday until %(date)s"),
    _("Every other Wednesday until %(date)s"),
    _("Every other Thursday until %(date)s"),
    _("Every other Friday until %(date)s"),
    _("Every other Saturday until %(date)s"),
    _("Every other Sunday until %(date)s"),
)
MONTHLY_WEEKDAY = {
    (0, 1): _("On the first Monday of every month until %(date)s"),
    (0, 2): _("On the second Monday of every month until %(date)s"),
    (0, 3): _("On the third Monday of every month until %(date)s"),
    (0, 4): _("On the fourth Monday of every month until %(date)s"),
    (0, -1): _("On the last Monday of every month until %(date)s"),
    (1, 1): _("On the first Tuesday of every month until %(date)s"),
    (1, 2): _("On the second Tuesday of every month until %(date)s"),
    (1, 3): _("On the third Tuesday of every month until %(date)s"),
    (1, 4): _("On the fourth Tuesday of every month until %(date)s"),
    (1, -1): _("On the last Tuesday of every month until %(date)s"),
    (2, 1): _("On the first Wednesday of every month until %(date)s"),
    (2, 2): _("On the second Wednesday of every month until %(date)s"),
    (2, 3): _("On the third Wednesday of every month until %(date)s"),
    (2, 4): _("On the fourth Wednesday of every month until %(date)s"),
    (2, -1): _("On the last Wednesday of every month until %(date)s"),
    (3, 1): _("On the first Thursday of every month until %(date)s"),
    (3, 2): _("On the second Thursday of every month until %(date)s"),
    (3, 3): _("On the third Thursday of every month until %(date)s"),
    (3, 4): _("On the fourth Thursday of every month until %(date)s"),
    (3, -1): _("On the last Thursday of every month until %(date)s"),
    (4, 1): _("On the first Friday of every month until %(date)s"),
    (4, 2): _("On the second Friday of every month until %(date)s"),
    (4, 3): _("On the third Friday of every month until %(date)s"),
    (4, 4): _("On the fourth Friday of every month until %(date)s"),
    (4, -1): _("On the last Friday of every month until %(date)s"),
    (5, 1): _("On the first Saturday of every month until %(date)s"),
    (5, 2): _("On the second Saturday of every month until %(date)s"),
    (5, 3): _("On the third Saturday of every month until %(date)s"),
    (5, 4): _("On the fourth Saturday of every month until %(date)s"),
    (5, -1): _("On the last Saturday of every month until %(date)s"),
    (6, 1): _("On the first Sunday of every month until %(date)s"),
    (6, 2): _("On the second Sunday of every month until %(date)s"),
    (6, 3): _("On the third Sunday of every month until %(date)s"),
    (6, 4): _("On the fourth Sunday of every month until %(date)s"),
    (6, -1): _("On the last Sunday of every month until %(date)s"),
}


class Repeat(models.TextChoices):
    NONE = "none", _("Does not repeat")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week, on the same day")
    FORTNIGHTLY = "fortnightly", _("Every two weeks, on the same day")
    MONTHLY_DATE = "monthly_date", _("Every month, on the same date (for example the 14th)")
    MONTHLY_WEEKDAY = (
        "monthly_weekday",
        _("Every month, on the same weekday (for example the second Tuesday)"),
    )


def to_local(value):
    """An aware datetime as naive Europe/London wall-clock time."""
    return value.astimezone(LONDON).replace(tzinfo=None)


def from_local(naive):
    """Naive Europe/London wall-clock time as an aware UTC datetime.

    A time that does not exist (the hour skipped in March) moves forward an hour; a time
    that happens twice (the hour repeated in October) means the first, summer-time one."""
    return naive.replace(tzinfo=LONDON).astimezone(UTC)


def first_span(start, end, all_day):
    """The first occurrence as naive local (start, end); an all-day event runs midnight to midnight."""
    local_start, local_end = to_local(start), to_local(end)
    if all_day:
        local_start = datetime.combine(local_start.date(), time.min)
        local_end = datetime.combine(max(local_end.date(), local_start.date()) + timedelta(days=1), time.min)
    return local_start, local_end


def monthly_position(day):
    """Which weekday of the month a day of the month is: 1 to 4, or -1 for a fifth (the last)."""
    position = (day - 1) // 7 + 1
    return -1 if position == 5 else position


def rule_parts(repeat, local_start, repeat_until, *, all_day, utc_until=False):
    """The repeat rule as iCalendar RRULE parts, or None for an event that happens once.

    UNTIL is inclusive of the whole last day. In an .ics file whose DTSTART has a TZID,
    RFC 5545 wants UNTIL in UTC (utc_until); dateutil wants it naive, like its dtstart."""
    if not repeat or repeat == Repeat.NONE or repeat_until is None:
        return None
    weekday = WEEKDAY_CODES[local_start.weekday()]
    parts = {
        Repeat.DAILY: {"FREQ": "DAILY"},
        Repeat.WEEKLY: {"FREQ": "WEEKLY"},
        Repeat.FORTNIGHTLY: {"FREQ": "WEEKLY", "INTERVAL": 2},
        Repeat.MONTHLY_DATE: {"FREQ": "MONTHLY", "BYMONTHDAY": local_start.day},
        Repeat.MONTHLY_WEEKDAY: {
            "FREQ": "MONTHLY",
            "BYDAY": f"{monthly_position(local_start.day):+d}{weekday}",
        },
    }[Repeat(repeat)]
    if all_day:
        parts["UNTIL"] = repeat_until
    else:
        until = datetime.combine(repeat_until, time(23, 59, 59))
        parts["UNTIL"] = from_local(until) if utc_until else until
    return parts


def rrule_text(parts):
    return vRecur(parts).to_ical().decode()


@dataclass(frozen=True)
class Span:
    """One occurrence: aware UTC start and end (end exclusive for all-day events)."""

    start: datetime
    end: datetime
    all_day: bool = False

    @property
    def local_start(self):
        return to_local(self.start)

    @property
    def local_end(self):
        return to_local(self.end)

    @property
    def date(self):
        return self.local_start.date()

    @property
    def last_date(self):
        """The last day the occurrence runs on (an all-day end is exclusive midnight)."""
        end = self.local_end
        if self.all_day or (end.time() == time.min and end.date() > self.date):
            return end.date() - timedelta(days=1)
        return end.date()

    @property
    def when(self):
        return describe_span(self.local_start, self.local_end, self.all_day)

    @property
    def times(self):
        """The time of day, or the full span when it runs over several days."""
        if self.last_date != self.date:
            return self.when
        if self.all_day:
            return gettext("All day")
        return times_range(self.local_start.time(), self.local_end.time())


def spans(start, end, all_day, repeat, repeat_until):
    """Every occurrence of an event, soonest first, as Spans."""
    if start is None or end is None:
        return []
    local_start, local_end = first_span(start, end, all_day)
    # Wall-clock length, so a 7pm to 9pm event stays 7pm to 9pm after the clocks change.
    length = local_end - local_start
    parts = rule_parts(repeat, local_start, repeat_until, all_day=all_day)
    if parts is None:
        starts = [local_start]
    else:
        starts = islice(rrulestr(rrule_text(parts), dtstart=local_start), MAX_OCCURRENCES)
    return [Span(from_local(begin), from_local(begin + length), all_day) for begin in starts]


def span_starting(start, first_start, first_end, all_day):
    """The occurrence that starts at `start` (aware; one of the series' starts), as spans() gives
    it, without working out the series up to it: a daily event has hundreds of dates."""
    local_start, local_end = first_span(first_start, first_end, all_day)
    return Span(start, from_local(to_local(start) + (local_end - local_start)), all_day)


# ---------------------------------------------------------------------------
# Plain English, in the GOV.UK style: "Tuesday 3 June 2025, 7pm to 9:30pm".
# ---------------------------------------------------------------------------


def format_time(value):
    """GOV.UK's "7pm", "9:30am", "midday" in English; another language's own clock (Django's
    TIME_FORMAT for it: 19:30 in Polish, 7:30 م in Arabic)."""
    if not (translation.get_language() or "en").startswith("en"):
        return formats.time_format(value)
    if value == time(12, 0):
        return "midday"
    if value == time(0, 0):
        return "midnight"
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def format_date(value, year=True):
    # Day and month names from Django's translations, in the active language ("E": the month's
    # form after a day number, "30 listopada" in Polish; in English the same as "F").
    text = dateformat.format(value, "l j E")
    return f"{text} {value.year}" if year else text


def describe_span(local_start, local_end, all_day):
    first = local_start.date()
    if all_day:
        last = local_end.date() - timedelta(days=1)
        if last <= first:
            return gettext("%(date)s, all day") % {"date": format_date(first)}
        return gettext("%(first)s to %(last)s") % {
            "first": format_date(first, year=first.year != last.year),
            "last": format_date(last),
        }
    if local_end.date() == first or (
        local_end.time() == time.min and local_end.date() == first + timedelta(1)
    ):
        return gettext("%(date)s, %(times)s") % {
            "date": format_date(first),
            "times": times_range(local_start.time(), local_end.time()),
        }
    return gettext("%(first)s to %(last)s") % {
        "first": gettext("%(date)s, %(times)s")
        % {"date": format_date(first), "times": format_time(local_start.time())},
        "last": gettext("%(date)s, %(times)s")
        % {"date": format_date(local_end.date()), "times": format_time(local_end.time())},
    }


def times_range(start, end):
    return gettext("%(start)s to %(end)s") % {"start": format_time(start), "end": format_time(end)}


def describe_rule(repeat, local_start, repeat_until):
    """e.g. "Every Tuesday until Tuesday 30 June 2026", in the active language; empty for a one-off."""
    if not repeat or repeat == Repeat.NONE or repeat_until is None:
        return ""
    weekday = local_start.weekday()
    sentence = {
        Repeat.DAILY: _("Every day until %(date)s"),
        Repeat.WEEKLY: EVERY_WEEKDAY[weekday],
        Repeat.FORTNIGHTLY: EVERY_OTHER_WEEKDAY[weekday],
        Repeat.MONTHLY_DATE: _("On day %(day)s of every month until %(date)s"),
        Repeat.MONTHLY_WEEKDAY: MONTHLY_WEEKDAY[weekday, monthly_position(local_start.day)],
    }[Repeat(repeat)]
    return str(sentence) % {"day": local_start.day, "date": format_date(repeat_until)}


def day_bounds(first, last):
    """Aware UTC instants from the start of local day `first` to the end of local day `last`."""
    return (
        from_local(datetime.combine(first, time.min)),
        from_local(datetime.combine(last + timedelta(days=1), time.min)),
    )


def local_today(now=None):
    return to_local(now or datetime.now(UTC)).date()
