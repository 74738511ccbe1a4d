"""Error pages in the hub's own design."""

from django.http import HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


@requires_csrf_token
def server_error(request):
    # No request: context processors would touch the database, which may be what failed.
    return HttpResponseServerError(loader.render_to_string("500.html", {"is_error_page": True}))
