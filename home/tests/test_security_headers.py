"""Every kind of response carries the security headers: pages of every type, errors, feeds,
.ics, documents, uploads, static files, the health check and the admin."""

import pytest

from django.http import HttpResponse
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
