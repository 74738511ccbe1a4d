"""Seed content for stories: the story index and a handful of clearly marked example stories.

The examples are invented to show every feature (photo with credit, quotes, the action plan
priority, a call to action, related stories). They are flagged `is_example`, titled "Example: ...",
use generated illustrations rather than photos, and `manage.py remove_example_content` deletes them
with their images. Idempotent: what exists is left as editors made it.
"""

import datetime
from io import BytesIO

from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale

from guidance.models import Priority
from home.models import Area, StandardPage, Theme
from home.seed import ensure_entry_point

from .illustrations import draw_illustration
from .models import StoryIndexPage, StoryPage, StoryRelatedLink
from .signals import EXAMPLE_COLLECTION_NAME

INDEX_PAGE = {
    "title": "Stories",
    "slug": "stories",
    "show_in_menus": True,
    "search_description": (
        "Stories of local activities that bring people from different backgrounds together in "
        "Derbyshire and Derby."
    ),
    "introduction": (
        "Local activities that bring people from different backgrounds together, building local pride "
        "and a sense of belonging. Partners can tell us about theirs so others can learn from them."
    ),
}
ENTRY_POINT_TEXT = "What bringing people together looks like: local activities across Derbyshire and Derby."

EXAMPLE_CONSENT = {
    "consent_people": "Nobody: this is an invented example. The people, group and quotes are not real.",
    "consent_method": "none-identifiable",
    "consent_limits": "Example content only. Remove before launch with: manage.py remove_example_content",
    "consent_reference": "Not applicable (seed content).",
}
ILLUSTRATION_CREDIT = "Illustration: drawn for this example."


def _p(html):
    return ("paragraph", html)


def _quote(quote, attribution):
    return ("quote", {"quote": quote, "attribution": attribution, "source": ""})


# Each story: slug, days before today, title, summary, area slugs, theme slugs, priority number,
# organisation, illustration motif, body, call to action. All invented, and said to be.
STORIES = [
    {
        "slug": "example-shared-lunch-long-eaton",
        "days_ago": 6,
        "title": "Example: A shared lunch table brings Long Eaton neighbours together",
        "summary": (
            "An invented example: a monthly lunch in a church hall where long-standing residents and "
            "newer neighbours cook for each other."
        ),
        "areas": ["erewash"],
        "themes": ["common-ground", "participation-and-empowerment"],
        "priority": 2,
        "organisation_name": "Long Eaton Lunch Club (example group)",
        "motif": "table",
        "hero_caption": "Neighbours sharing food at one long table.",
        "hero_alt_text": (
            "Illustration of six people of different ages and skin tones seated along one long table "
            "with dishes of food."
        ),
        "body": [
            _p(
                "<p>This story is an invented example. It shows how a story on the hub looks; the group, "
                "the people and their words are not real.</p>"
            ),
            _p(
                "<p>Once a month, volunteers open a church hall for a free lunch. Each time a different "
                "household cooks a dish from home, and everyone eats together at one long table. Some "
                "guests have lived in the town all their lives; others arrived this year.</p>"
            ),
            _quote(
                "I had lived on my street for two years without knowing anyone's name. Now I get stopped "
                "for a chat on the way to the shops.",
                "A guest (an invented quote)",
            ),
            ("heading", {"text": "How the lunch works", "level": "h2"}),
            (
                "action_list",
                {
                    "heading": "",
                    "actions": [
                        "<p>Anyone can come; nobody is asked where they are from.</p>",
                        "<p>A different household cooks each month, with help from volunteers.</p>",
                        "<p>Food hygiene training is paid for by a small community grant.</p>",
                    ],
                },
            ),
            (
                "image",
                {"motif": "garden", "alt_text": "Illustration of volunteers in a garden.", "caption": ""},
            ),
            _p(
                "<p>The club now runs a summer picnic too, and two guests have become volunteers. "
                "Spreading the word about activities like this is one of the ways the guidance note asks "
                "partners to help.</p>"
            ),
        ],
        "get_involved_text": "The club needs volunteers to cook, wash up and welcome guests.",
        "get_involved_email": "lunchclub@example.org",
        "get_involved_phone": "",
        "get_involved_about_page": False,
    },
    {
        "slug": "example-young-people-map-chesterfield",
        "days_ago": 20,
        "title": "Example: Young people map what makes Chesterfield feel like home",
        "summary": (
            "An invented example: a youth forum asked 60 young people where they feel welcome in town, "
            "and took the map to the council."
        ),
        "areas": ["chesterfield"],
        "themes": ["participation-and-empowerment"],
        "priority": 3,
        "organisation_name": "Spire Youth Forum (example group)",
        "motif": "map",
        "hero_caption": "",
        "hero_alt_text": "Illustration of six young people under a hand-drawn map dotted with coloured pins.",
        "body": [
            _p(
                "<p>This story is an invented example to show how stories work on the hub. The forum and "
                "the young people are not real.</p>"
            ),
            _p(
                "<p>Over a term, members of the youth forum asked other young people to mark the places "
                "where they feel welcome, and the places they avoid. The finished map went to a meeting "
                "with councillors, where the forum proposed three changes.</p>"
            ),
            _quote(
                "We wanted adults to see the town the way we see it.",
                "A forum member, aged 16 (an invented quote)",
            ),
            (
                "callout",
                {
                    "heading": "What changed",
                    "text": "<p>Lighting on one underpass is being improved, and the library now opens "
                    "late on Thursdays for a homework club.</p>",
                    "style": "inset",
                },
            ),
        ],
        "get_involved_text": "Young people aged 11 to 19 can join the forum.",
        "get_involved_email": "",
        "get_involved_phone": "",
        "get_involved_about_page": True,
    },
    {
        "slug": "example-welcome-walk-derby",
        "days_ago": 41,
        "title": "Example: A welcome walk shows new arrivals around Derby",
        "summary": (
            "An invented example: volunteers lead a monthly walk for people new to the city, stopping at "
            "the library, the market and places of worship."
        ),
        "areas": ["derby-city"],
        "themes": ["common-ground", "social-mobility"],
        "priority": 7,
        "organisation_name": "Derby Welcome Walkers (example group)",
        "motif": "walk",
        "hero_caption": "A welcome walk sets off from the city centre.",
        "hero_alt_text": "Illustration of six people walking together past a row of buildings.",
        "body": [
            _p(
                "<p>This story is an invented example. It shows how a story on the hub looks; the group and "
                "the people are not real.</p>"
            ),
            _p(
                "<p>Moving to a new city is easier when someone shows you around. Each month volunteers "
                "meet new arrivals and walk a route that takes in the library, the market, a GP surgery, "
                "the bus station and several places of worship.</p>"
            ),
            _quote(
                "On the walk I learned where to register with a doctor, and I met my first friend here.",
                "A walker who moved to Derby last year (an invented quote)",
            ),
            (
                "accordion",
                {
                    "items": [
                        {
                            "summary": "Who the walks are for",
                            "content": "<p>Anyone new to Derby, whether they moved from across the world "
                            "or across the county.</p>",
                        },
                        {
                            "summary": "Languages",
                            "content": "<p>Volunteers speak several languages between them; ask when you "
                            "book.</p>",
                        },
                    ]
                },
            ),
        ],
        "get_involved_text": "Walks run on the first Saturday of each month.",
        "get_involved_url": "https://www.derbyshire.gov.uk/bringingpeopletogether",
        "get_involved_link_text": "Find out about cohesion work in Derbyshire",
        "get_involved_email": "",
        "get_involved_phone": "",
        "get_involved_about_page": False,
    },
    {
        "slug": "example-garden-dispute-bolsover",
        "days_ago": 63,
        "title": "Example: Talking it through settles a dispute over a shared garden in Bolsover",
        "summary": (
            "An invented example: when tension grew over a community garden, a mediator helped "
            "neighbours agree how to share it."
        ),
        "areas": ["bolsover"],
        "themes": ["responsibility", "tackling-intolerance-and-extremism"],
        "priority": 4,
        "organisation_name": "Bolsover Neighbourhood Mediation (example group)",
        "motif": "garden",
        "hero_caption": "",
        "hero_alt_text": "Illustration of six neighbours standing among tall green trees.",
        "body": [
            _p(
                "<p>This story is an invented example to show how stories work on the hub. The people and "
                "the mediation service are not real.</p>"
            ),
            _p(
                "<p>Arguments about who could use a community garden, and when, had started to turn "
                "personal. A resident reported the tension early. A trained mediator met each group, then "
                "brought them together to agree a rota and a shared noticeboard.</p>"
            ),
            _quote(
                "Reporting it early meant it never became something worse.",
                "A resident (an invented quote)",
            ),
            _p(
                "<p>Reporting local disputes and tensions early can stop them leading to more serious "
                "problems. If you see or hear anything worrying, call Keystone on 0345 123 3333.</p>"
            ),
        ],
        "get_involved_text": "Mediation is free for residents.",
        "get_involved_email": "",
        "get_involved_phone": "01629 538254",
        "get_involved_about_page": False,
    },
    {
        "slug": "example-befriending-calls-high-peak",
        "days_ago": 90,
        "title": "Example: Befriending calls reach isolated older people in the High Peak",
        "summary": (
            "An invented example: volunteers make weekly phone calls to older people living alone in "
            "rural villages."
        ),
        "areas": ["high-peak"],
        "themes": ["responsibility", "social-mobility"],
        "priority": 6,
        "organisation_name": "Peak Village Friends (example group)",
        "motif": "phone",
        "hero_caption": "",
        "hero_alt_text": "Illustration of two phones joined by an arc above a group of people.",
        "body": [
            _p(
                "<p>This story is an invented example. The group, the volunteers and the people they call "
                "are not real.</p>"
            ),
            _p(
                "<p>In villages with one bus a day, a weekly call can be the conversation someone looks "
                "forward to most. Volunteers are matched with the same person each week, and pass on "
                "worries about health or money to the right service.</p>"
            ),
            _quote(
                "She tells me about her garden and I tell her about my children. It has become a friendship.",
                "A volunteer caller (an invented quote)",
            ),
        ],
        "get_involved_text": "Volunteers need one hour a week and a phone.",
        "get_involved_email": "friends@example.org",
        "get_involved_phone": "01629 538254",
        "get_involved_about_page": False,
    },
    {
        "slug": "example-community-leaders-amber-valley",
        "days_ago": 120,
        "title": "Example: Community leaders in Amber Valley learn to bring people together",
        "summary": (
            "An invented example: faith leaders, councillors and volunteers trained side by side in "
            "handling tensions and welcoming newcomers."
        ),
        "areas": ["amber-valley"],
        "themes": ["common-ground", "responsibility"],
        "priority": 1,
        "organisation_name": "Amber Valley Community Leaders Network (example group)",
        "motif": "circle",
        "hero_caption": "",
        "hero_alt_text": "Illustration of six people standing in a loose circle.",
        "body": [
            _p(
                "<p>This story is an invented example to show how stories work on the hub. The network "
                "and its members are not real.</p>"
            ),
            _p(
                "<p>Twenty local leaders met over four evenings to share what works: how to listen to "
                "people's concerns, how to signpost them to support, and how to make new people feel "
                "welcome.</p>"
            ),
            _quote(
                "We all lead different groups, but we serve the same streets.",
                "A network member (an invented quote)",
            ),
        ],
        "get_involved_text": "",
        "get_involved_email": "",
        "get_involved_phone": "",
        "get_involved_about_page": False,
    },
]

# (story, story it points to): one editor's choice, to show chosen related stories.
RELATED = [("example-shared-lunch-long-eaton", "example-welcome-walk-derby")]


def _example_collection():
    collection = Collection.objects.filter(name=EXAMPLE_COLLECTION_NAME).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=EXAMPLE_COLLECTION_NAME)
    return collection


def _illustration(title, seed, motif, collection):
    image_model = get_image_model()
    image = image_model.objects.filter(title=title, collection=collection).first()
    if image is None:
        content = draw_illustration(seed, motif)
        image = image_model(title=title, collection=collection)
        image.file = ImageFile(_named_bytes(content, f"example-{motif}-{seed}.jpg"))
        image.save()
    return image


def _named_bytes(content, name):
    stream = BytesIO(content)
    stream.name = name
    return stream


def ensure_index_page(home):
    page = home.get_children().filter(slug=INDEX_PAGE["slug"]).first()
    if page is not None:
        return page.specific
    page = home.add_child(instance=StoryIndexPage(**INDEX_PAGE, live=False))
    page.save_revision().publish()
    return page


def _body(spec_body, seed, collection):
    body = []
    for block_type, value in spec_body:
        if block_type == "image":
            image = _illustration(
                f"[Example] Illustration: {value['motif']}", seed + 100, value["motif"], collection
            )
            value = {"image": image, "alt_text": value["alt_text"], "caption": value["caption"]}
        body.append((block_type, value))
    return body


def ensure_example_story(index, spec, seed, locale, collection, about_page):
    if index.get_children().filter(slug=spec["slug"]).exists():
        return None
    hero = _illustration(
        f"[Example] {spec['title'].removeprefix('Example: ')}", seed, spec["motif"], collection
    )
    story = StoryPage(
        title=spec["title"],
        slug=spec["slug"],
        is_example=True,
        live=False,
        listing_date=datetime.date.today() - datetime.timedelta(days=spec["days_ago"]),
        summary=spec["summary"],
        hero_image=hero,
        hero_alt_text=spec["hero_alt_text"],
        hero_caption=spec["hero_caption"],
        hero_credit=ILLUSTRATION_CREDIT,
        body=_body(spec["body"], seed, collection),
        priority=Priority.objects.filter(number=spec["priority"], locale=locale).first(),
        organisation_name=spec["organisation_name"],
        get_involved_text=spec["get_involved_text"],
        get_involved_url=spec.get("get_involved_url", ""),
        get_involved_link_text=spec.get("get_involved_link_text", ""),
        get_involved_page=about_page if spec["get_involved_about_page"] else None,
        get_involved_email=spec["get_involved_email"],
        get_involved_phone=spec["get_involved_phone"],
        consent_date=datetime.date.today(),
        **EXAMPLE_CONSENT,
    )
    if story.get_involved_page:
        story.get_involved_link_text = "Read about the hub and how to contact us"
    story.areas.set(Area.objects.filter(slug__in=spec["areas"], locale=locale))
    story.themes.set(Theme.objects.filter(slug__in=spec["themes"], locale=locale))
    index.add_child(instance=story)
    return story


@transaction.atomic
def load(home):
    locale = Locale.get_default()
    index = ensure_index_page(home)
    ensure_entry_point(home, index, ENTRY_POINT_TEXT)

    collection = _example_collection()
    about_page = StandardPage.objects.filter(slug="about").first()
    created = {}
    for seed, spec in enumerate(STORIES):
        story = ensure_example_story(index, spec, seed, locale, collection, about_page)
        if story is not None:
            created[spec["slug"]] = story
    for source, target in RELATED:
        if source in created:
            chosen = StoryPage.objects.filter(slug=target).first()
            if chosen is not None:
                created[source].related_links.add(StoryRelatedLink(story=chosen))
    for story in created.values():
        story.save_revision().publish()
