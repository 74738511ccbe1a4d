"""What the security-header test and `make prod-check` walk: one page of every page type and one
response of every other kind, and what each response's headers must say."""

from django.conf import settings
from django.templatetags.static import static

from testing.pages import urls_to_check

ADMIN_PREFIX = "/admin/"


def other_response_urls():
    """[(label, path, expected status)] for the responses that are not pages, from the seeded site."""
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    from events.models import EventIndexPage, EventPage
    from stories.models import StoryIndexPage

    events = EventIndexPage.objects.live().first()
    event = EventPage.objects.live().first()
    stories = StoryIndexPage.objects.live().first()
    document = get_document_model().objects.order_by("pk").first()
    image = get_image_model().objects.order_by("pk").first()
    return [
        ("events RSS feed", events.url + events.reverse_subpage("feed"), 200),
        ("events calendar (.ics)", events.url + events.reverse_subpage("calendar"), 200),
        ("one event's .ics", event.url + event.reverse_subpage("ics"), 200),
        ("stories RSS feed", stories.url + stories.reverse_subpage("rss"), 200),
        ("stories Atom feed", stories.url + stories.reverse_subpage("atom"), 200),
        ("document", document.url, 200),
        # Only through Wagtail's view, which checks collection privacy: never by its storage path.
        ("document by its file path", settings.MEDIA_URL + document.file.name, 404),
        ("uploaded image", image.file.url, 200),
        ("static file", static("dist/js/main.js"), 200),
        ("sitemap", "/sitemap.xml", 200),
        ("robots.txt", "/robots.txt", 200),
        ("health check", "/healthz", 200),
        ("email alerts sign-up", "/email-alerts/", 200),
        ("admin login", ADMIN_PREFIX + "login/", 200),
    ]


def urls_to_walk():
    """Every page type, the extra views (search, filters, 404) and every other response kind."""
    return urls_to_check() + other_response_urls()


def csp_directives(header):
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def security_header_problems(path, headers, https):
    """What is missing or too loose in one response's security headers (empty: all present).
    `headers` is any case-insensitive mapping: a Django response or urllib's message."""
    problems = []
    csp = headers.get("Content-Security-Policy")
    if not csp:
        problems.append("no Content-Security-Policy")
    else:
        directives = csp_directives(csp)
        fallback = directives.get("default-src", [])
        admin = path.startswith(ADMIN_PREFIX)
        if "'unsafe-inline'" in directives.get("script-src", fallback) and not admin:
            problems.append("CSP allows inline script")
        if directives.get("object-src", fallback) != ["'none'"]:
            problems.append("CSP lacks object-src 'none'")
        if directives.get("base-uri") != ["'none'"]:
            problems.append("CSP lacks base-uri 'none'")
        if directives.get("frame-ancestors") != (["'self'"] if admin else ["'none'"]):
            problems.append("CSP frame-ancestors is not 'none' ('self' for the admin's previews)")
    if "camera=()" not in (headers.get("Permissions-Policy") or ""):
        problems.append("no Permissions-Policy")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no X-Content-Type-Options: nosniff")
    if not headers.get("Referrer-Policy"):
        problems.append("no Referrer-Policy")
    if https and "max-age=" not in (headers.get("Strict-Transport-Security") or ""):
        problems.append("no Strict-Transport-Security")
    return problems
