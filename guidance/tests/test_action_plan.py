"""The action plan: priorities, their actions and progress, stories and events, and the admin."""

import datetime
import re

import pytest

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import escape

from wagtail.test.utils.form_data import inline_formset, nested_form_data

from guidance.factories import PriorityActionFactory, PriorityFactory
from guidance.models import ActionStatus, Priority, PriorityAction
from testing.auth import sign_in

pytestmark = pytest.mark.django_db


def html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_progress_counts_actions_by_status():
    priority = PriorityFactory()
    for status in [ActionStatus.DONE, ActionStatus.DONE, ActionStatus.IN_PROGRESS, ActionStatus.PLANNED]:
        PriorityActionFactory(priority=priority, status=status)
    progress = priority.progress()
    assert (progress.done, progress.in_progress, progress.planned, progress.total) == (2, 1, 1, 4)
    assert (progress.percent_done, progress.percent_in_progress) == (50, 25)
    assert progress.text == "2 of 4 done, 1 in progress, 1 planned"
    assert priority.progress_text == progress.text
    assert PriorityFactory().progress_text == "No actions yet"


def test_an_update_needs_its_date_and_a_date_needs_its_update():
    priority = PriorityFactory()
    with pytest.raises(ValidationError) as missing_date:
        PriorityAction(priority=priority, title="x", lead_organisation="y", latest_update="News").full_clean()
    assert "latest_update_on" in missing_date.value.message_dict
    with pytest.raises(ValidationError) as missing_text:
        PriorityAction(
            priority=priority, title="x", lead_organisation="y", latest_update_on=datetime.date(2026, 1, 1)
        ).full_clean()
    assert "latest_update" in missing_text.value.message_dict


def test_action_plan_shows_each_priority_with_its_actions_and_progress(client, action_plan):
    priority = PriorityFactory(number=4, slug="tensions", title="Monitor and assess community tensions")
    PriorityActionFactory(
        priority=priority,
        title="Train reporting centres",
        lead_organisation="Derby City Council",
        status=ActionStatus.IN_PROGRESS,
        target_date=datetime.date(2026, 12, 31),
        latest_update="Ten centres trained.",
        latest_update_on=datetime.date(2026, 10, 1),
    )
    PriorityActionFactory(priority=priority, title="Publish monitoring", status=ActionStatus.DONE)
    content = html(client, action_plan.url)
    assert 'id="priority-tensions"' in content
    assert "Priority 4</span> Monitor and assess community tensions" in content
    assert "Train reporting centres</h4>" in content
    assert '<strong class="govuk-tag govuk-tag--blue">In progress</strong>' in content
    assert '<strong class="govuk-tag govuk-tag--green">Done</strong>' in content
    assert "Derby City Council" in content
    assert '<time datetime="2026-12-31">December 2026</time>' in content
    assert '<time datetime="2026-10-01">1 October 2026</time>: Ten centres trained.' in content
    progressbar = re.search(r'<div class="bpt-progress" role="progressbar"[^>]*>', content)[0]
    assert 'aria-valuenow="1"' in progressbar and 'aria-valuemax="2"' in progressbar
    assert 'aria-valuetext="1 of 2 done, 1 in progress, 0 planned"' in progressbar
    assert 'aria-label="Priority 4 actions done"' in progressbar
    assert "Progress: 1 of 2 done, 1 in progress, 0 planned." in content
    assert "Latest progress update: <time" in content


def test_with_no_actions_the_plan_says_once_when_they_will_come_and_whom_to_ask(client, action_plan):
    for number in range(1, 8):
        PriorityFactory(number=number, description=f"What priority {number} means.")
    content = html(client, action_plan.url)
    assert content.count(escape(action_plan.no_actions_text)) == 1
    assert 'href="#leadership-heading">who is leading this work</a>' in content
    assert "No actions have been published for this priority yet." not in content
    assert "What priority 7 means." in content
    assert 'role="progressbar"' not in content


def test_with_some_actions_a_priority_without_any_says_so_briefly(client, action_plan):
    PriorityActionFactory(priority=PriorityFactory(number=1, slug="one"))
    PriorityFactory(number=2, slug="two")
    content = html(client, action_plan.url)
    section = content[content.index('id="priority-two"') :]
    assert "No actions have been published for this priority yet." in section
    assert escape(action_plan.no_actions_text) not in content


def test_example_actions_are_labelled_and_do_not_count_as_real_ones(client, action_plan):
    PriorityActionFactory(priority=PriorityFactory(), title="Train volunteers", is_example=True)
    content = html(client, action_plan.url)
    assert "Example: Train volunteers</h4>" in content
    assert '<strong class="govuk-tag govuk-tag--purple">Example</strong>' in content
    assert "1 of the actions is an example." in content
    # The only action is an example: the plan still says real ones are to come.
    assert escape(action_plan.no_actions_text) in content
    assert "They are not real." in content


def test_action_plan_shows_who_is_leading_this_work(client, action_plan):
    action_plan.key_contacts = [
        ("contact", {"name": "Policy team", "role": "", "phone": "01629 538254", "email": "", "website": ""})
    ]
    action_plan.save_revision().publish()
    content = html(client, action_plan.url)
    assert '<h2 class="govuk-heading-l" id="leadership-heading">Who is leading this work</h2>' in content
    assert "Cohesion &amp; Integration Leadership Group" in content
    assert "Policy team</h3>" in content and 'href="tel:01629538254"' in content


@pytest.mark.parametrize("count", [5, 100])
def test_action_plan_query_count_does_not_grow_with_priorities_or_actions(
    client, action_plan, count, django_assert_num_queries
):
    for number in range(1, count + 1):
        priority = PriorityFactory(number=number)
        PriorityActionFactory(priority=priority, status=ActionStatus.DONE)
        PriorityActionFactory(
            priority=priority, latest_update="News", latest_update_on=datetime.date(2026, 1, 1)
        )
    client.get(action_plan.url)  # warm the site and settings caches
    with django_assert_num_queries(EXPECTED_ACTION_PLAN_QUERIES):
        response = client.get(action_plan.url)
    assert response.content.decode().count('class="bpt-action"') == 2 * count


# Chrome (site, locale, page, breadcrumbs, settings, navigation, the page's translations), the linked
# charter, the priorities (with each one's next events), their themes and actions; then, for each of
# the stories and events apps installed, a view-restriction check and one grouped count for every
# priority; for stories, one windowed query for their items (for events, one for the events' pages
# when there are any).
EXPECTED_ACTION_PLAN_QUERIES = 15 + apps.is_installed("stories") * 3 + apps.is_installed("events") * 2


def test_get_priorities_gives_each_priority_its_stories_and_events_lists(action_plan):
    PriorityFactory()
    (priority,) = action_plan.get_priorities()
    assert priority.stories == [] and priority.events == []
    assert priority.progress_summary.total == 0


@pytest.mark.skipif(not apps.is_installed("stories"), reason="the stories app is not installed")
def test_action_plan_lists_live_stories_tagged_to_each_priority(client, home, action_plan):
    from stories.factories import StoryIndexPageFactory, StoryPageFactory

    priority = PriorityFactory(slug="belonging")
    other = PriorityFactory(slug="other")
    stories = StoryIndexPageFactory(parent=home)
    StoryPageFactory(parent=stories, title="Lunch club story", priority=priority)
    StoryPageFactory(parent=stories, title="Draft story", priority=priority, live=False)
    StoryPageFactory(parent=stories, title="Other story", priority=other)
    by_slug = {item.slug: item for item in action_plan.get_priorities()}
    assert [story.title for story in by_slug["belonging"].stories] == ["Lunch club story"]
    content = html(client, action_plan.url)
    section = content[content.index('id="priority-belonging"') : content.index('id="priority-other"')]
    assert "Lunch club story</a>" in section and "Other story" not in section
    assert "Stories that serve this priority (1)</h3>" in section


@pytest.mark.skipif(not apps.is_installed("stories"), reason="the stories app is not installed")
def test_a_priority_counts_all_its_stories_and_labels_examples(client, home, action_plan):
    from stories.factories import StoryIndexPageFactory, StoryPageFactory

    priority = PriorityFactory(slug="belonging")
    stories = StoryIndexPageFactory(parent=home)
    for number in range(4):
        StoryPageFactory(parent=stories, title=f"Story {number}", priority=priority, is_example=number == 0)
    (item,) = action_plan.get_priorities()
    assert item.story_count == 4 and len(item.stories) == 3
    content = html(client, action_plan.url)
    assert "Stories that serve this priority (4)</h3>" in content
    assert "The newest 3:" in content


@pytest.mark.skipif(not apps.is_installed("events"), reason="the events app is not installed")
def test_action_plan_lists_upcoming_events_tagged_to_each_priority(client, home, action_plan):
    from events.factories import EventPageFactory

    priority = PriorityFactory(slug="belonging")
    EventPageFactory(parent=home, title="Community picnic", priority=priority)
    (item,) = action_plan.get_priorities()
    assert [event.title for event in item.events] == ["Community picnic"]
    assert "Community picnic</a>" in html(client, action_plan.url)


@pytest.mark.skipif(not apps.is_installed("events"), reason="the events app is not installed")
def test_each_priority_shows_its_next_three_events_in_constant_queries_at_two_sizes(
    client, home, action_plan
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from events.factories import EventPageFactory, days_from_now
    from events.schedule import Repeat

    belonging, safety = PriorityFactory(number=1), PriorityFactory(number=2)

    def add_event(title, days, priority=belonging, **kwargs):
        start = days_from_now(days)
        end = start + datetime.timedelta(hours=1)
        return EventPageFactory(parent=home, title=title, start=start, end=end, priority=priority, **kwargs)

    def queries():
        client.get(action_plan.url)  # warm the site and settings caches
        client.get(action_plan.url)  # and the counts per priority, kept until the next purge
        with CaptureQueriesContext(connection) as captured:
            assert client.get(action_plan.url).status_code == 200
        # The next events are read from the occurrence table in date order, in one query, never by
        # ranking every event of every priority.
        reads = [
            query["sql"] for query in captured if 'FROM "events_eventoccurrence" INNER JOIN' in query["sql"]
        ]
        assert len(reads) == 1 and 'ORDER BY "events_eventoccurrence"."start" ASC' in reads[0]
        assert not any("ROW_NUMBER" in query["sql"] and "events_" in query["sql"] for query in captured)
        return len(captured)

    add_event("Daily coffee", 1, repeat=Repeat.DAILY, repeat_until=days_from_now(300).date())
    add_event("Safety walk", 2, priority=safety)
    small = queries()
    for n in range(40):
        add_event(f"Later {n}", 10 + n)
        add_event(f"Walk {n}", 10 + n, priority=safety)
    add_event("Over", -3)
    add_event("Draft", 3).unpublish()
    add_event("Soon", 4)
    assert queries() == small
    first, second = action_plan.get_priorities()
    assert [event.title for event in first.events] == ["Daily coffee", "Soon", "Later 0"]
    assert [event.title for event in second.events] == ["Safety walk", "Walk 0", "Walk 1"]
    assert first.events[1].annotated_next_start == days_from_now(4)
    assert (first.event_count, second.event_count) == (42, 41)


# --- Admin ---------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("editor", "editor@example.com", "password")
    sign_in(client, user)
    return client


def test_editors_add_and_update_actions_in_the_priority_snippet(admin_client):
    priority = PriorityFactory(number=1, slug="leadership", title="Create strong leadership")
    url = reverse("wagtailsnippets_guidance_priority:edit", args=[priority.pk])
    assert "Lead organisation" in admin_client.get(url).content.decode()
    data = nested_form_data(
        {
            "number": 1,
            "title": "Create strong leadership",
            "slug": "leadership",
            "description": "",
            "actions": inline_formset(
                [
                    {
                        "title": "Set up the leadership group",
                        "lead_organisation": "Derby City Council",
                        "status": "in_progress",
                        "target_date": "2026-12-31",
                        "latest_update": "First meeting held.",
                        "latest_update_on": "2026-11-01",
                    }
                ]
            ),
        }
    )
    # Saved, the change is a draft (the actions go in the priority's revision); published, it is live.
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert not Priority.objects.get(pk=priority.pk).actions.exists()
    assert Priority.objects.get(pk=priority.pk).latest_revision.as_object().actions.count() == 1
    response = admin_client.post(url, {**data, "action-publish": "action-publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    action = Priority.objects.get(pk=priority.pk).actions.get()
    assert (action.title, action.status, action.latest_update_on) == (
        "Set up the leadership group",
        ActionStatus.IN_PROGRESS,
        datetime.date(2026, 11, 1),
    )


def test_priority_listing_shows_progress(admin_client):
    priority = PriorityFactory(title="Create strong leadership")
    PriorityActionFactory(priority=priority, status=ActionStatus.DONE)
    content = admin_client.get(reverse("wagtailsnippets_guidance_priority:list")).content.decode()
    assert "1 of 1 done, 0 in progress, 0 planned" in content


def test_the_counts_per_priority_are_kept_until_something_is_published(home, action_plan):
    from events.factories import EventPageFactory, days_from_now
    from events.models import EventOccurrence

    priority = PriorityFactory(number=1)

    def add_event(title):
        start = days_from_now(2)
        end = start + datetime.timedelta(hours=1)
        return EventPageFactory(parent=home, title=title, start=start, end=end, priority=priority)

    walk = add_event("Walk")
    add_event("Quiz")
    assert action_plan.get_priorities()[0].event_count == 2

    EventOccurrence.objects.filter(event=walk).delete()  # no publish, so no purge: still kept
    assert action_plan.get_priorities()[0].event_count == 2

    add_event("Choir")
    add_event("Film").save_revision().publish()  # publishing purges what pages show
    assert action_plan.get_priorities()[0].event_count == 3
