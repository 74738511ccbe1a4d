"""Which URLs the browser and HTML-validity suites visit: one live page of every page type,
plus views that are not pages. Each app's seed content must include every page type it adds
(test_every_page_type_is_seeded holds them to it)."""

from wagtail.models import get_page_models

PROJECT_APPS = {"home", "guidance", "events", "stories", "submissions", "search"}

# (label, path, expected status): views outside the page tree, in the same design.
EXTRA_URLS = [
    ("search results", "/search/?q=cohesion", 200),
    ("search with no results", "/search/?q=zzzxqy", 200),
    ("search filtered by type", "/search/?q=cohesion&type=guidance.guidancenotepage&type=documents", 200),
    ("page not found", "/no-such-page/", 404),
    ("stories filtered by area and theme", "/stories/?area=erewash&theme=common-ground", 200),
    ("guidance filtered by audience and theme", "/guidance/?audience=faith-groups&theme=common-ground", 200),
    ("guidance filtered to no results", "/guidance/?audience=businesses", 200),
    ("resources filtered by theme", "/guidance/resources/?theme=common-ground", 200),
    ("events filtered by date, cost and access", "/events/?when=this-month&free=1&access=step-free", 200),
    ("events with a filter error", "/events/?when=this-week&from_day=31&from_month=2&from_year=2026", 200),
    ("past events", "/events/past/", 200),
]


def project_page_models():
    return [model for model in get_page_models() if model._meta.app_label in PROJECT_APPS]


def one_page_per_type():
    """{model: page} for every project page type with a live page."""
    found = {}
    for model in project_page_models():
        page = model.objects.live().order_by("path").first()
        if page is not None:
            found[model] = page
    return found


# Besides English: a left-to-right and a right-to-left community language. Pages not translated
# are served in English inside that language's interface, so every page type exists in each.
LANGUAGES_TO_CHECK = ("pl", "ur")


def urls_to_check(languages=()):
    """[(label, path, expected status)] for every page type and the extra views, in English and
    under each of these language prefixes."""
    urls = [
        (model._meta.verbose_name, page.relative_url(page.get_site()), 200)
        for model, page in one_page_per_type().items()
    ] + EXTRA_URLS
    return urls + [
        (f"{label} [{code}]", f"/{code}{path}", status) for code in languages for label, path, status in urls
    ]
