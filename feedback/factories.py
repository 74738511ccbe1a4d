import factory

from .models import PageFeedback


class PageFeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageFeedback

    useful = True
