"""Section teasers on the home page ("Next events", "Latest stories").

`home` knows no content app. Each app that wants a place on the home page registers a
provider with the `register_home_teaser` Wagtail hook, in its wagtail_hooks.py:

    hooks.register(HOME_TEASER_HOOK, latest_stories_teaser, order=20)

A provider takes the home page and the request and returns a `Teaser`, or None when its
section has nothing to show. Teasers appear in hook order (lowest first).
"""

from dataclasses import dataclass, field

from wagtail import hooks

HOME_TEASER_HOOK = "register_home_teaser"


@dataclass(frozen=True)
class Teaser:
    """A template to include on the home page, and the context it needs beyond the page's own."""

    template: str
    context: dict = field(default_factory=dict)


def teasers_for(home_page, request):
    teasers = (provider(home_page, request) for provider in hooks.get_hooks(HOME_TEASER_HOOK))
    return [teaser for teaser in teasers if teaser is not None]
