"""Pages say only what is true: structured data search engines accept, and example content labelled
wherever it appears (or left out), with invented addresses and nothing left behind once removed."""

import json
import re

import pytest

from django.apps import apps
from django.core.management import call_command

from wagtail.images import get_image_model

pytestmark = pytest.mark.django_db

# Google's rich-result requirements (developers.google.com/search/docs/appearance/structured-data):
# Event: required name, startDate, location; recommended description, endDate, eventAttendanceMode,
# eventStatus, image, offers, organizer (performer too, which community events do not have).
EVENT_REQUIRED = {"name", "startDate", "location"}
EVENT_RECOMMENDED = {
    "description",
    "endDate",
    "eventAttendanceMode",
    "eventStatus",
    "image",
    "offers",
    "organizer",
}
# Article: no required properties; recommended author, dateModified, datePublished, headline, image.
ARTICLE_RECOMMENDED = {"author", "dateModified", "datePublished", "headline", "image"}

events_installed = pytest.mark.skipif(not apps.is_installed("events"), reason="events app not installed")


def json_ld(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    found = []
    for block in blocks:
        data = json.loads(block)
        found += data if isinstance(data, list) else [data]
    return found


def of_type(items, kind):
    return [item for item in items if item.get("@type") == kind]


def assert_image_urls(image):
    assert isinstance(image, list) and image, image
    assert all(url.startswith("http") for url in image), image


@events_installed
def test_every_event_offers_google_every_required_and_recommended_property(seeded_site, client):
    from events.models import EventPage

    # The seed's events are all examples, which are left out of structured data: make them real.
    EventPage.objects.update(is_example=False)
    events = list(EventPage.objects.live())
    assert len(events) >= 8
    without_own_image = [event for event in events if not event.image_id]
    assert without_own_image, "the check must cover events with no image of their own"
    for event in events:
        (data,) = of_type(json_ld(client, event.url), "Event")
        missing = (EVENT_REQUIRED | EVENT_RECOMMENDED) - {key for key, value in data.items() if value}
        assert not missing, (event.title, missing)
        assert_image_urls(data["image"])
        assert data["organizer"]["name"]
        location = data["location"] if isinstance(data["location"], list) else [data["location"]]
        assert all(place.get("address") or place.get("url") for place in location), event.title
        offers = data["offers"]
        assert {"priceCurrency", "availability", "url"} <= set(offers), event.title
    event = without_own_image[0]
    (data,) = of_type(json_ld(client, event.url), "Event")
    assert data["image"] == ["http://testserver/static/images/social.png"]


def test_the_charter_and_the_guidance_note_are_articles_google_accepts(seeded_site, client):
    for url in (
        "/strategy-and-charter/derby-cohesion-integration-charter-2014-16/",
        "/guidance/voluntary-and-community-sector/",
    ):
        (article,) = of_type(json_ld(client, url), "Article")
        missing = ARTICLE_RECOMMENDED - {key for key, value in article.items() if value}
        assert not missing, (url, missing)
        assert_image_urls(article["image"])
        assert article["author"]["name"]


def test_the_site_social_image_is_served(seeded_site, client):
    response = client.get("/static/images/social.png")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:8] == b"\x89PNG\r\n\x1a\n"


@events_installed
def test_example_events_are_labelled_on_the_home_page_in_feeds_and_calendars_and_left_out_of_json_ld(
    seeded_site, client
):
    from events.models import EventPage

    home = client.get("/").content.decode()
    section = home[home.index('id="next-events-heading"') :]
    section = section[: section.index("</section>")]
    cards = re.findall(r'<li class="bpt-card">.*?</li>', section, re.S)
    assert cards and all('govuk-tag--purple">Example</strong>' in card for card in cards)

    feed = client.get("/events/feed/").content.decode()
    titles = re.findall(r"<title>(.*?)</title>", feed)[1:]
    assert titles and all("Example: " in title for title in titles), titles

    event = EventPage.objects.live().filter(is_example=True).first()
    assert not of_type(json_ld(client, event.url), "Event")
    ics = client.get(f"{event.url}calendar/").content.decode()
    assert "SUMMARY:Example: " in ics


@events_installed
def test_example_events_use_invented_addresses(seeded_site):
    from events.models import EventPage

    for event in EventPage.objects.filter(is_example=True):
        if event.venue_postcode:
            # ZZ99 is the NHS's pseudo-postcode area: no real building has it.
            assert event.venue_postcode.startswith("ZZ99 "), (event.title, event.venue_postcode)
        assert "Smedley Street" not in event.venue_address


def test_remove_example_content_leaves_no_example_image_behind(seeded_site):
    images = get_image_model().objects
    assert images.filter(title__startswith="[Example]").exists()
    real = images.create(title="Real photo", file=images.filter(title__startswith="[Example]").first().file)
    call_command("remove_example_content", verbosity=0)
    assert not images.filter(title__startswith="[Example]").exists()
    assert images.filter(pk=real.pk).exists()


def test_the_about_page_lists_only_what_the_site_has_each_linked_to_its_page(seeded_site, client):
    html = client.get("/about/").content.decode()
    section = html[html.index("What you will find here") :]
    section = section[: section.index("</ul>")]
    links = re.findall(r'<a href="([^"]+)">', section)
    assert len(links) >= 4
    for url in links:
        assert client.get(url).status_code == 200, url
    assert "/strategy-and-charter/action-plan/" in links and "/guidance/" in links
    assert "Community Cohesion Strategy" not in html
    assert "An action plan outlining current activities" not in html


def test_the_accessibility_statement_follows_the_gds_model(seeded_site, client):
    html = client.get("/accessibility-statement/").content.decode()
    for heading in (
        "How accessible this website is",
        "Feedback and contact information",
        "Reporting accessibility problems with this website",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Disproportionate burden",
        "Preparation of this accessibility statement",
    ):
        assert f">{heading}</h2>" in html, heading
    assert "partially compliant" in html
    for method in ("axe-core", "Nu Html Checker", "keyboard", "320 pixels", "200% zoom"):
        assert method in html, method
    assert re.search(r"prepared on \d+ \w+ \d{4}\. It was last reviewed on \d+ \w+ \d{4}", html)
