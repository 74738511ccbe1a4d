"""Seed content for events: the events index, the event categories and example events.

The real seed documents hold no events, so every event here is an example (is_example=True):
labelled in the admin and on the page, and deleted by `manage.py remove_example_content`. They are
created only together with the events index, so removing them is not undone by the next
`make run`. Dates are relative to the day the seed runs, so the examples are upcoming.
"""

from datetime import datetime, time, timedelta
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Locale

from guidance.models import Priority
from home.models import Area, Theme
from home.seed import ensure_entry_point

from . import schedule
from .models import (
    AddCalendarPage,
    EventCancellation,
    EventCategory,
    EventIndexPage,
    EventPage,
    SubmitEventPage,
)

INDEX = {
    "title": "Events",
    "slug": "events",
    "show_in_menus": True,
    "introduction": (
        "Community events across Derbyshire and Derby where people from different backgrounds meet, "
        "share and get involved. Filter by date, area, cost and the access you need."
    ),
    "search_description": (
        "Community events in Derbyshire and Derby: filter, subscribe and add them to your calendar."
    ),
}

SUBMIT_PAGE = {
    "title": "Submit an event",
    "slug": "submit-an-event",
    "show_in_menus": False,
    "introduction": (
        "Tell us about a community event in Derbyshire or Derby that brings people from different "
        "backgrounds together. It is free to list an event."
    ),
    "guidance": (
        "<p>We list events that are open to the public and help people meet, share and get involved. "
        "We do not list commercial sales, political campaigning or events that exclude people because "
        "of who they are (women-only sessions are welcome).</p>"
        "<p>Before you start, have ready the date, times and address, and an image you have permission "
        "to use if you would like one. An editor checks every event before it appears on this website.</p>"
    ),
    "confirmation_title": "Event sent for checking",
    "confirmation_text": (
        "<p>An editor will check your event within 5 working days. Nothing you sent is public until "
        "it has been approved.</p><p>We will email you to say whether it has been published. If we "
        "need more detail, we will contact you.</p>"
    ),
    "search_description": "List your community event on the Derbyshire and Derby events calendar.",
}

ADD_CALENDAR_PAGE = {
    "title": "Add your group's calendar",
    "slug": "add-your-calendar",
    "show_in_menus": False,
    "introduction": (
        "Already keep your events in Google Calendar, Outlook or another calendar? Tell us its public "
        "address and your events will appear here too, and stay up to date."
    ),
    "guidance": (
        "Google Calendar: open Settings, choose your calendar, and copy the public address in iCal format.\n"
        "Outlook: open Settings, Calendar, Shared calendars, publish the calendar and copy the ICS link."
    ),
    "search_description": "Show your group's calendar of events on the Derbyshire and Derby events calendar.",
}

# (name, slug, description): kinds of event, used in filters and by the submission form.
CATEGORIES = [
    ("Food and social", "food-and-social", "Coffee mornings, lunches, cafés and get-togethers."),
    ("Arts and culture", "arts-and-culture", "Music, dance, film, crafts and heritage."),
    ("Faith and belief", "faith-and-belief", "Open days, interfaith events and celebrations."),
    (
        "Festivals and celebrations",
        "festivals-and-celebrations",
        "Fairs, festivals and cultural celebrations.",
    ),
    ("Learning and talks", "learning-and-talks", "Talks, workshops, language classes and training."),
    ("Sport and wellbeing", "sport-and-wellbeing", "Sport, walks, exercise and wellbeing sessions."),
    ("Meetings and forums", "meetings-and-forums", "Community forums, consultations and public meetings."),
    ("Volunteering", "volunteering", "Volunteer fairs, clean-ups and ways to help."),
    (
        "Children and young people",
        "children-and-young-people",
        "Activities for children, families and young people.",
    ),
]

# Ofcom keeps 01632 960xxx for drama: an example number can never reach a real person.
EXAMPLE_PHONE = "01632 960 001"
# Example venues are invented: made-up streets, and ZZ99 postcodes (the NHS's pseudo-postcode area,
# which is no one's address), so no example points at a real building.


def _image(title, colours):
    """A plain generated picture, so the examples show responsive images without shipping photos."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    picture = PILImage.new("RGB", (1200, 800), colours[0])
    draw = ImageDraw.Draw(picture)
    for index, colour in enumerate(colours[1:]):
        draw.ellipse((150 + index * 330, 200, 650 + index * 330, 700), outline=colour, width=40)
    buffer = BytesIO()
    picture.save(buffer, format="PNG")
    image = Image(title=title, file=ImageFile(buffer, name=title.lower().replace(" ", "-")[:40] + ".png"))
    image.save()
    return image


def _at(days, hour=0, minute=0):
    return schedule.from_local(
        datetime.combine(schedule.local_today() + timedelta(days=days), time(hour, minute))
    )


def _next_weekday(weekday, after=3):
    """Days from today to the first `weekday` (0 = Monday) at least `after` days away."""
    today = schedule.local_today()
    return after + (weekday - (today + timedelta(days=after)).weekday()) % 7


def example_events():
    """Specifications of the example events; together they show every feature."""
    tuesday = _next_weekday(1)
    friday = _next_weekday(4, after=5)
    saturday = _next_weekday(5, after=14)
    monday = _next_weekday(0, after=20)
    wednesday = _next_weekday(2, after=8)
    return [
        {
            "title": "Conversation café for neighbours old and new",
            "slug": "conversation-cafe",
            "summary": (
                "A relaxed weekly café where people who have recently moved to Matlock and long-standing "
                "residents meet over tea and practise English together."
            ),
            "start": _at(tuesday, 10),
            "end": _at(tuesday, 12),
            "repeat": schedule.Repeat.WEEKLY,
            "repeat_until": schedule.local_today() + timedelta(days=tuesday + 7 * 11),
            "cancel": [(2, "The hall is closed for repairs this week.")],
            "venue_name": "Example Community Centre",
            "venue_address": "1 Example Street\nMatlock",
            "venue_postcode": "ZZ99 1AA",
            "organiser_name": "Matlock Welcome Group (example)",
            "organiser_url": "https://example.org/matlock-welcome/contact",
            "organiser_phone": EXAMPLE_PHONE,
            "area": "derbyshire-dales",
            "category": "food-and-social",
            "themes": ["common-ground", "social-mobility"],
            "priority": "new-communities",
            "step_free_access": True,
            "hearing_loop": True,
            "quiet_space": True,
            "languages": "English, Polish, Urdu and Arabic",
            "access_notes": "Free parking behind the centre. Tea, coffee and biscuits provided.",
            "image": ("[Example] Conversation café", ["#0b5563", "#f2a900", "#ffffff"]),
            "image_alt": "Two overlapping circles, one teal and one gold, on a teal background.",
        },
        {
            "title": "Family fun day in the park",
            "summary": "Games, music and food from many cultures for the whole family. Everyone welcome.",
            "start": _at(saturday),
            "end": _at(saturday),
            "all_day": True,
            "venue_name": "Example Memorial Park",
            "venue_address": "2 Sample Road\nRipley",
            "venue_postcode": "ZZ99 2AA",
            "organiser_name": "Ripley Together (example)",
            "organiser_url": "https://example.org/ripley-together",
            "area": "amber-valley",
            "category": "festivals-and-celebrations",
            "themes": ["common-ground", "participation-and-empowerment"],
            "priority": "belonging",
            "step_free_access": True,
            "bsl_interpretation": True,
            "family_friendly": True,
            "childcare": True,
            "access_notes": "Accessible toilets and a changing places facility on site.",
            "image": ("[Example] Family fun day", ["#f2a900", "#0b5563", "#ffffff"]),
            "image_alt": "A gold banner with two teal and white circles linked together.",
        },
        {
            "title": "Understanding hate crime and how to report it",
            "summary": "An online session on what hate crime is, how to report it and the support available.",
            "start": _at(wednesday, 18, 30),
            "end": _at(wednesday, 19, 30),
            "online_url": "https://example.org/join/hate-crime-awareness",
            "booking_url": "https://example.org/book/hate-crime-awareness",
            "organiser_name": "Derbyshire Community Safety Partnership (example)",
            "organiser_url": "https://example.org/community-safety/contact",
            "category": "learning-and-talks",
            "themes": ["tackling-intolerance-and-extremism"],
            "priority": "tensions-and-hate-crime",
            "bsl_interpretation": True,
            "languages": "English, with live captions",
        },
        {
            "title": "Women's swim and wellbeing session",
            "summary": "A private pool session for women with female lifeguards, then a wellbeing chat.",
            "start": _at(friday, 18),
            "end": _at(friday, 19, 30),
            "repeat": schedule.Repeat.FORTNIGHTLY,
            "repeat_until": schedule.local_today() + timedelta(days=friday + 14 * 6),
            "venue_name": "Example Leisure Centre",
            "venue_address": "3 Example Lane\nDerby",
            "venue_postcode": "ZZ99 3AA",
            "organiser_name": "Derby Women's Wellbeing Network (example)",
            "organiser_url": "https://example.org/womens-wellbeing",
            "is_free": False,
            "price": "£3, or £1.50 with a Derby Card",
            "booking_url": "https://example.org/book/womens-swim",
            "area": "derby-city",
            "category": "sport-and-wellbeing",
            "themes": ["participation-and-empowerment"],
            "priority": "vulnerable-and-isolated",
            "women_only": True,
            "childcare": True,
            "quiet_space": True,
            "step_free_access": True,
            "languages": "English, Bengali and Urdu",
        },
        {
            "title": "Neighbourhood forum: your area, your say",
            "summary": "Meet local councillors, police and community groups, in the room or online.",
            "start": _at(monday, 19),
            "end": _at(monday, 20, 30),
            "repeat": schedule.Repeat.MONTHLY_WEEKDAY,
            "repeat_until": schedule.local_today() + timedelta(days=monday + 180),
            "venue_name": "Example Town Hall",
            "venue_address": "4 Sample Street\nChesterfield",
            "venue_postcode": "ZZ99 4AA",
            "online_url": "https://example.org/join/chesterfield-forum",
            "organiser_name": "Chesterfield Neighbourhood Forum (example)",
            "organiser_phone": EXAMPLE_PHONE,
            "area": "chesterfield",
            "category": "meetings-and-forums",
            "themes": ["responsibility", "participation-and-empowerment"],
            "priority": "leadership",
            "hearing_loop": True,
            "bsl_interpretation": True,
            "step_free_access": True,
        },
        {
            "title": "Half-term craft drop-in",
            "summary": "Drop in any afternoon of half term to make lanterns and flags from around the world.",
            "start": _at(monday + 7, 13),
            "end": _at(monday + 7, 16),
            "repeat": schedule.Repeat.DAILY,
            "repeat_until": schedule.local_today() + timedelta(days=monday + 11),
            "venue_name": "Example Library",
            "venue_address": "5 Example Place\nLong Eaton",
            "venue_postcode": "ZZ99 5AA",
            "organiser_name": "Erewash Libraries (example)",
            "organiser_url": "https://example.org/erewash-libraries",
            "area": "erewash",
            "category": "children-and-young-people",
            "themes": ["common-ground"],
            "family_friendly": True,
            "step_free_access": True,
        },
        {
            "title": "Multicultural food festival",
            "summary": "Two days of food, music and dance from the communities who call High Peak home.",
            "start": _at(saturday + 21),
            "end": _at(saturday + 22),
            "all_day": True,
            "status": EventPage.Status.POSTPONED,
            "status_note": "Postponed because of the weather forecast. The new dates will be announced here.",
            "venue_name": "Example Market Square",
            "venue_address": "6 Sample Square\nBuxton",
            "venue_postcode": "ZZ99 6AA",
            "organiser_name": "High Peak Festivals (example)",
            "organiser_url": "https://example.org/high-peak-festivals",
            "is_free": False,
            "price": "£2 for adults, children free",
            "area": "high-peak",
            "category": "festivals-and-celebrations",
            "themes": ["common-ground"],
            "family_friendly": True,
            "step_free_access": True,
        },
        {
            "title": "Youth football tournament",
            "summary": "Mixed teams of young people from across Bolsover play friendly five-a-side.",
            "start": _at(saturday + 7, 10),
            "end": _at(saturday + 7, 15),
            "status": EventPage.Status.CANCELLED,
            "status_note": "The pitches are waterlogged. We hope to run it again in the spring.",
            "venue_name": "Example Sports Ground",
            "venue_address": "7 Example Way\nBolsover",
            "venue_postcode": "ZZ99 7AA",
            "organiser_name": "Bolsover Youth Sport (example)",
            "organiser_url": "https://example.org/bolsover-youth-sport",
            "area": "bolsover",
            "category": "sport-and-wellbeing",
            "themes": ["participation-and-empowerment"],
            "priority": "young-people",
            "family_friendly": True,
        },
        {
            "title": "Volunteer fair",
            "summary": "Local charities and groups showed the many ways to volunteer in South Derbyshire.",
            "start": _at(-30, 10),
            "end": _at(-30, 14),
            "venue_name": "Example Civic Offices",
            "venue_address": "8 Sample Walk\nSwadlincote",
            "venue_postcode": "ZZ99 8AA",
            "organiser_name": "South Derbyshire CVS (example)",
            "organiser_url": "https://example.org/south-derbyshire-cvs",
            "area": "south-derbyshire",
            "category": "volunteering",
            "themes": ["responsibility"],
            "step_free_access": True,
        },
    ]


def ensure_categories(locale):
    for order, (name, slug, description) in enumerate(CATEGORIES):
        EventCategory.objects.get_or_create(
            slug=slug, locale=locale, defaults={"name": name, "description": description, "sort_order": order}
        )


def create_example_event(index, spec, locale):
    spec = dict(spec)
    cancel = spec.pop("cancel", [])
    theme_slugs = spec.pop("themes", [])
    image = spec.pop("image", None)
    for name, model in (("area", Area), ("category", EventCategory), ("priority", Priority)):
        if name in spec:
            spec[name] = model.objects.filter(slug=spec[name], locale=locale).first()
    event = EventPage(**spec, is_example=True)
    if image:
        event.image = _image(*image)
    event.themes = list(Theme.objects.filter(slug__in=theme_slugs, locale=locale))
    for position, reason in cancel:
        event.cancelled_dates.add(EventCancellation(date=event.spans[position].date, reason=reason))
    index.add_child(instance=event)
    event.save_revision().publish()
    return event


def ensure_submit_page(index):
    """The public "Submit an event" form, inside the calendar, once."""
    page = SubmitEventPage.objects.child_of(index).first()
    if page is None:
        page = index.add_child(instance=SubmitEventPage(**SUBMIT_PAGE))
        page.save_revision().publish()
    return page


def ensure_add_calendar_page(index):
    """The public "Add your calendar" form, inside the calendar, once."""
    page = AddCalendarPage.objects.child_of(index).first()
    if page is None:
        page = index.add_child(instance=AddCalendarPage(**ADD_CALENDAR_PAGE))
        page.save_revision().publish()
    return page


@transaction.atomic
def load(home):
    locale = Locale.get_default()
    ensure_categories(locale)
    index = EventIndexPage.objects.child_of(home).first()
    if index is not None:
        ensure_submit_page(index)
        ensure_add_calendar_page(index)
        return index
    index = home.add_child(instance=EventIndexPage(**INDEX))
    index.save_revision().publish()
    ensure_submit_page(index)
    ensure_add_calendar_page(index)
    for spec in example_events():
        create_example_event(index, spec, locale)
    ensure_entry_point(
        home,
        index,
        "Community events near you: filter by date, area and access, and add them to your calendar.",
    )
    return index
