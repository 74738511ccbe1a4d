"""The Content-Security-Policy on every response, with one relaxation for Wagtail's admin."""

from csp.constants import HEADER
from csp.middleware import CSPMiddleware

from django.conf import settings


class SiteCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, plus two things it cannot be told in settings:

    - Wagtail's admin writes inline scripts and styles (date pickers, inline panels) that carry
      no nonce, and shows previews in a same-origin frame, so under its prefix the directives in
      CONTENT_SECURITY_POLICY_ADMIN replace the public ones.
    - Wagtail serves documents and images with its own `default-src 'none'`; django-csp leaves
      an existing header alone, so the directives default-src does not cover are added to it.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith(settings.ADMIN_URL_PREFIX):
            parts.replace = {**settings.CONTENT_SECURITY_POLICY_ADMIN, **(parts.replace or {})}
        return parts

    def process_response(self, request, response):
        existing = response.get(HEADER)
        if existing is not None:
            missing = [
                f"{directive} 'none'"
                for directive in ("base-uri", "frame-ancestors")
                if directive not in existing
            ]
            if missing:
                response[HEADER] = "; ".join([existing, *missing])
        return super().process_response(request, response)
