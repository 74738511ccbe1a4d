"""Test data for stories (wagtail-factories / factory_boy)."""

import datetime

import factory
import wagtail_factories

from .models import StoryIndexPage, StoryPage, StoryRelatedLink


class StoryIndexPageFactory(wagtail_factories.PageFactory):
    title = "Stories"
    slug = "stories"
    introduction = "Local activities that bring people together."

    class Meta:
        model = StoryIndexPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Story {n}")
    listing_date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))
    summary = factory.Sequence(lambda n: f"What happened in story {n}.")
    body = factory.LazyFunction(lambda: [("paragraph", "<p>Neighbours met and talked.</p>")])
    organisation_name = "Example Lunch Club"
    consent_people = "Everyone pictured, by name on the form."
    consent_date = datetime.date(2026, 1, 1)
    consent_method = "form"

    class Meta:
        model = StoryPage
        skip_postgeneration_save = True

    class Params:
        without_consent = factory.Trait(consent_people="", consent_date=None, consent_method="", live=False)
        with_image = factory.Trait(
            hero_image=factory.SubFactory(wagtail_factories.ImageFactory, file__width=1600, file__height=900),
            hero_alt_text="People sharing a meal at long tables.",
            hero_credit="Photo: Example Lunch Club",
        )

    @factory.post_generation
    def areas(self, create, extracted, **kwargs):
        if create and extracted:
            self.areas.set(extracted)
            self.save()

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)
            self.save()


class StoryRelatedLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryRelatedLink
