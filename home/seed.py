"""Seed content for the site-wide parts of the hub: settings, taxonomies, home and standard pages.

The text comes from the Derbyshire guidance note and the Derby charter (kept here as
structured data, never read from elsewhere at run time). Loading is idempotent: what
exists is left as editors made it; what is missing is created.
"""

from django.db import transaction

from wagtail.models import Locale, Page, Site

from .models import Area, Audience, HomePage, SiteSettings, StandardPage, Theme
from .site_address import sync_default_site

GUIDANCE_WEB_ADDRESS = "https://www.derbyshire.gov.uk/bringingpeopletogether"

SITE_SETTINGS = {
    "organisation_name": "Derbyshire County Council",
    "organisation_url": "https://www.derbyshire.gov.uk",
    "contact_phone": "01629 538254",
    "contact_email": "policy@derbyshire.gov.uk",
    "contact_web_address": GUIDANCE_WEB_ADDRESS,
    "report_line_name": "Keystone",
    "report_line_number": "0345 123 3333",
    "report_line_text": (
        "If you see or hear anything worrying in your neighbourhood, report it to Keystone, "
        "the Derbyshire operation to combat violent extremism."
    ),
}

AREAS = [
    ("Amber Valley", "amber-valley"),
    ("Bolsover", "bolsover"),
    ("Chesterfield", "chesterfield"),
    ("Derbyshire Dales", "derbyshire-dales"),
    ("Erewash", "erewash"),
    ("High Peak", "high-peak"),
    ("North East Derbyshire", "north-east-derbyshire"),
    ("South Derbyshire", "south-derbyshire"),
    ("Derby City", "derby-city"),
]

# The five integration factors in 'Creating the Conditions for Integration', as the charter gives them.
THEMES = [
    (
        "Common ground",
        "common-ground",
        "A clear sense of shared aspirations and values, which focuses on what we have in common "
        "rather than our differences.",
    ),
    (
        "Responsibility",
        "responsibility",
        "A strong sense of our mutual commitments and obligations, which brings personal and "
        "social responsibility.",
    ),
    ("Social mobility", "social-mobility", "People able to realise their potential to get on in life."),
    (
        "Participation and empowerment",
        "participation-and-empowerment",
        "People of all backgrounds have the opportunities to take part, be heard and take "
        "decisions in local and national life.",
    ),
    (
        "Tackling intolerance and extremism",
        "tackling-intolerance-and-extremism",
        "A robust response to threats, whether discrimination, extremism or disorder, that deepen "
        "division and increase tensions.",
    ),
]

AUDIENCES = [
    (
        "Voluntary and community sector",
        "voluntary-and-community-sector",
        "Community groups, volunteers, voluntary sector service providers, social enterprises, "
        "umbrella organisations and charities.",
    ),
    ("Faith groups", "faith-groups", "Places of worship, faith organisations and interfaith groups."),
    (
        "Schools and young people",
        "schools-and-young-people",
        "Schools, colleges, youth groups and young people themselves.",
    ),
    ("Businesses", "businesses", "Employers and local businesses."),
    ("Residents", "residents", "Anyone who lives in Derbyshire or Derby, including newcomers."),
    (
        "Public sector partners",
        "public-sector-partners",
        "Councils, police, health services and other public bodies.",
    ),
]

HOME_PAGE = {
    "title": "Bringing People Together",
    "slug": "home",
    "seo_title": "Bringing People Together: community cohesion in Derbyshire and Derby",
    "search_description": (
        "Guidance, the cohesion charter and action plan, local stories and events, and how to "
        "report a concern: the community cohesion hub for Derbyshire and Derby."
    ),
    "hero_heading": "Working together for the common good",
    "hero_text": (
        "Bringing People Together is the community cohesion hub for Derbyshire and Derby. "
        "Find guidance, see what partners are doing, join local events and report a concern."
    ),
    "cohesion_heading": "What is community cohesion?",
    "cohesion_text": (
        "<p>Community cohesion is the glue which binds communities together.</p>"
        "<p>It is strengthened when people get on well together, respect each other and feel they "
        "can influence decisions in their area. It can be weakened when people feel that they do "
        "not enjoy the same life opportunities as others.</p>"
    ),
    "help_heading": "How you can help",
    "help_intro": "Anyone can help make communities in Derbyshire more cohesive. You can:",
    "help_actions": [
        "<p>Make new people feel welcome, and advertise your group's activities as widely as possible.</p>",
        "<p>Listen to people's views, concerns and anxieties, and signpost them to support.</p>",
        "<p>Reach out to people who find it hard to access services.</p>",
        "<p>Spread the word about successful local activities that bring people together.</p>",
        "<p>Offer volunteering opportunities so people can contribute to their communities.</p>",
    ],
    "report_heading": "Report a concern",
    "report_text": (
        "<p>Reporting local disputes and tensions early can stop them leading to more serious "
        "problems. If you see or hear anything worrying in your neighbourhood, report it.</p>"
    ),
}


def _paragraph(html):
    return ("paragraph", html)


def _heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


STANDARD_PAGES = [
    {
        "slug": "about",
        "title": "About Bringing People Together",
        "show_in_menus": False,
        "search_description": "What the Bringing People Together hub is, who runs it and how to contact us.",
        "introduction": (
            "Bringing People Together is Derbyshire's approach to community cohesion: helping people "
            "from different backgrounds get on well together, respect each other and feel they can "
            "influence decisions in their area."
        ),
        "body": [
            _heading("What you will find here"),
            (
                "action_list",
                {
                    "heading": "",
                    "actions": [
                        "<p>'Bringing People Together', Derbyshire's Community Cohesion Strategy, and the "
                        "Derby Cohesion &amp; Integration Charter.</p>",
                        "<p>An action plan outlining current activities.</p>",
                        "<p>Key contact details and information about who is leading this work.</p>",
                        "<p>Guidance notes and resources to help you understand cohesion.</p>",
                        "<p>More ideas about how you can help to build cohesion.</p>",
                    ],
                },
            ),
            _heading("Why community cohesion matters"),
            _paragraph(
                "<p>Communities where people work together are stronger communities. Cohesion has many "
                "knock on effects such as helping people to feel a sense of belonging and improving "
                "satisfaction with an area as a place to live. Although every area is different, "
                "cohesion relates closely to many other priorities such as reducing crime and "
                "anti-social behaviour and improving education and training.</p>"
            ),
            _heading("Who runs this site"),
            _paragraph(
                "<p>Derbyshire County Council runs this site with its partners, including Derby City "
                "Council and the Cohesion &amp; Integration Leadership Group, which drives the Derby "
                "charter and the actions that develop from it.</p>"
            ),
            (
                "contact",
                {
                    "name": "Derbyshire County Council",
                    "role": "Questions about community cohesion in Derbyshire",
                    "phone": "01629 538254",
                    "email": "policy@derbyshire.gov.uk",
                    "website": GUIDANCE_WEB_ADDRESS,
                    "address": "",
                },
            ),
        ],
    },
    {
        "slug": "accessibility-statement",
        "title": "Accessibility statement",
        "show_in_menus": False,
        "search_description": "How accessible this hub is and how to report a problem.",
        "introduction": (
            "This accessibility statement applies to the Bringing People Together website. "
            "Derbyshire County Council runs it."
        ),
        "body": [
            _paragraph(
                "<p>We want as many people as possible to be able to use this website. For example, "
                "that means you should be able to:</p><ul><li>change colours, contrast levels and fonts "
                "using browser or device settings</li><li>zoom in up to 400% without the text spilling "
                "off the screen</li><li>navigate most of the website using a keyboard or speech "
                "recognition software</li><li>listen to most of the website using a screen reader</li>"
                "</ul><p>We have also made the website text as simple as possible to understand.</p>"
            ),
            _heading("How accessible this website is"),
            _paragraph(
                "<p>We design and test this website to meet the Web Content Accessibility Guidelines "
                "(WCAG) version 2.2 at level AA. Every type of page is checked automatically in a real "
                "browser, and its HTML is validated, each time the site changes.</p><p>Some older "
                "documents, such as PDFs published before this website, may not be fully accessible. "
                "If you need one in another format, contact us.</p>"
            ),
            _heading("Feedback and contact information"),
            _paragraph(
                "<p>If you find a problem with this website, or you need information in a different "
                "format like accessible PDF, large print, easy read, audio recording or braille, email "
                '<a href="mailto:policy@derbyshire.gov.uk">policy@derbyshire.gov.uk</a> or call 01629 '
                "538254. We will consider your request and get back to you within 10 working days.</p>"
            ),
            _heading("Enforcement procedure"),
            _paragraph(
                "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
                "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
                "Regulations 2018 (the 'accessibility regulations'). If you are not happy with how we "
                "respond to your complaint, contact the Equality Advisory and Support Service "
                "(EASS).</p>"
            ),
            _heading("Preparation of this statement"),
            _paragraph(
                "<p>This statement was prepared on 22 November 2026. The website is tested with axe-core "
                "in Chromium and with the Nu Html Checker on every change.</p>"
            ),
        ],
    },
    {
        "slug": "privacy-notice",
        "title": "Privacy notice",
        "show_in_menus": False,
        "search_description": "What personal information this hub keeps, why and for how long.",
        "introduction": (
            "Derbyshire County Council is the data controller for personal information collected "
            "through this website. This notice explains what we keep, why and for how long."
        ),
        "body": [
            _heading("What we collect"),
            _paragraph(
                "<p>Most of this website can be used without giving us any personal information.</p>"
                "<p>When a community group submits an event, we collect the group's name, a contact "
                "name, an email address and, if given, a phone number, together with the details of "
                "the event.</p>"
            ),
            _heading("Why we collect it"),
            _paragraph(
                "<p>We use contact details only to check and publish the event, and to tell the "
                "submitter whether it was approved. Our lawful basis is the performance of a task in "
                "the public interest: promoting community cohesion. We do not use them for marketing "
                "and we do not share them with anyone else.</p>"
            ),
            _heading("How long we keep it"),
            _paragraph(
                "<p>We delete the contact name, email address and phone number of an event submission "
                "90 days after the event ends, or 90 days after we decide not to publish it. The "
                "published event itself shows only the group's name and the contact route the group "
                "chose.</p><p>Our web servers keep technical logs, including IP addresses, for up to "
                "30 days to protect the site from abuse.</p>"
            ),
            _heading("Your rights"),
            _paragraph(
                "<p>You can ask to see the personal information we hold about you, ask us to correct "
                'or delete it, or object to how we use it. Email <a href="mailto:policy@derbyshire.gov.uk">'
                "policy@derbyshire.gov.uk</a>.</p><p>If you are unhappy with how we have used your "
                "information, you can complain to the Information Commissioner's Office (ICO).</p>"
            ),
        ],
    },
    {
        "slug": "cookies",
        "title": "Cookies",
        "show_in_menus": False,
        "search_description": "The cookies the Bringing People Together hub uses.",
        "introduction": (
            "Cookies are small files saved on your phone, tablet or computer when you visit a "
            "website. This website uses only the cookies it needs to work."
        ),
        "body": [
            _heading("Essential cookies"),
            _paragraph(
                "<p>We do not use analytics or advertising cookies, so we do not ask for your consent.</p>"
            ),
            (
                "table",
                {
                    "caption": "Cookies this website sets",
                    "table": {
                        "columns": [
                            {"type": "text", "heading": "Name"},
                            {"type": "text", "heading": "Purpose"},
                            {"type": "text", "heading": "Expires"},
                        ],
                        "rows": [
                            {
                                "values": [
                                    "csrftoken",
                                    "Protects forms, such as event submission, from forgery",
                                    "1 year",
                                ]
                            },
                            {
                                "values": [
                                    "sessionid",
                                    "Keeps editors signed in to the site's admin",
                                    "2 weeks",
                                ]
                            },
                        ],
                    },
                },
            ),
        ],
    },
]


def _ensure_taxonomy(model, rows, locale):
    for order, row in enumerate(rows):
        name, slug = row[0], row[1]
        description = row[2] if len(row) > 2 else ""
        model.objects.get_or_create(
            slug=slug,
            locale=locale,
            defaults={"name": name, "description": description, "sort_order": order},
        )


def _publish(page):
    page.save_revision().publish()


def _ensure_home_page():
    root = Page.get_first_root_node()
    site = Site.objects.filter(is_default_site=True).first()
    if site and isinstance(site.root_page.specific, HomePage):
        _configure_site(site, site.root_page)
        return site.root_page.specific
    existing = HomePage.objects.filter(depth=2).first()
    if existing is None:
        # Wagtail's installer leaves a plain welcome page with our slug; ours replaces it.
        for page in root.get_children().filter(slug=HOME_PAGE["slug"]):
            if page.specific_class is Page and page.numchild == 0:
                page.delete()
        values = dict(HOME_PAGE)
        help_actions = [("action", html) for html in values.pop("help_actions")]
        existing = root.add_child(instance=HomePage(**values, help_actions=help_actions))
        _publish(existing)
    _configure_site(site or Site(is_default_site=True, hostname="localhost", port=80), existing)
    return existing


def _configure_site(site, home):
    """Point the default site at the home page and at the public address (WAGTAILADMIN_BASE_URL)."""
    site.root_page = home
    site.site_name = "Bringing People Together"
    site.save()
    sync_default_site(site)


def ensure_standard_page(parent, spec):
    page = parent.get_children().filter(slug=spec["slug"]).first()
    if page is not None:
        return page.specific
    page = parent.add_child(instance=StandardPage(**spec))
    _publish(page)
    return page


@transaction.atomic
def load():
    """Create whatever of the site-wide seed content is missing. Returns the home page."""
    locale = Locale.get_default()
    _ensure_taxonomy(Area, AREAS, locale)
    _ensure_taxonomy(Theme, THEMES, locale)
    _ensure_taxonomy(Audience, AUDIENCES, locale)

    home = _ensure_home_page()
    pages = {spec["slug"]: ensure_standard_page(home, spec) for spec in STANDARD_PAGES}
    ensure_entry_point(
        home, pages["about"], "Who runs the hub, what you will find here and how to contact us."
    )

    site_settings = SiteSettings.load()
    if not site_settings.contact_phone:
        for field, value in SITE_SETTINGS.items():
            setattr(site_settings, field, value)
        site_settings.about_page = pages["about"]
        site_settings.accessibility_page = pages["accessibility-statement"]
        site_settings.privacy_page = pages["privacy-notice"]
        site_settings.cookies_page = pages["cookies"]
        site_settings.save()
    return home


def ensure_entry_point(home, page, description):
    """Add a card linking to a section of the hub to the home page, once."""
    if any(block.value["page"] and block.value["page"].pk == page.pk for block in home.entry_points):
        return
    home.entry_points.append(("entry_point", {"page": page, "title": "", "description": description}))
    _publish(home)
