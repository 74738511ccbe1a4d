"""Seed content from the Derby Cohesion & Integration Charter 2014-16: the action plan's priorities.

Idempotent: existing records are left as editors made them.
"""

from wagtail.models import Locale

from home.models import Theme

from .models import Priority

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


def ensure_priorities(locale):
    for number, slug, title, theme_slugs in PRIORITIES:
        priority, created = Priority.objects.get_or_create(
            number=number, locale=locale, defaults={"slug": slug, "title": title}
        )
        if created:
            priority.themes.set(Theme.objects.filter(slug__in=theme_slugs, locale=locale))
            priority.save()


def load(home):
    ensure_priorities(Locale.get_default())
