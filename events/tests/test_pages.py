"""Event pages (details, dates, add to calendar, schema.org JSON-LD, images) and the home page's
next events."""

import json
import re
from datetime import timedelta

import pytest

from events.factories import EventCategoryFactory, EventPageFactory, days_from_now
from events.models import EventCancellation
from events.schedule import LONDON, Repeat, local_today
from guidance.factories import PriorityFactory
from home.factories import AreaFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def get(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def json_ld(content):
    (script,) = re.findall(r'<script type="application/ld\+json">(.*?)</script>', content, re.S)
    return json.loads(script)


def upcoming(index, days=5, **kwargs):
    start = days_from_now(days)
    return EventPageFactory(parent=index, start=start, end=start + timedelta(hours=2), **kwargs)


def test_event_page_shows_when_where_cost_organiser_and_access(client, index, erewash):
    event = upcoming(
        index,
        title="Community lunch",
        area=erewash,
        is_free=False,
        price="£3, children free",
        booking_url="https://example.org/book",
        organiser_phone="01632 960 123",
        step_free_access=True,
        bsl_interpretation=True,
        languages="English and Polish",
        access_notes="Ramp at the side door.",
    )
    content = get(client, event.url)
    assert "<h1" in content and "Community lunch" in content
    assert event.spans[0].when in content
    assert 'href="https://www.openstreetmap.org/search?query=DE4%203AG"' in content
    assert "£3, children free" in content and 'href="https://example.org/book"' in content
    assert 'href="tel:01632960123"' in content and 'href="https://example.org/contact"' in content
    assert "British Sign Language (BSL) interpretation" in content and "English and Polish" in content
    assert "Ramp at the side door." in content and "Erewash" in content
    assert "mailto:" not in content.split("<main")[1].split("</main>")[0]


def test_json_ld_is_valid_json_with_the_required_keys(client, index):
    event = upcoming(
        index,
        title="Quiz </script><script>alert(1)</script>",
        is_free=False,
        price="£2.50 each",
        online_url="https://example.org/join",
    )
    data = json_ld(get(client, event.url))
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    for key in (
        "name",
        "startDate",
        "endDate",
        "eventStatus",
        "eventAttendanceMode",
        "location",
        "offers",
        "organizer",
        "description",
        "url",
    ):
        assert key in data, key
    assert data["name"].startswith("Quiz </script>")
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    place, virtual = data["location"]
    assert place["@type"] == "Place" and place["address"]["postalCode"] == "DE4 3AG"
    assert place["address"]["addressCountry"] == "GB"
    assert virtual == {"@type": "VirtualLocation", "url": "https://example.org/join"}
    assert data["offers"]["price"] == "2.50" and data["offers"]["priceCurrency"] == "GBP"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Matlock Neighbours",
        "url": "https://example.org/contact",
    }
    offset = "+01:00" if event.spans[0].start.astimezone(LONDON).dst() else "+00:00"
    assert data["startDate"] == f"{event.spans[0].local_start:%Y-%m-%dT%H:%M:%S}{offset}"


def test_json_ld_for_an_online_free_cancelled_event(client, index):
    event = upcoming(
        index,
        venue_name="",
        venue_address="",
        venue_postcode="",
        online_url="https://example.org/j",
        status="cancelled",
        status_note="Speaker unwell",
    )
    content = get(client, event.url)
    data = json_ld(content)
    assert data["eventStatus"] == "https://schema.org/EventCancelled"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert data["location"]["@type"] == "VirtualLocation"
    assert data["offers"]["price"] == "0"
    assert "This event is cancelled" in content and "Speaker unwell" in content


def test_repeating_event_lists_its_dates_and_each_date_has_a_page(client, index):
    first = local_today() + timedelta(days=2)
    event = EventPageFactory(
        parent=index,
        start=days_from_now(2, 10),
        end=days_from_now(2, 12),
        repeat=Repeat.WEEKLY,
        repeat_until=first + timedelta(weeks=3),
    )
    cancelled = first + timedelta(weeks=1)
    event.cancelled_dates.add(EventCancellation(date=cancelled, reason="Hall closed"))
    event.save_revision().publish()
    content = get(client, event.url)
    for week in range(4):
        assert f'href="{event.url}{first + timedelta(weeks=week):%Y-%m-%d}/"' in content
    assert "Hall closed" in content
    data = json_ld(content)
    assert data["eventSchedule"]["repeatFrequency"] == "P1W"
    assert data["eventSchedule"]["exceptDate"] == [cancelled.isoformat()]

    one_date = get(client, f"{event.url}{cancelled:%Y-%m-%d}/")
    assert "is cancelled" in one_date and 'aria-current="page"' in one_date
    assert json_ld(one_date)["eventStatus"] == "https://schema.org/EventCancelled"
    assert '<meta name="robots" content="noindex, follow">' in one_date
    get(client, f"{event.url}{first + timedelta(days=1):%Y-%m-%d}/", status=404)


def test_event_image_is_responsive_with_webp_and_alt_text(client, index, image):
    event = upcoming(index, image=image, image_alt="People sharing a meal")
    content = get(client, event.url)
    picture = re.search(r"<picture>.*?</picture>", content, re.S).group(0)
    assert 'type="image/webp"' in picture
    assert re.search(r'srcset="[^"]+ 480w, [^"]+ 800w, [^"]+ 1200w"', picture)
    assert 'alt="People sharing a meal"' in picture and "sizes=" in picture
    listing = get(client, index.url)
    assert 'alt="People sharing a meal"' in listing and 'loading="lazy"' in listing


def test_finished_event_says_so_and_offers_no_booking(client, index):
    event = upcoming(index, days=-3, booking_url="https://example.org/book")
    content = get(client, event.url)
    assert "This event has finished." in content
    assert "https://example.org/book" not in content.split("<main")[1].split("This event has finished")[1]


def test_home_page_shows_the_next_events_and_nothing_when_there_are_none(client, home, index):
    content = get(client, home.url)
    assert "Next events" not in content
    upcoming(index, days=9, title="Third")
    upcoming(index, days=2, title="First")
    upcoming(index, days=4, title="Second")
    upcoming(index, days=12, title="Fourth")
    upcoming(index, days=-1, title="Yesterday")
    content = get(client, home.url)
    section = content.split('id="next-events-heading"')[1].split("</section>")[0]
    assert re.findall(r'bpt-card__link" href="[^"]+">([^<]+)<', section) == ["First", "Second", "Third"]
    assert f'href="{index.url}"' in section


def test_seeded_event_pages_render(client, seeded_site):
    from events.models import EventPage

    for event in EventPage.objects.live():
        content = get(client, event.url)
        # Examples stay out of search engines' structured data; a real event's is checked elsewhere.
        assert 'type="application/ld+json"' not in content
        assert "It is not a real event" in content


def test_an_event_page_never_shows_a_draft_category_area_theme_or_priority(client, index):
    def labels(live):
        word = "Live" if live else "Draft"
        return {
            "category": EventCategoryFactory(name=f"{word} kind", live=live),
            "area": AreaFactory(name=f"{word} district", live=live),
            "priority": PriorityFactory(title=f"{word} aim", live=live),
        }, ThemeFactory(name=f"{word} factor", live=live)

    for live in (True, False):
        details, theme = labels(live)
        event = upcoming(index, **details)
        event.themes.set([theme])
        event.save_revision().publish()
        html = get(client, event.url)
        names = ["kind", "district", "aim", "factor"]
        shown = [name for name in names if f"{'Live' if live else 'Draft'} {name}" in html]
        assert shown == (names if live else []), live
