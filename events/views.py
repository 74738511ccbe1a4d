"""Views for public event submissions: the form page's request handling, and the moderation
screens (approve, reject, see the submitted image) that wagtail_hooks registers in the admin."""

import logging
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control

from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from . import moderation, spam
from .forms import EventSubmissionForm

logger = logging.getLogger("events.submissions")


# ---------------------------------------------------------------------------
# The public form (SubmitEventPage.serve)
# ---------------------------------------------------------------------------


def private(response):
    """The form carries a CSRF token and a timing token: no shared cache may keep it."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def render_form(page, request, form, status=200):
    context = page.get_context(request)
    context.update(form=form, form_token=spam.issue_form_token())
    return private(TemplateResponse(request, page.get_template(request), context, status=status))


def render_received(page, request, submission):
    context = page.get_context(request)
    context.update(submission=submission)
    return private(TemplateResponse(request, "events/submission_received.html", context))


def render_error_page(request, template, status, context=None):
    response = TemplateResponse(request, template, context or {}, status=status)
    return private(response)


def serve_submit_event_page(page, request):
    """GET shows the form; POST checks it, stores it and confirms, in the way of Wagtail's FormMixin."""
    if request.method != "POST":
        return render_form(page, request, EventSubmissionForm())

    ip = spam.client_ip(request)
    length = int(request.META.get("CONTENT_LENGTH") or 0)
    if length > settings.SUBMISSION_MAX_REQUEST_BYTES:
        logger.warning("Rejected event submission from %s: request of %s bytes is too large", ip, length)
        return render_error_page(request, "413.html", 413)

    form = EventSubmissionForm(request.POST, request.FILES)
    if request.POST.get("website", "").strip():
        # Only robots fill in the hidden field. Tell them nothing; store nothing.
        logger.warning("Rejected event submission from %s: honeypot field filled in", ip)
        return render_received(page, request, None)

    age = spam.seconds_since_issued(request.POST.get("form_token"))
    form_is_valid = form.is_valid()
    if age is None:
        logger.warning("Rejected event submission from %s: missing or expired form token", ip)
        form.add_error(None, "This form has expired. Check your answers and send the form again.")
        return render_form(page, request, form)
    if age < settings.SUBMISSION_MIN_FILL_SECONDS:
        logger.warning(
            "Rejected event submission from %s: sent %.1f seconds after the form was served", ip, age
        )
        form.add_error(None, "This form was sent too quickly. Check your answers and send the form again.")
        return render_form(page, request, form)
    if not form_is_valid:
        logger.info("Rejected event submission from %s: invalid %s", ip, ", ".join(sorted(form.errors)))
        return render_form(page, request, form)

    limit = spam.submission_limit()
    if not limit.hit(spam.network_of(ip)):
        logger.warning(
            "Rejected event submission from %s: more than %s in %ss", ip, limit.limit, limit.window
        )
        response = render_error_page(
            request, "429.html", 429, {"retry_minutes": max(1, round(limit.retry_after() / 60))}
        )
        response["Retry-After"] = str(limit.retry_after())
        return response

    submission, created = moderation.receive(form)
    if not created:
        logger.info("Event submission %s sent again from %s: not stored twice", submission.reference, ip)
    return render_received(page, request, submission)


# ---------------------------------------------------------------------------
# Moderation screens in the admin (wagtail-modeladmin instance views)
# ---------------------------------------------------------------------------


def forbidden(request, message):
    """A plain 403 in the admin's design: Wagtail would turn PermissionDenied into a redirect."""
    return TemplateResponse(request, "events/admin/forbidden.html", {"message": message}, status=403)


class ModerationView(InstanceSpecificView):
    """Base for approve and reject: only for users with the moderation permission."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_moderate_obj(user, self.instance)

    @property
    def inspect_url(self):
        return self.url_helper.get_action_url("inspect", self.pk_quoted)

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            if not self.check_action_permitted(request.user):
                return forbidden(request, "You may not approve or reject event submissions.")
            if not self.instance.is_pending:
                messages.warning(request, f"'{self.instance}' has already been {self.instance.status}.")
                return redirect(self.inspect_url)
        return super().dispatch(request, *args, **kwargs)


class ApproveView(ModerationView):
    page_title = "Approve event submission"
    template_name = "events/admin/approve.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        index = moderation.events_index()
        permissions = index.permissions_for_user(self.request.user) if index else None
        context.update(
            events_index=index,
            can_publish=bool(permissions and permissions.can_publish_subpage()),
            inspect_url=self.inspect_url,
        )
        return context

    def post(self, request, *args, **kwargs):
        index = moderation.events_index()
        if index is None:
            messages.error(request, "There is no events calendar page to add the event to. Create one first.")
            return redirect(self.inspect_url)
        permissions = index.permissions_for_user(request.user)
        if not permissions.can_add_subpage():
            return forbidden(request, f"You do not have permission to add events to {index.title}.")
        publish = request.POST.get("action") == "publish"
        if publish and not permissions.can_publish_subpage():
            return forbidden(request, f"You do not have permission to publish events in {index.title}.")
        try:
            page = moderation.approve(self.instance, request.user, publish=publish)
        except moderation.AlreadyReviewed:
            messages.warning(request, f"'{self.instance}' has already been reviewed.")
            return redirect(self.inspect_url)
        except ValidationError as error:
            messages.error(request, "The event could not be created: " + "; ".join(error.messages))
            return redirect(self.inspect_url)
        if publish:
            messages.success(
                request, f"Approved and published '{page.title}'. The submitter has been emailed."
            )
        else:
            messages.success(
                request,
                f"Approved '{page.title}' and saved it as a draft. Check it, then publish it or submit it "
                "for moderation. The submitter has been emailed.",
            )
        from wagtail.admin.admin_url_finder import AdminURLFinder

        return redirect(AdminURLFinder(request.user).get_edit_url(page) or self.index_url)


class RejectView(ModerationView):
    page_title = "Reject event submission"
    template_name = "events/admin/reject.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("reason", "")
        context.setdefault("error", "")
        context["inspect_url"] = self.inspect_url
        return context

    def post(self, request, *args, **kwargs):
        reason = request.POST.get("reason", "").strip()
        if not reason:
            context = self.get_context_data(error="Enter a reason. The submitter will see it.")
            return self.render_to_response(context, status=200)
        if len(reason) > 2000:
            context = self.get_context_data(
                reason=reason, error="The reason must be 2,000 characters or fewer."
            )
            return self.render_to_response(context, status=200)
        try:
            moderation.reject(self.instance, request.user, reason)
        except moderation.AlreadyReviewed:
            messages.warning(request, f"'{self.instance}' has already been reviewed.")
            return redirect(self.inspect_url)
        messages.success(request, f"Rejected '{self.instance}'. The submitter has been emailed the reason.")
        return redirect(self.index_url)


class SubmissionInspectView(InspectView):
    """Everything the group sent, grouped as on the form; every value escaped by the template."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.instance.image:
            context["image_url"] = self.url_helper.get_action_url("image", self.pk_quoted)
        return context


class SubmittedImageView(InstanceSpecificView):
    """The image a group sent, for editors only: it has no public address until approved."""

    def check_action_permitted(self, user):
        return self.permission_helper.user_can_inspect_obj(user, self.instance)

    def get(self, request, *args, **kwargs):
        image = self.instance.image
        if not image or not image.storage.exists(image.name):
            raise Http404("This submission has no image.")
        content_type = mimetypes.guess_type(image.name)[0] or "application/octet-stream"
        response = FileResponse(image.storage.open(image.name, "rb"), content_type=content_type)
        response["Content-Security-Policy"] = "default-src 'none'"
        response["X-Content-Type-Options"] = "nosniff"
        return private(response)
