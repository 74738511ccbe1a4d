"""Every kind of response carries the security headers: pages of every type, errors, feeds,
.ics, documents, uploads, static files, the health check and the admin."""

import pytest
from csp.constants import NONCE, SELF
from csp.decorators import csp_update

from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import path

from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction

from config.urls import urlpatterns as site_urlpatterns
from testing.site_walk import csp_directives, security_header_problems, urls_to_walk

pytestmark = pytest.mark.django_db


def broken_view(request):
    raise RuntimeError("a bug")


def inline_header_view(request):
    return HttpResponse("", headers={"Content-Security-Policy": "default-src 'none'"})


# The site's own URLs plus one view that fails, to see the 500 page's headers.
urlpatterns = [path("broken/", broken_view), path("own-csp/", inline_header_view), *site_urlpatterns]
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"


@pytest.fixture
def hsts(settings):
    settings.SECURE_HSTS_SECONDS = 31536000


def test_every_page_type_and_response_kind_carries_every_security_header(seeded_site, client, hsts):
    walked = urls_to_walk()
    assert len(walked) > 20
    for label, url, status in walked:
        response = client.get(url, secure=True)
        assert response.status_code == status, (label, url, response.status_code)
        assert security_header_problems(url, response, https=True) == [], (label, url)


@pytest.mark.urls(__name__)
def test_the_500_page_carries_every_security_header(seeded_site, client, hsts):
    client.raise_request_exception = False
    response = client.get("/broken/", secure=True)
    assert response.status_code == 500
    assert security_header_problems("/broken/", response, https=True) == []


@pytest.mark.urls(__name__)
def test_a_view_with_its_own_policy_keeps_it_and_gains_base_uri_and_frame_ancestors(client):
    directives = csp_directives(client.get("/own-csp/")["Content-Security-Policy"])
    assert directives == {"default-src": ["'none'"], "base-uri": ["'none'"], "frame-ancestors": ["'none'"]}


def test_public_pages_allow_no_inline_script_or_style_and_the_admin_keeps_working(seeded_site, admin_client):
    public = csp_directives(admin_client.get("/")["Content-Security-Policy"])
    assert public["script-src"] == ["'self'"] and public["style-src"] == ["'self'"]
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    admin = csp_directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" in admin["script-src"] and admin["object-src"] == ["'none'"]


def test_the_header_check_reports_what_is_missing():
    assert security_header_problems("/", {}, https=True) == [
        "no Content-Security-Policy",
        "no Permissions-Policy",
        "no X-Content-Type-Options: nosniff",
        "no Referrer-Policy",
        "no Strict-Transport-Security",
    ]
    loose = {"Content-Security-Policy": "default-src 'self'; script-src 'self' 'unsafe-inline'"}
    assert security_header_problems("/", loose, https=False)[:4] == [
        "CSP allows inline script",
        "CSP lacks object-src 'none'",
        "CSP lacks base-uri 'none'",
        "CSP frame-ancestors is not 'none' ('self' for the admin's previews)",
    ]


def test_a_document_in_a_login_only_collection_is_readable_neither_at_its_page_nor_its_file(
    seeded_site, client, django_user_model
):
    private = Collection.get_first_root_node().add_child(name="Councillors only")
    CollectionViewRestriction.objects.create(collection=private, restriction_type="login")
    document = get_document_model().objects.order_by("pk").first()
    document.collection = private
    document.save()
    stored_path = "/media/" + document.file.name
    assert stored_path.startswith("/media/documents/")

    assert client.get(document.url).status_code == 302  # to the login page
    assert client.get(stored_path).status_code == 404

    client.force_login(django_user_model.objects.create_user("reader", password="x"))
    assert client.get(document.url).status_code == 200
    assert client.get(stored_path).status_code == 404  # never by its storage path


def policy_middleware(view):
    from home.middleware import SiteCSPMiddleware

    middleware = SiteCSPMiddleware(view)
    return lambda path: middleware(RequestFactory().get(path))


def test_the_fixed_policy_follows_the_settings_and_the_admin_prefix(settings):
    respond = policy_middleware(lambda request: HttpResponse(""))
    public = csp_directives(respond("/")["Content-Security-Policy"])
    admin = csp_directives(respond("/admin/")["Content-Security-Policy"])
    assert "'unsafe-inline'" not in public["script-src"] and "'unsafe-inline'" in admin["script-src"]
    # The policy is built once per settings: a changed setting gives a changed header.
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["https:"]}}
    assert csp_directives(respond("/")["Content-Security-Policy"])["img-src"] == ["https:"]


def test_a_response_that_asks_for_a_nonce_or_its_own_policy_still_gets_it(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": [SELF], "script-src": [SELF, NONCE]}}

    def nonce_view(request):
        return HttpResponse(str(request.csp_nonce))

    respond = policy_middleware(nonce_view)
    nonces = set()
    for _ in range(2):  # each request its own nonce, never one built once and reused
        response = respond("/")
        nonces.add(response.content.decode())
        assert f"'nonce-{response.content.decode()}'" in response["Content-Security-Policy"]
    assert len(nonces) == 2

    @csp_update({"img-src": ["https://maps.example"]})
    def map_view(request):
        return HttpResponse("")

    directives = csp_directives(policy_middleware(map_view)("/")["Content-Security-Policy"])
    assert "https://maps.example" in directives["img-src"]
