"""The endpoint the "Is this page useful?" form posts to.

The form sits in every page's cached HTML, so it carries no CSRF token; instead the request must
come from this site (its Origin, or failing that its Referer), and the same shared limiter as the
event form caps how often one network may answer."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from events import spam
from home.models import cache_policy

from .forms import AnswerForm, CommentForm

logger = logging.getLogger("feedback")


def feedback_limit():
    return spam.RateLimit("page-feedback", settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_LIMIT_WINDOW)


def trusted_origins(request):
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    return {
        f"{request.scheme}://{request.get_host()}",
        f"{base.scheme}://{base.netloc}",
        *settings.CSRF_TRUSTED_ORIGINS,
    }


def from_this_site(request):
    """True when the browser says the form was sent from one of this site's own pages."""
    origin = request.META.get("HTTP_ORIGIN")
    if not origin:
        referer = urlsplit(request.META.get("HTTP_REFERER", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.scheme and referer.netloc else ""
    return bool(origin) and origin in trusted_origins(request)


def render(request, template, context=None, status=200):
    response = TemplateResponse(request, f"feedback/{template}.html", context or {}, status=status)
    # Answers and their follow-ups are per visitor: never kept by a shared cache.
    return cache_policy(response, request, varies_per_visitor=True)


@csrf_exempt
@require_POST
def submit(request):
    if not from_this_site(request):
        logger.warning("Refused page feedback: not sent from this site")
        return render(request, "refused", status=403)

    limit = feedback_limit()
    if not limit.hit(spam.network_of(spam.client_ip(request))):
        response = render(
            request, "too_many", {"retry_minutes": max(1, round(limit.retry_after() / 60))}, status=429
        )
        response["Retry-After"] = str(limit.retry_after())
        return response

    if "token" in request.POST:
        form = CommentForm(request.POST)
        if not form.is_valid():
            if "token" in form.errors:
                return render(request, "refused", {"reason": form.errors["token"][0]}, status=400)
            target = form.cleaned_data.get("token")
            return render(request, "comment", {"form": form, "target": target and target.page.specific})
        feedback = form.save()
        return render(request, "thanks", {"target": feedback.page.specific})

    form = AnswerForm(request.POST)
    if not form.is_valid():
        return render(request, "refused", status=400)
    feedback = form.save()
    if feedback.useful:
        return render(request, "thanks", {"target": feedback.page.specific})
    comment_form = CommentForm(initial={"token": CommentForm.token_for(feedback)})
    return render(request, "comment", {"form": comment_form, "target": feedback.page.specific})
