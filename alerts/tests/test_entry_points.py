"""Where people find alerts: the events listing's link carries its filters (and stays cacheable),
and guidance pages ask for a change note when "notify subscribers" is ticked."""

from html import unescape

import pytest

from django.core.exceptions import ValidationError

from guidance.factories import GuidanceIndexPageFactory, GuidanceNotePageFactory

pytestmark = pytest.mark.django_db


def test_the_listing_links_to_alerts_for_exactly_its_current_filters(client, events_index, area, category):
    response = client.get(f"{events_index.url}?area={area.slug}&category={category.slug}&free=on")
    body = unescape(response.content.decode())
    assert "public" in response["Cache-Control"]  # a link, not a form: the listing is still cached
    link = f"/email-alerts/?kind=events&area={area.slug}&category={category.slug}&free=on"
    assert f'href="{link}">Get emails about these events' in body

    page = client.get(link).content.decode()
    assert "Events: Amber Valley, Food and social, free" in page


def test_the_unfiltered_listing_offers_emails_about_new_events(client, events_index):
    body = client.get(events_index.url).content.decode()
    assert 'href="/email-alerts/?kind=events">Get emails about new events' in body


def test_notify_subscribers_needs_a_one_line_change_note(home):
    note = GuidanceNotePageFactory(parent=GuidanceIndexPageFactory(parent=home))
    note.notify_subscribers = True
    with pytest.raises(ValidationError) as error:
        note.full_clean()
    assert "change_note" in error.value.message_dict
    note.change_note = "Added advice for schools"
    note.full_clean()


def test_the_stories_listing_links_to_alerts_for_its_area_and_theme(client, home, area, theme):
    from stories.factories import StoryIndexPageFactory

    index = StoryIndexPageFactory(parent=home)
    body = unescape(client.get(f"{index.url}?area={area.slug}&theme={theme.slug}").content.decode())
    link = f"/email-alerts/?kind=stories&area={area.slug}&theme={theme.slug}"
    assert f'href="{link}">Get emails about new stories like these' in body
    assert "Success stories: Amber Valley, Belonging" in client.get(link).content.decode()
