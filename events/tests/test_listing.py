"""The events listing: upcoming by day, combinable filters in the address, archive, pagination
and a query count that does not grow with the number of events."""

import re
from datetime import datetime, time, timedelta

import pytest

from django.db import connection
from django.utils import timezone

from events import schedule
from events.factories import EventPageFactory, days_from_now
from events.models import PER_PAGE
from events.schedule import Repeat, local_today

pytestmark = pytest.mark.django_db


def titles(content):
    return re.findall(r'class="govuk-link bpt-event__link" href="[^"]+">([^<]+)</a>', content)


def status(content):
    return re.search(r'role="status" id="result-count">\s*(.*?)\s*</p>', content, re.S).group(1)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def event(index, title, days=3, hours=2, **kwargs):
    start = days_from_now(days, kwargs.pop("hour", 19))
    return EventPageFactory(
        parent=index, title=title, start=start, end=start + timedelta(hours=hours), **kwargs
    )


def test_lists_upcoming_occurrences_soonest_first_grouped_by_day(client, index):
    event(index, "Later", days=9)
    event(index, "Sooner", days=2)
    event(index, "Finished", days=-2)
    EventPageFactory(
        parent=index,
        title="Weekly",
        start=days_from_now(1, 10),
        end=days_from_now(1, 11),
        repeat=Repeat.WEEKLY,
        repeat_until=local_today() + timedelta(days=8),
    )
    content = get(client, index.url)
    assert titles(content) == ["Weekly", "Sooner", "Weekly", "Later"]
    assert status(content) == "4 events"
    day = (local_today() + timedelta(days=1)).isoformat()
    assert f'<time datetime="{day}">' in content
    # Each date of a repeating event links to that date's own page.
    assert f'/weekly/{day}/"' in content


def test_an_event_already_running_is_listed_under_today(client, index):
    start = days_from_now(-1, 10)
    EventPageFactory(parent=index, title="Festival", start=start, end=days_from_now(1, 18))
    content = get(client, index.url)
    assert titles(content) == ["Festival"]
    assert f'<time datetime="{local_today().isoformat()}">' in content


def test_cancelled_events_stay_listed_and_are_marked(client, index):
    event(index, "Called off", status="cancelled", status_note="Flooded hall")
    content = get(client, index.url)
    assert titles(content) == ["Called off"]
    assert "govuk-tag--red" in content and "Flooded hall" in content


def test_unpublished_and_private_events_are_not_listed(client, index):
    event(index, "Draft").unpublish()
    private = event(index, "Private")
    private.view_restrictions.create(restriction_type="password", password="secret")
    assert titles(get(client, index.url)) == []


def test_filters_combine_and_announce_the_count(
    client, index, erewash, high_peak, music, sport, common_ground
):
    event(index, "Erewash free music", area=erewash, category=music, step_free_access=True, hearing_loop=True)
    event(
        index,
        "Erewash paid music",
        area=erewash,
        category=music,
        is_free=False,
        price="£5",
        step_free_access=True,
    )
    event(index, "Erewash sport", area=erewash, category=sport, step_free_access=True)
    event(index, "High Peak music", area=high_peak, category=music, hearing_loop=True)
    themed = event(index, "Themed", area=high_peak, category=sport)
    themed.themes = [common_ground]
    themed.save_revision().publish()

    def shown(query):
        return titles(get(client, f"{index.url}?{query}"))

    assert shown("area=erewash") == ["Erewash free music", "Erewash paid music", "Erewash sport"]
    assert shown("area=erewash&category=music") == ["Erewash free music", "Erewash paid music"]
    assert shown("area=erewash&category=music&free=1") == ["Erewash free music"]
    assert shown("access=step-free") == ["Erewash free music", "Erewash paid music", "Erewash sport"]
    assert shown("access=step-free&access=hearing-loop") == ["Erewash free music"]
    assert shown("category=music&access=hearing-loop") == ["Erewash free music", "High Peak music"]
    assert shown("theme=common-ground") == ["Themed"]
    assert shown("theme=common-ground&area=erewash") == []
    content = get(client, f"{index.url}?area=erewash&category=music&free=1")
    assert status(content) == "1 event matches your filters"
    assert "Filters applied" in content


def test_online_and_in_person_filters_both_include_hybrid_events(client, index):
    event(index, "Hall only")
    event(
        index,
        "Online only",
        venue_name="",
        venue_address="",
        venue_postcode="",
        online_url="https://example.org/j",
    )
    event(index, "Both", online_url="https://example.org/both")
    assert titles(get(client, f"{index.url}?mode=online")) == ["Online only", "Both"]
    assert titles(get(client, f"{index.url}?mode=in-person")) == ["Hall only", "Both"]


def test_date_filters_pick_today_this_week_this_month_and_custom_dates(client, index):
    today = local_today()
    end_of_week = 6 - today.weekday()
    now = timezone.now()
    end_of_today = schedule.from_local(datetime.combine(today, time(23, 59)))
    # Already started and ends at midnight, whatever the time of day the test runs.
    EventPageFactory(parent=index, title="Today", start=now - timedelta(hours=1), end=end_of_today)
    if end_of_week:
        event(index, "End of week", days=end_of_week)
    else:  # a Sunday: the week ends today
        EventPageFactory(
            parent=index, title="End of week", start=now - timedelta(minutes=30), end=end_of_today
        )
    event(index, "Next week", days=end_of_week + 1)
    event(index, "Far off", days=70)
    # On a Sunday the end of the week is today.
    week = ["Today", "End of week"]
    assert titles(get(client, f"{index.url}?when=today")) == (week if end_of_week == 0 else ["Today"])
    assert titles(get(client, f"{index.url}?when=this-week")) == week
    month = titles(get(client, f"{index.url}?when=this-month"))
    assert "Far off" not in month and "Today" in month
    day = today + timedelta(days=end_of_week + 1)
    query = f"when=today&from_day={day.day}&from_month={day.month}&from_year={day.year}"
    assert titles(get(client, f"{index.url}?{query}")) == ["Next week", "Far off"]
    query += f"&to_day={day.day}&to_month={day.month}&to_year={day.year}"
    assert titles(get(client, f"{index.url}?{query}")) == ["Next week"]


def test_bad_filter_values_are_reported_and_the_rest_still_apply(client, index, erewash):
    event(index, "Erewash", area=erewash)
    event(index, "Elsewhere")
    content = get(client, f"{index.url}?area=erewash&from_day=31&from_month=2&from_year=2026&access=nonsense")
    assert "There is a problem with the filters" in content
    assert "From must be a real date" in content
    assert 'href="#from_day"' in content
    assert titles(content) == ["Erewash"]
    content = get(
        client, f"{index.url}?from_day=5&from_month=6&from_year=2026&to_day=1&to_month=6&to_year=2026"
    )
    assert "To must be the same as or after From" in content
    content = get(client, f"{index.url}?from_day=5&from_year=2026")
    assert "From must include a month" in content


def test_pagination_keeps_the_filters(client, index, erewash):
    for number in range(PER_PAGE + 3):
        event(index, f"Event {number:02d}", days=1 + number, area=erewash)
    content = get(client, f"{index.url}?area=erewash")
    assert len(titles(content)) == PER_PAGE
    assert 'href="?area=erewash&amp;page=2"' in content
    assert status(content) == f"{PER_PAGE + 3} events match your filters, showing 1 to {PER_PAGE}"
    page_two = get(client, f"{index.url}?area=erewash&page=2")
    assert titles(page_two) == [f"Event {number:02d}" for number in range(PER_PAGE, PER_PAGE + 3)]
    assert get(client, f"{index.url}?page=999")  # an out-of-range page shows the last one, not an error


def test_past_events_archive_lists_finished_events_most_recent_first(client, index):
    event(index, "Long ago", days=-40)
    event(index, "Last week", days=-7)
    event(index, "Tomorrow", days=1)
    content = get(client, index.url + "past/")
    assert titles(content) == ["Last week", "Long ago"]
    assert '<meta name="robots" content="noindex, follow">' in content
    assert "See upcoming events" in content


def test_listing_offers_subscribable_calendar_and_rss_for_the_same_filters(client, index):
    content = get(client, f"{index.url}?area=erewash&free=1")
    assert 'href="webcal://testserver/events/calendar/?area=erewash&amp;free=1"' in content
    assert 'href="/events/feed/?area=erewash&amp;free=1"' in content
    assert "calendar.google.com/calendar/render?cid=webcal://testserver/events/calendar/" in content


def test_removing_one_filter_keeps_the_others(client, index, erewash):
    content = get(client, f"{index.url}?area=erewash&free=1&access=bsl&access=childcare")
    assert 'href="?free=1&amp;access=bsl&amp;access=childcare"' in content  # remove the area
    assert 'href="?area=erewash&amp;free=1&amp;access=childcare"' in content  # remove BSL


def test_empty_form_fields_redirect_to_the_short_shareable_address(client, index):
    response = client.get(f"{index.url}?when=&from_day=&area=erewash&free=1&mode=&access=bsl&access=")
    assert response.status_code == 302
    assert response["Location"] == f"{index.url}?area=erewash&free=1&access=bsl"
    assert client.get(f"{index.url}past/?when=&mode=")["Location"] == f"{index.url}past/"


def test_routes_send_the_public_cache_headers(client, index):
    for path in ("", "past/", "calendar/", "feed/"):
        response = client.get(index.url + path)
        assert "public" in response["Cache-Control"] and "max-age" in response["Cache-Control"], path


def test_routes_are_private_for_a_signed_in_editor(client, index, django_user_model):
    client.force_login(django_user_model.objects.create_user("editor", password="x"))
    for path in ("", "past/", "calendar/", "feed/"):
        cache_control = client.get(index.url + path)["Cache-Control"]
        assert "private" in cache_control and "public" not in cache_control, path


@pytest.mark.parametrize("count", [10, 1000])
def test_listing_query_count_does_not_grow_with_events(
    client, index, erewash, music, image, count, django_assert_num_queries
):
    for number in range(count):
        event(
            index,
            f"Event {number}",
            days=1 + number % 40,
            area=erewash,
            category=music,
            image=image if number % 3 else None,
            image_alt="A poster",
            repeat=Repeat.WEEKLY if number % 5 == 0 else Repeat.NONE,
            repeat_until=local_today() + timedelta(days=60) if number % 5 == 0 else None,
        )
    if connection.vendor == "postgresql":
        # A live database keeps planner statistics (autovacuum); these just-filled tables have
        # none, and PostgreSQL then picks nested loops that take minutes at 1,000 events.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE events_eventoccurrence, events_eventpage, wagtailcore_page")
    url = f"{index.url}?area=erewash&category=music&free=1"
    client.get(url)  # renditions and the site settings row are made on the first view
    client.get(url)
    # One of them finds the "Submit an event" page to link to, one the page's translations; the count
    # of dates was kept from the view before.
    with django_assert_num_queries(22):
        content = get(client, url)
    assert len(titles(content)) == PER_PAGE if count > PER_PAGE else count
    assert "<picture>" in content


def test_a_polish_listing_has_polish_filters_and_chips(client, index):
    EventPageFactory(parent=index, title="Soup and chat", start=days_from_now(2), is_free=True)
    content = get(client, f"/pl{index.url}?free=1")
    filters = content.split('id="filter-heading"')[1].split("</form>")[0]
    for polish in ("Filtruj wydarzenia", "Dowolna data", "Dowolny obszar", "Tylko bezpłatne wydarzenia"):
        assert polish in filters, polish
    assert "Dostęp bez schodów" in filters and "Zastosuj filtry" in filters
    for english in ("Filter events", "Any date", "Free events only", "Apply filters"):
        assert english not in filters, english
    assert status(content) == "1 wydarzenie pasuje do filtrów"
    assert "Bezpłatne" in content.split("bpt-active-filters__list")[1]  # the chip
    assert "Dodaj te wydarzenia do swojego kalendarza" in content  # the subscribe box


def test_the_count_of_dates_is_kept_until_something_is_published(client, index):
    from events.models import EventOccurrence

    event(index, "Quiz night")
    cancelled = event(index, "Walk")
    get(client, index.url)  # the first view makes the site settings row, which purges
    assert status(get(client, index.url)) == "2 events"

    # Gone without a publish (no purge): the dates listed change, the kept count not yet.
    EventOccurrence.objects.filter(event=cancelled).delete()
    content = get(client, index.url)
    assert titles(content) == ["Quiz night"]
    assert status(content) == "2 events"

    event(index, "Choir")
    event(index, "Film night").save_revision().publish()  # publishing purges what pages show
    assert status(get(client, index.url)) == "3 events"
