"""Seed content for the site-wide parts of the hub: settings, taxonomies, home and standard pages.

The text comes from the Derbyshire guidance note and the Derby charter (kept here as
structured data, never read from elsewhere at run time). Loading is idempotent: what
exists is left as editors made it; what is missing is created.
"""

from django.db import transaction

from wagtail.models import Locale, Page, Site
from wagtail.rich_text import RichText

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
            # Filled by link_about_page once every section exists: only what the site has, linked.
            ("action_list", {"heading": "", "actions": []}),
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
        "search_description": (
            "How accessible this hub is, what is not, how it was tested and how to report a problem."
        ),
        # GOV.UK's model accessibility statement for public sector websites, section by section.
        "introduction": (
            "This accessibility statement applies to the Bringing People Together website. "
            "Derbyshire County Council runs it."
        ),
        "body": [
            _paragraph(
                "<p>We want as many people as possible to be able to use this website. For example, "
                "that means you should be able to:</p><ul><li>change colours, contrast levels and fonts "
                "using browser or device settings</li><li>zoom in up to 400% without the text spilling "
                "off the screen</li><li>navigate the website using just a keyboard</li><li>navigate "
                "most of the website using speech recognition software</li><li>listen to most of the "
                "website using a screen reader</li></ul><p>We have also made the website text as simple "
                'as possible to understand. <a href="https://mcmw.abilitynet.org.uk/">AbilityNet</a> has '
                "advice on making your device easier to use if you have a disability.</p>"
            ),
            _heading("How accessible this website is"),
            _paragraph(
                "<p>We know some parts of this website are not fully accessible:</p><ul><li>some "
                "documents published before this website, such as the text versions of older strategies, "
                "are plain text without headings</li><li>maps of event venues are on OpenStreetMap, a "
                "separate website we do not control</li><li>event details and images sent by community "
                "groups may not always have good descriptions, although editors check them before "
                "publishing</li></ul>"
            ),
            _heading("Feedback and contact information"),
            _paragraph(
                "<p>If you need information on this website in a different format like accessible PDF, "
                "large print, easy read, audio recording or braille, email "
                '<a href="mailto:policy@derbyshire.gov.uk">policy@derbyshire.gov.uk</a> or call 01629 '
                "538254. We will consider your request and get back to you within 10 working days.</p>"
            ),
            _heading("Reporting accessibility problems with this website"),
            _paragraph(
                "<p>We are always looking to improve the accessibility of this website. If you find any "
                "problems not listed on this page or think we are not meeting accessibility "
                'requirements, email <a href="mailto:policy@derbyshire.gov.uk">policy@derbyshire.gov.uk'
                "</a>.</p>"
            ),
            _heading("Enforcement procedure"),
            _paragraph(
                "<p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the "
                "Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility "
                "Regulations 2018 (the 'accessibility regulations'). If you are not happy with how we "
                "respond to your complaint, contact the "
                '<a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support '
                "Service (EASS)</a>.</p>"
            ),
            _heading("Technical information about this website's accessibility"),
            _paragraph(
                "<p>Derbyshire County Council is committed to making its website accessible, in "
                "accordance with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018.</p>"
            ),
            _heading("Compliance status"),
            _paragraph(
                "<p>This website is partially compliant with the "
                '<a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version '
                "2.2</a> AA standard, due to the non-compliances listed below.</p>"
            ),
            _heading("Non-accessible content"),
            _paragraph(
                "<p>The content listed below is non-accessible for the following reasons.</p>"
                "<h3>Non-compliance with the accessibility regulations</h3><p>The plain-text versions of "
                "documents have no headings that assistive technology can navigate by (WCAG 2.2 success "
                "criterion 1.3.1, info and relationships). Each has a web page version with full "
                "headings, which we recommend instead.</p>"
            ),
            _heading("Disproportionate burden"),
            _paragraph(
                "<p>We are not claiming that any accessibility problem is a disproportionate burden.</p>"
            ),
            _heading("Content that is not within the scope of the accessibility regulations"),
            _paragraph(
                "<p>Documents published before 23 September 2018 that are not needed to use our services, "
                "such as the Derby Cohesion &amp; Integration Charter 2014-16, do not have to meet the "
                "accessibility regulations. We publish the charter as a web page as well.</p>"
            ),
            _heading("What we are doing to improve accessibility"),
            _paragraph(
                "<p>Every change to the website is tested before it is published. We review this "
                "statement at least once a year and whenever the website changes significantly.</p>"
            ),
            _heading("Preparation of this accessibility statement"),
            _paragraph(
                "<p>This statement was prepared on 22 November 2026. It was last reviewed on 30 November "
                "2026.</p><p>The website was last tested on 30 November 2026 by the team that builds it. "
                "Every type of page was tested:</p><ul><li>automatically with axe-core in the Chromium "
                "browser, against WCAG 2.2 A and AA</li><li>for valid HTML with the Nu Html Checker</li>"
                "<li>with a keyboard only, including the skip link and the header</li><li>at a screen "
                "width of 320 pixels, for reflow</li><li>at 200% zoom</li><li>in its print layout</li>"
                "</ul>"
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
                "<p>When you sign up for email alerts, we keep only your email address, what you "
                "subscribed to, how often you want emails, and when you signed up and confirmed. We "
                "keep a log of the emails we sent you. You do not need an account.</p>"
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
                "<p>Email alerts: if you do not confirm your address within 7 days, we delete it. When "
                "you unsubscribe from everything, we delete your address, your subscriptions and the log "
                "of what we sent you at once. If you have not confirmed for 12 months, we email once to "
                "ask whether you still want the alerts, and delete your address if you do not confirm."
                "</p>"
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


# (slug path under the home page, what the About page says about it): only what the site has.
ABOUT_ITEMS = [
    (
        "strategy-and-charter/derby-cohesion-integration-charter-2014-16",
        "The Derby Cohesion &amp; Integration Charter 2014-16",
    ),
    ("strategy-and-charter/action-plan", "The charter's action plan, and who is leading the work"),
    ("guidance", "Guidance notes on what community cohesion means and how you can help"),
    ("guidance/resources", "Documents to download, print and share"),
    ("events", "Community events near you, and a form to tell us about yours"),
    ("stories", "Stories of people bringing their communities together"),
]
# What earlier seeds promised: replaced, unless an editor has changed it.
OLD_ABOUT_ACTIONS = [
    "<p>'Bringing People Together', Derbyshire's Community Cohesion Strategy, and the Derby Cohesion "
    "&amp; Integration Charter.</p>",
    "<p>An action plan outlining current activities.</p>",
    "<p>Key contact details and information about who is leading this work.</p>",
    "<p>Guidance notes and resources to help you understand cohesion.</p>",
    "<p>More ideas about how you can help to build cohesion.</p>",
]


def link_about_page(home):
    """Fill the About page's "What you will find here" with links to the sections that exist.
    Run after every app's seed; leaves a list an editor has changed alone."""
    about = StandardPage.objects.child_of(home).filter(slug="about").first()
    if about is None:
        return
    for index, block in enumerate(about.body):
        if block.block_type != "action_list":
            continue
        current = [getattr(item, "source", str(item)) for item in block.value["actions"]]
        if current and current != OLD_ABOUT_ACTIONS:
            return
        items = []
        for path, text in ABOUT_ITEMS:
            page = Page.objects.live().filter(url_path=f"{home.url_path}{path}/").first()
            if page is not None:
                items.append(RichText(f'<p><a linktype="page" id="{page.pk}">{text}</a></p>'))
        about.body[index] = ("action_list", {"heading": block.value["heading"], "actions": items})
        _publish(about)
        return


def ensure_entry_point(home, page, description):
    """Add a card linking to a section of the hub to the home page, once."""
    if any(block.value["page"] and block.value["page"].pk == page.pk for block in home.entry_points):
        return
    home.entry_points.append(("entry_point", {"page": page, "title": "", "description": description}))
    _publish(home)
