"""Event pages: stored occurrences, cancellations, upcoming and past by query, and validation."""

from datetime import UTC, date, timedelta

import pytest

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from events.factories import EventPageFactory, days_from_now, local
from events.models import EventCancellation, EventOccurrence, EventPage, EventSubmission
from events.schedule import Repeat

pytestmark = pytest.mark.django_db


def weekly(index, **kwargs):
    defaults = {
        "start": local(2026, 10, 6, 19),
        "end": local(2026, 10, 6, 21),
        "repeat": Repeat.WEEKLY,
        "repeat_until": date(2026, 11, 3),
    }
    return EventPageFactory(parent=index, **{**defaults, **kwargs})


def test_publishing_stores_one_occurrence_per_date_across_the_october_clock_change(index):
    event = weekly(index)
    rows = list(event.occurrences.order_by("start"))
    assert [timezone.localtime(row.start).date().day for row in rows] == [6, 13, 20, 27, 3]
    assert {timezone.localtime(row.start).hour for row in rows} == {19}
    assert [row.start.astimezone(UTC).hour for row in rows] == [18, 18, 18, 19, 19]


def test_march_clock_change_occurrences_are_stored_at_the_same_local_time(index):
    event = weekly(
        index, start=local(2026, 3, 24, 19), end=local(2026, 3, 24, 21), repeat_until=date(2026, 4, 7)
    )
    rows = list(event.occurrences.order_by("start"))
    assert [row.start.astimezone(UTC).hour for row in rows] == [19, 18, 18]
    assert {timezone.localtime(row.end).hour for row in rows} == {21}


def test_cancelling_one_date_marks_only_that_occurrence(index):
    event = weekly(index)
    event.cancelled_dates.add(EventCancellation(date=date(2026, 10, 20), reason="Hall closed"))
    event.save_revision().publish()
    cancelled = EventOccurrence.objects.filter(event=event, is_cancelled=True)
    assert [timezone.localtime(row.start).date() for row in cancelled] == [date(2026, 10, 20)]
    assert cancelled.get().cancellation_reason == "Hall closed"
    assert event.occurrences.count() == 5


def test_cancelling_the_event_marks_every_occurrence_and_keeps_it_listed(index):
    event = weekly(
        index,
        start=days_from_now(1),
        end=days_from_now(1) + timedelta(hours=2),
        repeat_until=None,
        repeat=Repeat.NONE,
        status=EventPage.Status.CANCELLED,
    )
    assert list(event.occurrences.values_list("is_cancelled", flat=True)) == [True]
    assert EventPage.objects.live().upcoming().filter(pk=event.pk).exists()


def test_saving_a_draft_leaves_the_published_dates_alone(index):
    event = weekly(index)
    before = list(event.occurrences.values_list("start", flat=True))
    event.start, event.end = local(2026, 12, 1, 19), local(2026, 12, 1, 21)
    event.repeat_until = date(2026, 12, 29)
    event.save_revision()
    assert list(EventPage.objects.get(pk=event.pk).occurrences.values_list("start", flat=True)) == before
    event.get_latest_revision().publish()
    assert EventPage.objects.get(pk=event.pk).occurrences.order_by("start").first().start == local(
        2026, 12, 1, 19
    )


def test_upcoming_and_past_are_queries_on_the_clock(index):
    finished = EventPageFactory(
        parent=index, title="Finished", start=local(2026, 5, 1, 10), end=local(2026, 5, 1, 12)
    )
    running = EventPageFactory(
        parent=index, title="Running", start=local(2026, 5, 3, 9), end=local(2026, 5, 5, 17)
    )
    series = weekly(
        index,
        title="Series",
        start=local(2026, 4, 7, 19),
        end=local(2026, 4, 7, 21),
        repeat_until=date(2026, 5, 12),
    )
    now = local(2026, 5, 4, 12)

    upcoming = list(EventPage.objects.live().upcoming(now))
    assert [event.title for event in upcoming] == ["Running", "Series"]
    assert [event.listing_date for event in upcoming] == [local(2026, 5, 3, 9), local(2026, 5, 5, 19)]
    assert all(event.is_upcoming for event in upcoming)
    past = list(EventPage.objects.live().past(now))
    assert [event.title for event in past] == ["Finished"]
    assert past[0].listing_date == local(2026, 5, 1, 10) and not past[0].is_upcoming

    later = local(2026, 5, 13, 9)
    assert list(EventPage.objects.live().upcoming(later)) == []
    assert [event.title for event in EventPage.objects.live().past(later)] == [
        "Series",
        "Running",
        "Finished",
    ]
    assert series.pk and running.pk and finished.pk


def test_listing_date_and_is_upcoming_work_without_annotation(index):
    event = EventPageFactory(parent=index, start=days_from_now(3), end=days_from_now(3) + timedelta(hours=1))
    plain = EventPage.objects.get(pk=event.pk)
    assert plain.is_upcoming
    assert plain.listing_date == days_from_now(3)
    old = EventPageFactory(parent=index, start=days_from_now(-3), end=days_from_now(-3) + timedelta(hours=1))
    assert not EventPage.objects.get(pk=old.pk).is_upcoming
    assert EventPage.objects.get(pk=old.pk).listing_date == days_from_now(-3)


def test_unpublished_events_are_not_upcoming(index):
    event = EventPageFactory(parent=index, start=days_from_now(3), end=days_from_now(3) + timedelta(hours=1))
    event.unpublish()
    assert not EventPage.objects.live().upcoming().exists()


def full_clean_errors(**kwargs):
    event = EventPage(
        title="Test",
        slug=kwargs.pop("slug", "test"),
        summary="Summary",
        organiser_name="Group",
        start=local(2026, 6, 2, 19),
        end=local(2026, 6, 2, 21),
        venue_name="Hall",
    )
    for name, value in kwargs.items():
        setattr(event, name, value)
    with pytest.raises(ValidationError) as caught:
        event.clean()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end": local(2026, 6, 2, 18)}, "end"),
        ({"all_day": True, "end": local(2026, 6, 1)}, "end"),
        ({"repeat": Repeat.WEEKLY}, "repeat_until"),
        ({"repeat": Repeat.WEEKLY, "repeat_until": date(2026, 6, 1)}, "repeat_until"),
        ({"repeat": Repeat.WEEKLY, "repeat_until": date(2028, 7, 1)}, "repeat_until"),
        ({"repeat": Repeat.DAILY, "repeat_until": date(2026, 6, 9), "end": local(2026, 6, 3, 10)}, "end"),
        ({"venue_name": ""}, "venue_name"),
        ({"is_free": False, "price": " "}, "price"),
        ({"venue_postcode": "NOT A CODE"}, "venue_postcode"),
        ({"image_id": 1, "image_alt": ""}, "image_alt"),
        ({"slug": "past"}, "slug"),
    ],
)
def test_clean_rejects_inconsistent_events(changes, field):
    assert field in full_clean_errors(**changes)


@pytest.mark.parametrize("model", [EventPage, EventSubmission])
@pytest.mark.parametrize(
    ("repeat_until", "message"),
    [
        (date(2026, 6, 2), "The last date it repeats on must be after the start date"),
        (date(2028, 7, 1), "An event can repeat for at most 2 years"),
        (None, "Enter the last date it repeats on"),
    ],
)
def test_pages_and_submissions_share_one_rule_and_message_for_the_last_repeat(model, repeat_until, message):
    event = model(
        summary="S",
        start=local(2026, 6, 2, 19),
        end=local(2026, 6, 2, 21),
        venue_name="Hall",
        repeat=Repeat.WEEKLY,
        repeat_until=repeat_until,
    )
    assert event.detail_errors() == {"repeat_until": message}


def test_clean_normalises_the_postcode_and_accepts_online_only_events():
    event = EventPage(
        title="T",
        slug="t",
        summary="S",
        organiser_name="G",
        start=local(2026, 6, 2, 19),
        end=local(2026, 6, 2, 21),
        venue_postcode="de43ag",
        online_url="https://example.org/join",
    )
    event.clean()
    assert event.venue_postcode == "DE4 3AG"
    event.venue_postcode = ""
    event.clean()
    assert event.attendance == "Online"


def test_admin_form_rejects_a_cancelled_date_that_is_not_one_of_the_dates(index, admin_user):
    event = weekly(index)
    form_class = EventPage.get_edit_handler().get_form_class()
    data = {
        "title": event.title,
        "slug": event.slug,
        "summary": event.summary,
        "organiser_name": "G",
        "start": "2026-10-06 19:00",
        "end": "2026-10-06 21:00",
        "repeat": "weekly",
        "repeat_until": "2026-11-03",
        "status": "scheduled",
        "venue_name": "Hall",
        "is_free": "on",
        "description-count": "0",
        "cancelled_dates-TOTAL_FORMS": "2",
        "cancelled_dates-INITIAL_FORMS": "0",
        "cancelled_dates-MIN_NUM_FORMS": "0",
        "cancelled_dates-MAX_NUM_FORMS": "1000",
        "cancelled_dates-0-date": "2026-10-13",
        "cancelled_dates-0-reason": "",
        "cancelled_dates-0-ORDER": "1",
        "cancelled_dates-1-date": "2026-10-14",
        "cancelled_dates-1-reason": "",
        "cancelled_dates-1-ORDER": "2",
    }
    form = form_class(data, instance=event, parent_page=index, for_user=admin_user)
    assert not form.is_valid()
    errors = [f.errors for f in form.formsets["cancelled_dates"].forms]
    assert not errors[0]
    assert "not one of the event's dates" in errors[1]["date"][0]


def test_example_events_are_labelled_and_removed_by_one_command(seeded_site):
    examples = EventPage.objects.filter(is_example=True)
    assert examples.count() >= 8
    assert all(event.get_admin_display_title().startswith("[Example]") for event in examples)
    assert not EventPage.objects.filter(is_example=False).exists()
    call_command("remove_example_content", verbosity=0)
    assert not EventPage.objects.exists()
    assert not EventOccurrence.objects.exists()
    # The seed does not bring them back: the events index already exists.
    call_command("load_seed_content", verbosity=0)
    assert not EventPage.objects.exists()


def test_seeded_examples_show_every_feature(seeded_site):
    events = list(EventPage.objects.live())
    assert {event.repeat for event in events} >= {
        Repeat.NONE,
        Repeat.DAILY,
        Repeat.WEEKLY,
        Repeat.FORTNIGHTLY,
        Repeat.MONTHLY_WEEKDAY,
    }
    assert {event.status for event in events} == set(EventPage.Status.values)
    assert any(event.all_day for event in events)
    assert any(event.is_online and event.is_in_person for event in events)
    assert any(event.is_online and not event.is_in_person for event in events)
    assert any(not event.is_free for event in events)
    assert any(event.image_id for event in events)
    assert EventOccurrence.objects.filter(is_cancelled=True, event__status="scheduled").exists()
    assert EventPage.objects.live().past().exists()
    for field in (
        "step_free_access",
        "hearing_loop",
        "bsl_interpretation",
        "quiet_space",
        "childcare",
        "family_friendly",
        "women_only",
    ):
        assert any(getattr(event, field) for event in events), field


def test_editors_can_add_edit_and_preview_events_in_the_admin(admin_client, index):
    add = admin_client.get(f"/admin/pages/add/events/eventpage/{index.pk}/")
    assert add.status_code == 200
    assert b"Cancelled dates" in add.content and b"Inclusion and access" in add.content
    event = EventPageFactory(
        parent=index,
        repeat=Repeat.WEEKLY,
        repeat_until=date(2026, 11, 3),
        start=local(2026, 10, 6, 19),
        end=local(2026, 10, 6, 21),
    )
    assert admin_client.get(f"/admin/pages/{event.pk}/edit/").status_code == 200
    # A preview shows the unsaved draft's dates, computed from its fields.
    event.repeat_until = date(2026, 10, 27)
    preview = event.make_preview_request()
    assert preview.status_code == 200
    assert "Every Tuesday until Tuesday 27 October 2026" in preview.rendered_content
    explorer = admin_client.get(f"/admin/pages/{index.pk}/")
    assert b"(3 Nov 2026)" in explorer.content  # all dates are over: the last one
