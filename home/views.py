"""Error pages in the hub's own design, uploads for small installs, and the health check."""

import logging

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import (
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotFound,
    HttpResponseServerError,
    JsonResponse,
)
from django.template import loader
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve

logger = logging.getLogger(__name__)


@requires_csrf_token
def bad_request(request, exception=None):
    """A request Django refused, e.g. a body over DATA_UPLOAD_MAX_MEMORY_SIZE: our page, never a 500."""
    if isinstance(exception, RequestDataTooBig):
        return HttpResponse(loader.render_to_string("413.html", {}, request), status=413)
    return HttpResponseBadRequest(loader.render_to_string("400.html", {}, request))


@requires_csrf_token
def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


@requires_csrf_token
def server_error(request):
    # No request: context processors would touch the database, which may be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html", {"is_error_page": True}))


# Documents are served only by Wagtail's view (/documents/<id>/<name>), which checks the
# collection's privacy; the files themselves must never be reachable by their storage path.
PRIVATE_MEDIA_FOLDERS = ("documents/",)


def serve_media(request, path):
    """Uploaded files, for development, tests and a single server with nothing in front."""
    if path.lstrip("/").startswith(PRIVATE_MEDIA_FOLDERS):
        raise Http404("Documents are served at /documents/.")
    return serve(request, path, document_root=settings.MEDIA_ROOT)


@never_cache
def healthz(request):
    """For load balancers and monitors: 200 when the database and the cache answer, else 503.
    Says only ok or failing per part; the reason goes to the log, never to the caller."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception:
        logger.exception("health check: database failed")
        checks["database"] = "failing"
    try:
        key, value = f"healthz-{get_random_string(12)}", get_random_string(12)
        cache.set(key, value, 10)
        checks["cache"] = "ok" if cache.get(key) == value else "failing"
        cache.delete(key)
    except Exception:
        logger.exception("health check: cache failed")
        checks["cache"] = "failing"
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "failing", **checks}, status=200 if healthy else 503)
