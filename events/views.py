"""The moderation screens (approve, reject, see the submitted image) that wagtail_hooks registers
in the admin. The public form is served by SubmitEventPage itself."""

import logging
import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail_modeladmin.views import InspectView, InstanceSpecificView

from home.models import cache_policy

from . import moderation
from .forms import ApprovalForm

logger = logging.getLogger("events.submissions")


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
        context.setdefault(
            "form",
            ApprovalForm(initial={"themes": self.instance.themes.all(), "priority": self.instance.priority}),
        )
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
        form = ApprovalForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=200)
        try:
            page = moderation.approve(self.instance, request.user, publish=publish, details=form.cleaned_data)
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
        return cache_policy(response, varies_per_visitor=True)
