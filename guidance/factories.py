"""Test data for guidance, the strategy and charter, and the action plan (wagtail-factories)."""

import factory
import wagtail_factories

from wagtail.models import Locale

from .models import (
    ActionPlanPage,
    ActionStatus,
    CharterValue,
    GuidanceIndexPage,
    GuidanceNoteAction,
    GuidanceNoteDocument,
    GuidanceNotePage,
    IntegrationFactor,
    Priority,
    PriorityAction,
    ResourceItem,
    ResourcesPage,
    Signatory,
    StrategyIndexPage,
    StrategyPage,
)


class PriorityFactory(factory.django.DjangoModelFactory):
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Priority title {n}")
    slug = factory.Sequence(lambda n: f"priority-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Priority


class PriorityActionFactory(factory.django.DjangoModelFactory):
    priority = factory.SubFactory(PriorityFactory)
    title = factory.Sequence(lambda n: f"Action {n}")
    lead_organisation = "Derby City Council"
    status = ActionStatus.PLANNED

    class Meta:
        model = PriorityAction


class GuidanceIndexPageFactory(wagtail_factories.PageFactory):
    title = "Guidance"
    slug = "guidance"
    introduction = "Guidance notes on community cohesion."

    class Meta:
        model = GuidanceIndexPage


class GuidanceNotePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Guidance note {n}")
    summary = factory.Sequence(lambda n: f"Summary of guidance note {n}.")
    help_introduction = "You can help by:"

    class Meta:
        model = GuidanceNotePage
        skip_postgeneration_save = True

    @factory.post_generation
    def audiences(self, create, extracted, **kwargs):
        if extracted:
            self.audiences.set(extracted)
            self.save()

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if extracted:
            self.themes.set(extracted)
            self.save()


class GuidanceNoteActionFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(GuidanceNotePageFactory)
    text = factory.Sequence(lambda n: f"<p>Helpful action {n}.</p>")

    class Meta:
        model = GuidanceNoteAction


class GuidanceNoteDocumentFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(GuidanceNotePageFactory)
    document = factory.SubFactory(wagtail_factories.DocumentFactory)

    class Meta:
        model = GuidanceNoteDocument


class ResourcesPageFactory(wagtail_factories.PageFactory):
    title = "Resources"
    slug = "resources"
    introduction = "Documents to download."

    class Meta:
        model = ResourcesPage


class ResourceItemFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ResourcesPageFactory)
    document = factory.SubFactory(wagtail_factories.DocumentFactory)
    description = "What it is for."

    class Meta:
        model = ResourceItem


class StrategyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Strategy and charter"
    slug = "strategy-and-charter"

    class Meta:
        model = StrategyIndexPage


class StrategyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Charter {n}")
    kind = StrategyPage.Kind.CHARTER
    period_start = 2014
    period_end = 2016
    publishing_organisation = "Derby City Council"
    summary = "A charter."
    vision = "Working together for the common good."

    class Meta:
        model = StrategyPage


class SignatoryFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(StrategyPageFactory)
    name = factory.Sequence(lambda n: f"Councillor {n}")
    role = "Leader of Derby City Council"
    organisation = "Derby City Council"

    class Meta:
        model = Signatory


class IntegrationFactorFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(StrategyPageFactory)
    theme = factory.SubFactory("home.factories.ThemeFactory")
    description = "What the factor means."

    class Meta:
        model = IntegrationFactor


class CharterValueFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(StrategyPageFactory)
    text = "There is a strong sense of trust in institutions."
    key_phrase = "strong sense of trust"

    class Meta:
        model = CharterValue


class ActionPlanPageFactory(wagtail_factories.PageFactory):
    title = "Action plan"
    slug = "action-plan"
    introduction = "What partners are doing."
    leadership_text = "<p>The Cohesion &amp; Integration Leadership Group will drive this Charter.</p>"

    class Meta:
        model = ActionPlanPage
