"""Test data for the site-wide models (wagtail-factories / factory_boy)."""

import factory
import wagtail_factories

from wagtail.models import Locale

from .models import Area, Audience, HomePage, StandardPage, Theme


class TaxonomyFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.Sequence(lambda n: f"term-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        abstract = True


class AreaFactory(TaxonomyFactory):
    class Meta:
        model = Area


class ThemeFactory(TaxonomyFactory):
    class Meta:
        model = Theme


class AudienceFactory(TaxonomyFactory):
    class Meta:
        model = Audience


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Bringing People Together"
    hero_heading = "Working together for the common good"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    introduction = "An introduction."

    class Meta:
        model = StandardPage


def publish_translation(page, code, **fields):
    """Publish a translation of `page` in language `code` with these fields changed, translating
    (and publishing) its parents first where they have none, as an editor would."""
    locale = Locale.objects.get(language_code=code)
    parent = page.get_parent().specific
    if parent.depth > 1 and not parent.has_translation(locale):
        publish_translation(parent, code)
    translated = page.specific.copy_for_translation(locale)
    for name, value in fields.items():
        setattr(translated, name, value)
    translated.save_revision().publish()
    translated.refresh_from_db()
    return translated
