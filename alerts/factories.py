import factory

from django.utils import timezone

from .filters import columns, filter_key
from .models import Frequency, Kind, Subscriber, Subscription


class SubscriberFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscriber


class SubscriptionFactory(factory.django.DjangoModelFactory):
    """A confirmed subscription; pass `filters` (normalised) and the columns follow."""

    subscriber = factory.SubFactory(SubscriberFactory)
    kind = Kind.EVENTS
    filters = factory.LazyFunction(dict)
    frequency = Frequency.IMMEDIATE
    confirmed_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Subscription

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        filters = kwargs.get("filters") or {}
        kwargs.setdefault("filter_key", filter_key(filters))
        for name, value in columns(filters).items():
            kwargs.setdefault(name, value)
        return super()._create(model_class, *args, **kwargs)
