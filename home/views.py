"""Error pages in the hub's own design."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token
from django.views.static import serve


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


def serve_media(request, path):
    """Uploaded files, for development and tests; in production the web server serves MEDIA_ROOT."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)
