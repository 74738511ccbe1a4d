"""Seed content from the Derbyshire guidance note and the Derby Cohesion & Integration Charter 2014-16:
the guidance section and note, resources, the charter, the action plan and its priorities.

The text is kept here as structured data (never read from elsewhere at run time). Idempotent:
what exists is left as editors made it; what is missing is created. The seed documents record
no actions under the priorities, so none are created.
"""

import html
from datetime import date, timedelta

from django.core.files.base import ContentFile
from django.db import transaction

from wagtail.documents import get_document_model
from wagtail.models import Locale

from home.models import Audience, Theme
from home.seed import GUIDANCE_WEB_ADDRESS, ensure_entry_point

from .models import (
    ActionPlanPage,
    CharterValue,
    GuidanceIndexPage,
    GuidanceNoteAction,
    GuidanceNoteDocument,
    GuidanceNotePage,
    GuidanceNoteRelatedLink,
    IntegrationFactor,
    Priority,
    ResourceItem,
    ResourcesPage,
    Signatory,
    StrategyIndexPage,
    StrategyPage,
)

# (number, slug, title as the charter words it, slugs of the integration factors it serves).
# The charter lists the priorities without mapping them to factors; the mapping is editorial.
PRIORITIES = [
    (
        1,
        "leadership",
        "Create strong and effective leadership of community cohesion at city and community level",
        ["responsibility", "participation-and-empowerment"],
    ),
    (
        2,
        "belonging",
        "Engage and support local communities to develop a sense of belonging to their neighbourhood "
        "and the city",
        ["common-ground", "participation-and-empowerment"],
    ),
    (
        3,
        "young-people",
        "Recognising the importance and role of young people in the city and provide engagement and support",
        ["participation-and-empowerment", "social-mobility"],
    ),
    (
        4,
        "tensions-and-hate-crime",
        "Monitor and assess community tensions and hate crime effectively and resolve conflicts",
        ["tackling-intolerance-and-extremism"],
    ),
    (
        5,
        "preventing-extremism",
        "Implement actions that prevent extremist activity of any sort",
        ["tackling-intolerance-and-extremism"],
    ),
    (
        6,
        "vulnerable-and-isolated",
        "Support those who are vulnerable and isolated in our city",
        ["social-mobility", "responsibility"],
    ),
    (
        7,
        "new-communities",
        "Deliver a New Communities Strategy focusing on the impacts of migration",
        ["common-ground", "social-mobility"],
    ),
]


def _p(*paragraphs):
    """A rich-text paragraph block from plain text (only &, < and > need escaping)."""
    return ("paragraph", "".join(f"<p>{html.escape(text, quote=False)}</p>" for text in paragraphs))


def _h2(text):
    return ("heading", {"text": text, "level": "h2"})


def _quote(text, attribution, source):
    return ("quote", {"quote": text, "attribution": attribution, "source": source})


# ---------------------------------------------------------------------------
# The guidance note (Bringing People Together: guidance note for the voluntary and community sector)
# ---------------------------------------------------------------------------

NOTE_AUDIENCE_DESCRIPTION = (
    "Community groups, volunteers, voluntary sector service providers, faith groups, social "
    "enterprises, umbrella organisations, charities etc."
)

NOTE_COMMUNITIES_WHERE = [
    "There is a shared vision for the future and a sense of belonging",
    "Young and older people get on well together and people respect each other",
    "People from different backgrounds, particularly those who are under represented have a voice and "
    "access to the same life opportunities, employment and services",
    "The gap between “the haves” and “the have nots” is reduced by tackling inequality",
    "People from new communities are welcomed and are able to settle and integrate.",
]

NOTE_SECTIONS = [
    (
        "What is community cohesion?",
        [
            "Community cohesion is the glue which binds communities together.",
            "This is strengthened when people get on well together, respect each other and feel they can "
            "influence decisions in their area. It can be weakened when people feel that they do not enjoy "
            "the same life opportunities as others.",
        ],
    ),
    (
        "What does this mean in Derbyshire?",
        [
            "In Derbyshire, a wide range of factors affect cohesion. These include ethnicity, social and "
            "economic background, housing, the length of time people have lived in an area, age, "
            "nationality, the availability of local services and levels of crime and anti-social "
            "behaviour. We want to build communities where:",
        ],
    ),
    (
        "Why is community cohesion important?",
        [
            "Communities where people work together are stronger communities. Cohesion has many knock on "
            "effects such as helping people to feel a sense of belonging and improving satisfaction with an "
            "area as a place to live. Although every area is different, cohesion relates closely to many "
            "other priorities such as reducing crime and anti-social behaviour and improving education and "
            "training.",
        ],
    ),
    (
        "Why are you important?",
        [
            "You may help to support and develop organisations that deliver community based services and "
            "facilities or actually be running those frontline community groups. You assist communities to "
            "find local solutions to local problems and also enable many people to get involved in their "
            "communities through volunteering.",
        ],
    ),
]

# The printed leaflet says "Please turn over for ideas on how you can help"; on the web the ideas follow.
NOTE_TURN_OVER_HTML = '<p>Read on for <a href="#ways-to-help">ideas on how you can help</a>.</p>'

NOTE_HELP_INTRODUCTION = "You can help to make communities in Derbyshire more cohesive by:"

NOTE_HELP_ACTIONS = [
    "Ensuring membership is inclusive and encourages people from a variety of backgrounds. Advertise your "
    "group's meetings and activities as widely as possible and make new people feel welcome.",
    "Listening to the views, concerns and anxieties of people within your group (or those you work with) "
    "and either signposting to further support available or reporting local disputes and tensions which "
    "may have the potential to lead to more serious problems.",
    "Encouraging local people with the ability to lead and inspire to become champions for cohesion.",
    "Reaching out to people who find it hard to access services and helping them to gain the support they "
    "need from local institutions.",
    "Getting involved in local partnerships to share your knowledge and expertise about local issues with "
    "other local service providers.",
    "Reporting problems and encouraging members of your community to do the same. If you see or hear "
    "anything worrying in your neighbourhood call 0345 123 3333 and report it to Keystone (the Derbyshire "
    "operation to combat violent extremism).",
    "Spreading the word through local networks and media about successful local activities that bring "
    "people from different backgrounds together to build local pride and a sense of belonging.",
    "Providing volunteering opportunities which enable people to make a positive contribution to their "
    "local communities.",
]

NOTE_SUMMARY = (
    "What community cohesion is, what it means in Derbyshire and why it matters, with practical ways "
    "community groups, volunteers, charities and faith groups can help bring people together."
)

NOTE = {
    "title": "Community cohesion in Derbyshire: guidance for the voluntary and community sector",
    "slug": "voluntary-and-community-sector",
    "seo_title": "Community cohesion guidance for the voluntary and community sector",
    # Cards that feature a page (the home page's) show its search description.
    "search_description": NOTE_SUMMARY,
    "summary": NOTE_SUMMARY,
    "audience_description": NOTE_AUDIENCE_DESCRIPTION,
    "help_heading": "Ways you can help",
    "help_introduction": NOTE_HELP_INTRODUCTION,
}
NOTE_AUDIENCES = ["voluntary-and-community-sector", "faith-groups"]
# Editorial tagging so the note appears under these theme filters; the leaflet names no factors.
NOTE_THEMES = ["common-ground", "participation-and-empowerment", "tackling-intolerance-and-extremism"]


def note_body():
    body = []
    for heading, paragraphs in NOTE_SECTIONS:
        body.append(_h2(heading))
        block_type, markup = _p(*paragraphs)
        if heading == "What does this mean in Derbyshire?":
            items = "".join(f"<li>{html.escape(item, quote=False)}</li>" for item in NOTE_COMMUNITIES_WHERE)
            markup += f"<ul>{items}</ul>"
        if heading == "Why are you important?":
            markup += NOTE_TURN_OVER_HTML
        body.append((block_type, markup))
    return body


def _help_action_html(text):
    escaped = html.escape(text, quote=False)
    return "<p>" + escaped.replace("0345 123 3333", '<a href="tel:03451233333">0345 123 3333</a>') + "</p>"


def note_plain_text():
    """The guidance note as a plain-text download."""
    lines = [
        "Bringing People Together",
        "Community Cohesion in Derbyshire",
        "Guidance Note for the Voluntary and Community Sector",
        "",
        "Who is this guidance for?",
        NOTE_AUDIENCE_DESCRIPTION,
    ]
    for heading, paragraphs in NOTE_SECTIONS:
        lines += ["", heading, *paragraphs]
        if heading == "What does this mean in Derbyshire?":
            lines += [f"- {item}" for item in NOTE_COMMUNITIES_WHERE]
    lines += ["", NOTE_HELP_INTRODUCTION, *(f"- {action}" for action in NOTE_HELP_ACTIONS)]
    lines += [
        "",
        "For more information on community cohesion in Derbyshire visit",
        GUIDANCE_WEB_ADDRESS,
        "Phone: 01629 538254",
        "Email: policy@derbyshire.gov.uk",
    ]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# The Derby Cohesion & Integration Charter 2014-16
# ---------------------------------------------------------------------------

CHARTER_INTRODUCTION = [
    _quote(
        "Community cohesion is what must happen in all communities to enable different groups of people to "
        "get on well together. A key contributor to community cohesion is integration which is what must "
        "happen to enable new residents and existing residents to adjust to one another.",
        "The Commission on Integration and Cohesion",
        "2007",
    ),
    _p(
        "With a population that is continually diversifying, it is important to work actively to identify "
        "changing issues, to maintain Derby’s high levels of cohesion and to respond quickly and effectively "
        "when there are tensions to be addressed. We want to create the conditions in Derby for everyone to "
        "live and work successfully alongside each other. The national background in relation to Government "
        "Policy and migration trends in which the current Derby Cohesion Strategy exists has entered a new "
        "phase and in response we are updating our vision for cohesion and integration in the city.",
        "Everyone deserves to live in a strong community, where everyone feels welcomed, where people get "
        "along with each other, where no-one feels excluded and where everyone has a chance to play a full "
        "part in local life. Our aim to ensure Derby continues to be a city where people have a sense of "
        "belonging, contribute to society and get on well together. We will build on what is already "
        "happening in the City and identify what more we need to be doing to build stronger and cohesive "
        "communities.",
        "Becoming complacent is one of the quickest paths to the breakdown of cohesion, so this Charter "
        "focuses on addressing the divisions that do exist – because as strong as Derby’s community is, it "
        "is not perfect – and on building upon the excellent work that has already been done by residents, "
        "faith groups, community organisations and local public sector organisations. The Charter requires "
        "commitment from all partners in the city to deliver the priorities and actions identified, and to "
        "work together to make Derby a place where people from different backgrounds get on well together.",
        "This Cohesion and Integration Charter takes the positive community energy and the strength of "
        "partnership working in Derby and brings it together in a focused public commitment.",
    ),
]

CHARTER_SIGNATORIES = [
    ("Councillor Ranjit Banwait", "Leader of Derby City Council", "Derby City Council"),
    ("Councillor Asaf Afzal", "Cabinet Member Neighbourhoods", "Derby City Council"),
]

# The printed charter has no heading here; "Background" is the web version's, so the page has sections.
CHARTER_BACKGROUND = [
    _h2("Background"),
    _quote("Inspiring people, creating opportunities...", "", "The Derby Plan 2013 - 2015"),
    _p(
        "Within any society there will always be potential for misunderstandings, conflicts and tensions. A "
        "diverse society is no different. Cohesion within and between communities does not happen by chance "
        "but occurs as a result of good education, positive experiences, tolerance, understanding and "
        "providing economic opportunities for everyone to live happy and fulfilled lives. Most of the basic "
        "building blocks for this are embedded within the laws that govern our society and the public "
        "services that are provided on behalf of the community. However, cohesion and integration cannot be "
        "achieved through laws or public service delivery alone. Individuals and communities should have "
        "their rights robustly and fairly defended and their needs considered and they themselves should "
        "recognise their roles and responsibilities within the wider community of Derby and the UK.",
        "Within Derby, people should be able to see themselves as being part of the wider community and act "
        "in a way that contributes positively to society in Derby. Cohesion and integration will not just "
        "happen by itself. This Charter is intended to help to identify the key risks and challenges that "
        "need to be overcome and provide the foundation for plans to tackle those key risks and challenges",
        "Derby's communities generally get on well and partners are genuinely committed to working together. "
        "It's a city generally considered to be cohesive. However, we can't afford to be complacent – our "
        "research has identified that there are still some barriers to cohesion and a threat of breakdown. "
        "Therefore, Derby needs to make sure that there is a Cohesion & Integration Charter in place.",
        "In the autumn of 2006 the Derby City Partnership commissioned research that would underpin a "
        "Cohesion Strategy, the first for the city. The research clearly showed the tensions that existed in "
        "the city and highlighted the difficulties experienced at both community and agency level. Derby "
        "confirmed a strong multi-cultural history. It demonstrated a past where people from different "
        "backgrounds get along well together. However there was evidence to show that a city wide strategy "
        "was necessary to keep the balance. The city had an identified need to plan for the future and the "
        "strategy was launched in the spring of 2007.",
        "The city has moved on since the original work that established the strategy, the profile of the "
        "city and the tensions identified have also moved on. Derby is a city where the intelligence will "
        "show it as 'at risk'. Events have provided hard evidence that cohesion and integration is not an "
        "agenda to be ignored by the city. Court trials in relation to 'grooming' and sexual exploitation, "
        "extremist activity, gang and serious organised crime, community tensions in relation to migration "
        "of new communities from Eastern Europe and pressures on public services all show that a strategic "
        "approach to both cohesion and integration is needed now, more than ever. The operational response "
        "to these issues has always been sound. The previous strategy sought to address the 'softer' long "
        "term issues and the challenge now is for Derby to develop a new approach that is robust in its "
        "strategic response to the key risks and threats to Cohesion and Integration.",
        "Integration and European migration are now major policy areas for national government. There "
        "exists, at national level, an increasing feeling – and fear – that communities and cultures are in "
        "danger of becoming increasingly divided. National research shows that many people have negative "
        "thoughts about the current cultural mix, and that they may perceive it as a threat.",
    ),
    _quote(
        "Our country is stronger by far when each of us, whatever our background, has a chance to "
        "contribute. And our communities are stronger when different people not only treat each other with "
        "respect, but contribute together. Integration is achieved when neighbourhoods, families and "
        "individuals come together on issues which matter to them, and so we are committed to rebalancing "
        "activity from centrally-led to locally-led action and from the public to the voluntary and private "
        "sectors. But this also means that we all have a role to play in creating an integrated society.",
        "DCLG",
        "Creating the conditions for integration, 2012",
    ),
    _p(
        "In Derby, the Community Cohesion Strategy produced in 2007 adopted the Commission on Integration "
        "and Cohesion definitions in “Our Shared Futures”. The strategy vision was for a city where people "
        "from different backgrounds can live together and respect each other.",
        "National policy on this has changed so that integration is seen as being necessary at a local level "
        "as well as regional and national levels. This change identifies the increased role of the "
        "individual and community in achieving integrated communities.",
        "‘Creating the Conditions for Integration’, the Government’s Integration Strategy states that there "
        "are five key factors which contribute to integration:",
    ),
    ("integration_factors", None),
    _p(
        "Improving cohesion in the city will undoubtedly play a vital role in building and maintaining the "
        "reputation of Derby. That reputation will impact on the economic viability of the city, together "
        "with its ability to attract investment, tourism and regeneration funding. Furthermore, creating "
        "cohesive communities will impact greatly on the feeling of well-being and self-confidence in and "
        "around the city. Confident residents are more likely to participate fully in the life of the city "
        "and in their local neighbourhood.",
        "Derby's long-term prospects are therefore linked to the successful implementation of this Charter. "
        "Derby has a successful past and it aims to build a successful future.",
        "This Cohesion Charter will help deliver that success.",
    ),
]

# (theme slug, the factor as the charter words it)
CHARTER_FACTORS = [
    (
        "common-ground",
        "A clear sense of shared aspirations and values, which focuses on what we have in common rather than "
        "our differences.",
    ),
    (
        "responsibility",
        "A strong sense of our mutual commitments and obligations, which brings personal and social "
        "responsibility.",
    ),
    ("social-mobility", "People able to realise their potential to get on in life."),
    (
        "participation-and-empowerment",
        "People of all backgrounds have the opportunities to take part, be heard and take decisions in local "
        "and national life.",
    ),
    (
        "tackling-intolerance-and-extremism",
        "A robust response to threats, whether discrimination, extremism or disorder, that deepen division "
        "and increase tensions.",
    ),
]

# (the value as the charter words it, the words it highlights; two phrases separated by a semicolon)
CHARTER_VALUES = [
    (
        "There is a clearly defined and widely shared sense of the contribution of different individuals and "
        "different communities to a future vision for a neighbourhood, city, region or country.",
        "shared; future vision",
    ),
    (
        "There is a strong sense of an individual's rights and responsibilities when living in a particular "
        "place – people know what everyone expects of them and what they can expect in return.",
        "rights and responsibilities",
    ),
    (
        "Those from different backgrounds have similar life opportunities, access to services and treatment.",
        "similar life opportunities",
    ),
    (
        "There is a strong sense of trust in institutions locally to act fairly in arbitrating between "
        "different interests and for their role and justifications to be subject to public scrutiny.",
        "strong sense of trust",
    ),
    (
        "There is a strong recognition of the contribution of both people who have newly arrived and those "
        "who already have deep attachments to a particular place, with a focus on what we have in common.",
        "focus on what we have in common",
    ),
    (
        "There are strong and positive relationships between people from different backgrounds in the "
        "workplace, in schools and in other institutions within neighbourhoods.",
        "strong and positive relationships",
    ),
]

LEADERSHIP_GROUP_TEXT = (
    "The Cohesion & Integration Leadership Group will drive this Charter and Actions that develop from it."
)

CHARTER = {
    "title": "Derby Cohesion & Integration Charter",
    "slug": "derby-cohesion-integration-charter-2014-16",
    "seo_title": "Derby Cohesion & Integration Charter 2014-16",
    "kind": StrategyPage.Kind.CHARTER,
    "period_start": 2014,
    "period_end": 2016,
    "publishing_organisation": "Derby City Council",
    "strapline": (
        "Working together for the common good and supporting those who are vulnerable and isolated in our "
        "city"
    ),
    "summary": (
        "Derby's public commitment to cohesion and integration: a shared vision, six values, the five "
        "factors that contribute to integration and seven priorities for action."
    ),
    "vision": "Working together for the common good.",
    "action_plan_introduction": LEADERSHIP_GROUP_TEXT,
}


def charter_plain_text():
    """The charter as a plain-text download."""

    def text_of(stream):
        lines = []
        for block_type, value in stream:
            if block_type == "quote":
                credit = ", ".join(part for part in (value["attribution"], value["source"]) if part)
                lines += ["", f"“{value['quote']}”", credit]
            elif block_type == "heading":
                lines += ["", value["text"]]
            elif block_type == "paragraph":
                for paragraph in value.removeprefix("<p>").removesuffix("</p>").split("</p><p>"):
                    lines += ["", html.unescape(paragraph)]
            elif block_type == "integration_factors":
                names = dict(THEME_NAMES)
                lines += [f"- {names[slug]}: {text}" for slug, text in CHARTER_FACTORS]
        return lines

    lines = ["Derby Cohesion & Integration Charter", "2014 - 16", "", CHARTER["strapline"]]
    lines += ["", "Introduction"]
    lines += text_of(CHARTER_INTRODUCTION)
    for name, role, _organisation in CHARTER_SIGNATORIES:
        lines += ["", name, role]
    lines += text_of(CHARTER_BACKGROUND)
    lines += ["", "The Charter", "", "Our Vision", f"“{CHARTER['vision']}”", "", "Our Values"]
    lines += [f"- {text}" for text, _phrases in CHARTER_VALUES]
    lines += ["", "Our Action Plan", LEADERSHIP_GROUP_TEXT]
    lines += [f"{number}. {title}" for number, _slug, title, _themes in PRIORITIES]
    return "\n".join(lines) + "\n"


THEME_NAMES = [
    ("common-ground", "Common ground"),
    ("responsibility", "Responsibility"),
    ("social-mobility", "Social mobility"),
    ("participation-and-empowerment", "Participation and empowerment"),
    ("tackling-intolerance-and-extremism", "Tackling intolerance and extremism"),
]

# ---------------------------------------------------------------------------
# Section pages, the action plan and resources
# ---------------------------------------------------------------------------

GUIDANCE_INDEX = {
    "title": "Guidance",
    "slug": "guidance",
    "show_in_menus": True,
    "search_description": "Guidance notes on community cohesion for groups, volunteers and organisations.",
    "introduction": (
        "Guidance notes on community cohesion: what it means, why it matters and how you can help bring "
        "people together in Derbyshire and Derby."
    ),
}

STRATEGY_INDEX = {
    "title": "Strategy and charter",
    "slug": "strategy-and-charter",
    "show_in_menus": True,
    "search_description": "The cohesion charter's vision, values and priorities, and the action plan.",
    "introduction": (
        "The vision, values and priorities partners have committed to, and the action plan that shows what "
        "is being done about each priority."
    ),
}

ACTION_PLAN = {
    "title": "Action plan",
    "slug": "action-plan",
    "introduction": (
        "What partners are doing about each of the seven priorities in the Derby Cohesion & Integration "
        "Charter, and how far each action has got."
    ),
    "leadership_heading": "Who is leading this work",
    "leadership_text": f"<p>{html.escape(LEADERSHIP_GROUP_TEXT, quote=False)}</p>",
    "key_contacts": [
        (
            "contact",
            {
                "name": "Derbyshire County Council",
                "role": "Community cohesion in Derbyshire",
                "phone": "01629 538254",
                "email": "policy@derbyshire.gov.uk",
                "website": GUIDANCE_WEB_ADDRESS,
                "address": "",
            },
        )
    ],
}

RESOURCES = {
    "title": "Resources",
    "slug": "resources",
    "search_description": "Guidance notes, the charter and other documents about community cohesion.",
    "introduction": (
        "Guidance notes and other documents to help you understand community cohesion, to download, print "
        "and share."
    ),
}

# (document title, file name, text builder, description on the resources page)
DOCUMENTS = {
    "note": (
        "Guidance note for the voluntary and community sector (text version)",
        "guidance-note-voluntary-and-community-sector.txt",
        note_plain_text,
        "The guidance note as plain text, for printing, screen readers and translation tools.",
    ),
    "charter": (
        "Derby Cohesion & Integration Charter 2014-16 (text version)",
        "derby-cohesion-integration-charter-2014-16.txt",
        charter_plain_text,
        "The full charter: introduction, vision, values, integration factors and the seven priorities.",
    ),
}


# Review dates. SEED_REVIEWED_ON is when this text was last checked against its source documents:
# pages show it as "Last updated" until an editor reviews them again. The charter's period has
# ended, so it falls due sooner (is there a successor?); the live action plan soonest.
SEED_REVIEWED_ON = date(2026, 11, 22)


def review_dates(days_to_next_review):
    return {
        "last_reviewed": SEED_REVIEWED_ON,
        "next_review_due": SEED_REVIEWED_ON + timedelta(days_to_next_review),
    }


NOTE_REVIEW, CHARTER_REVIEW, ACTION_PLAN_REVIEW = review_dates(365), review_dates(182), review_dates(91)


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def _publish(page):
    page.save_revision().publish()


def _child(parent, model, slug):
    return model.objects.child_of(parent).filter(slug=slug).first()


def ensure_priorities(locale):
    for number, slug, title, theme_slugs in PRIORITIES:
        priority, created = Priority.objects.get_or_create(
            number=number, locale=locale, defaults={"slug": slug, "title": title}
        )
        if created:
            priority.themes.set(Theme.objects.filter(slug__in=theme_slugs, locale=locale))
            priority.save()


def ensure_section(home, model, spec, after=None):
    """A top-level section page, placed first in the menu (or just after `after`)."""
    page = _child(home, model, spec["slug"])
    if page is not None:
        return page, False
    page = model(**spec)
    anchor = after or home.get_first_child()
    if anchor is None:
        home.add_child(instance=page)
    else:
        anchor.add_sibling(pos="right" if after else "left", instance=page)
    _publish(page)
    return page, True


def ensure_document(key):
    title, file_name, build, _description = DOCUMENTS[key]
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title)
        document.file.save(file_name, ContentFile(build().encode("utf-8")), save=False)
        document._set_document_file_metadata()
        document.save()
    return document


def in_order(items):
    """Number orderable children as listed: without sort_order their order is up to the database."""
    items = list(items)
    for position, item in enumerate(items):
        item.sort_order = position
    return items


def ensure_charter(section, locale):
    page = _child(section, StrategyPage, CHARTER["slug"])
    if page is not None:
        return page
    page = StrategyPage(
        **CHARTER, **CHARTER_REVIEW, introduction=CHARTER_INTRODUCTION, background=CHARTER_BACKGROUND
    )
    page.signatories = in_order(
        Signatory(name=name, role=role, organisation=organisation)
        for name, role, organisation in CHARTER_SIGNATORIES
    )
    themes = {theme.slug: theme for theme in Theme.objects.filter(locale=locale)}
    page.integration_factors = in_order(
        IntegrationFactor(theme=themes[slug], description=text) for slug, text in CHARTER_FACTORS
    )
    page.values = in_order(CharterValue(text=text, key_phrase=phrases) for text, phrases in CHARTER_VALUES)
    section.add_child(instance=page)
    _publish(page)
    return page


def ensure_action_plan(section, charter):
    page = _child(section, ActionPlanPage, ACTION_PLAN["slug"])
    if page is not None:
        return page
    page = section.add_child(instance=ActionPlanPage(**ACTION_PLAN, **ACTION_PLAN_REVIEW, charter=charter))
    _publish(page)
    return page


def ensure_resources(guidance):
    page = _child(guidance, ResourcesPage, RESOURCES["slug"])
    if page is not None:
        return page
    page = ResourcesPage(**RESOURCES)
    page.resources = in_order(
        ResourceItem(document=ensure_document(key), description=DOCUMENTS[key][3])
        for key in ("note", "charter")
    )
    guidance.add_child(instance=page)
    _publish(page)
    return page


def ensure_note(guidance, locale, related):
    page = _child(guidance, GuidanceNotePage, NOTE["slug"])
    if page is not None:
        return page, False
    page = GuidanceNotePage(**NOTE, **NOTE_REVIEW, body=note_body())
    page.audiences = list(Audience.objects.filter(locale=locale, slug__in=NOTE_AUDIENCES))
    page.themes = list(Theme.objects.filter(locale=locale, slug__in=NOTE_THEMES))
    page.help_actions = in_order(
        GuidanceNoteAction(text=_help_action_html(text)) for text in NOTE_HELP_ACTIONS
    )
    page.documents = in_order([GuidanceNoteDocument(document=ensure_document("note"))])
    page.related_links = in_order(
        GuidanceNoteRelatedLink(page=target, link_text=text) for text, target in related
    )
    guidance.add_child(instance=page)
    _publish(page)
    return page, True


@transaction.atomic
def load(home):
    locale = Locale.get_default()
    ensure_priorities(locale)

    guidance, guidance_created = ensure_section(home, GuidanceIndexPage, GUIDANCE_INDEX)
    strategy, strategy_created = ensure_section(home, StrategyIndexPage, STRATEGY_INDEX, after=guidance)
    charter = ensure_charter(strategy, locale)
    action_plan = ensure_action_plan(strategy, charter)
    resources = ensure_resources(guidance)
    note, note_created = ensure_note(
        guidance,
        locale,
        related=[
            ("Derby Cohesion & Integration Charter 2014-16", charter),
            ("The action plan: current activities and who is leading this work", action_plan),
            ("Other guidance notes and resources to help you understand cohesion", resources),
        ],
    )

    # Cards and features are added once, when their page is created, so an editor's removal sticks.
    home.refresh_from_db()
    if guidance_created:
        ensure_entry_point(
            home, guidance, "Guidance notes on what community cohesion means and how you can help."
        )
    if strategy_created:
        ensure_entry_point(
            home, strategy, "The charter's vision, values and priorities, and the live action plan."
        )
    if note_created:
        home.refresh_from_db()
        home.featured_pages.append(("page", note))
        _publish(home)
