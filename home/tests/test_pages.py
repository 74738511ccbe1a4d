"""Public rendering of the home page, standard pages, chrome, SEO and error pages."""

import pytest

from django.core.files.base import ContentFile
from django.test import RequestFactory

from wagtail.documents.models import Document
from wagtail.images.tests.utils import get_test_image_file

from home.models import HomePage, SiteSettings, StandardPage
from home.views import server_error
from testing.auth import sign_in

pytestmark = pytest.mark.django_db


def html(client, path, **kwargs):
    response = client.get(path, **kwargs)
    assert response.status_code == 200, path
    return response.content.decode()


def test_home_page_shows_hero_cohesion_help_and_report_panel(seeded_site, client):
    content = html(client, "/")
    assert "Working together for the common good" in content
    assert "glue which binds communities together" in content
    assert "How you can help" in content
    assert 'id="report-heading"' in content
    assert 'href="tel:03451233333"' in content


def test_home_page_sections_with_nothing_to_show_render_nothing(seeded_site, client):
    markers = ['id="what-is-cohesion"', 'id="help-heading"', 'id="explore-heading"', 'id="featured-heading"']
    content = html(client, "/")
    assert [marker for marker in markers if marker in content] == markers
    seeded_site.cohesion_text = ""
    seeded_site.help_actions = []
    seeded_site.entry_points = []
    seeded_site.featured_pages = []
    seeded_site.save_revision().publish()
    content = html(client, "/")
    assert [marker for marker in markers if marker in content] == []


def test_featured_pages_show_only_live_pages(seeded_site, client):
    about = StandardPage.objects.get(slug="about")
    privacy = StandardPage.objects.get(slug="privacy-notice")
    seeded_site.featured_pages = [("page", about), ("page", privacy)]
    seeded_site.save_revision().publish()
    privacy.unpublish()
    content = html(client, "/")
    assert 'id="featured-heading"' in content
    assert f'href="{about.url}"' in content
    assert "Privacy notice</a></h3>" not in content


def test_header_has_skip_link_search_and_menu(seeded_site, client):
    content = html(client, "/guidance/")
    assert content.index('class="govuk-skip-link"') < content.index('id="main-content"')
    assert 'action="/search/"' in content
    assert 'aria-current="true"' in content  # Guidance is the current section
    assert 'class="govuk-breadcrumbs"' in content


def test_footer_has_contact_report_line_and_policy_links(seeded_site, client):
    content = html(client, "/")
    for expected in ["01629 538254", "policy@derbyshire.gov.uk", "0345 123 3333"]:
        assert expected in content
    for slug in ["about", "accessibility-statement", "privacy-notice", "cookies"]:
        assert f'href="/{slug}/"' in content


def test_brand_has_no_crown_or_gds_transport(seeded_site, client):
    content = html(client, "/")
    assert "govuk-header__logotype" not in content and "crown" not in content.lower()
    from pathlib import Path

    css = (Path(__file__).resolve().parents[2] / "static" / "dist" / "css" / "main.css").read_text()
    assert "GDS Transport" not in css


def test_site_notice_shows_only_when_switched_on(seeded_site, client):
    assert "govuk-notification-banner" not in html(client, "/")
    settings = SiteSettings.load()
    settings.notice_enabled = True
    settings.notice_text = "<p>Offices closed on Monday.</p>"
    settings.save()
    content = html(client, "/about/")
    assert "govuk-notification-banner" in content and "Offices closed on Monday." in content


def test_pages_carry_canonical_description_and_open_graph(seeded_site, client):
    content = html(client, "/about/")
    about = StandardPage.objects.get(slug="about")
    assert f'<link rel="canonical" href="{about.full_url}">' in content
    assert '<meta name="description" content="What the Bringing People Together hub is' in content
    assert '<meta property="og:title" content="About Bringing People Together">' in content


def test_social_image_becomes_open_graph_image(seeded_site, client):
    from wagtail.images.models import Image

    image = Image.objects.create(title="People at a fair", file=get_test_image_file(size=(1200, 800)))
    about = StandardPage.objects.get(slug="about")
    about.social_image = image
    about.save_revision().publish()
    content = html(client, "/about/")
    assert '<meta property="og:image" content="http' in content
    assert '<meta property="og:image:width" content="1200">' in content


def test_public_pages_are_publicly_cacheable_and_private_for_editors(seeded_site, client, admin_user):
    response = client.get("/about/")
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    sign_in(client, admin_user)
    response = client.get("/about/")
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_page_marked_as_varying_per_visitor_is_never_cached(seeded_site, client, monkeypatch):
    monkeypatch.setattr(StandardPage, "varies_per_visitor", True)
    cache_control = client.get("/about/")["Cache-Control"]
    assert "no-store" in cache_control and "public" not in cache_control


def test_sitemap_lists_every_live_page(seeded_site, client):
    content = html(client, "/sitemap.xml")
    for page in StandardPage.objects.live():
        assert f"<loc>{page.full_url}</loc>" in content


def test_robots_txt_points_at_the_sitemap_and_keeps_out_of_admin(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    content = response.content.decode()
    assert "Disallow: /admin/" in content and "Sitemap: http://testserver/sitemap.xml" in content


def test_not_found_page_uses_the_hub_design(seeded_site, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content and 'class="bpt-header"' in content and "01629 538254" in content


def test_server_error_page_renders_without_the_database():
    # No django_db mark for this test's database use: any query would raise.
    request = RequestFactory().get("/")
    response = server_error(request)
    content = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in content
    assert "0345 123 3333" in content and 'class="bpt-header"' in content
    assert "Traceback" not in content


def test_unhandled_error_shows_the_500_page_not_a_traceback(client, monkeypatch, seeded_site):
    def explode(*args, **kwargs):
        raise RuntimeError("database is on fire")

    monkeypatch.setattr(HomePage, "get_context", explode)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    content = response.content.decode()
    assert "Sorry, there is a problem with the service" in content
    assert "database is on fire" not in content and "Traceback" not in content


@pytest.fixture
def page_with_every_block(seeded_site):
    from wagtail.images.models import Image

    image = Image.objects.create(title="Fair", file=get_test_image_file(size=(800, 600)))
    document = Document.objects.create(title="Cohesion strategy")
    document.file.save("strategy.pdf", ContentFile(b"%PDF-1.4\n" + b"x" * 2048))
    body = [
        ("heading", {"text": "A section", "level": "h2"}),
        ("paragraph", "<p>Some <b>rich</b> text.</p>"),
        ("callout", {"heading": "Note", "text": "<p>Called out.</p>", "style": "inset"}),
        (
            "quote",
            {"quote": "Together we are stronger.", "attribution": "A resident", "source": "Survey 2025"},
        ),
        ("image", {"image": image, "alt_text": "People at a summer fair", "caption": "Photo: the council"}),
        ("document", {"document": document, "title": ""}),
        ("action_list", {"heading": "You can help by", "actions": ["<p>Welcoming newcomers.</p>"]}),
        (
            "contact",
            {
                "name": "Policy team",
                "role": "",
                "phone": "01629 538254",
                "email": "",
                "website": None,
                "address": "",
            },
        ),
        (
            "table",
            {
                "caption": "Meetings",
                "table": {
                    "columns": [{"type": "text", "heading": "Day"}, {"type": "text", "heading": "Place"}],
                    "rows": [{"values": ["Tuesday", "Matlock"]}],
                },
            },
        ),
        ("accordion", {"items": [{"summary": "What is a hate incident?", "content": "<p>Hostility.</p>"}]}),
    ]
    page = seeded_site.add_child(instance=StandardPage(title="Every block", slug="every-block", body=body))
    page.save_revision().publish()
    return page


def test_standard_page_renders_every_shared_block(page_with_every_block, client):
    content = html(client, page_with_every_block.url)
    assert '<h2 class="govuk-heading-l" id="a-section">A section</h2>' in content
    assert "<b>rich</b>" in content
    assert 'class="govuk-inset-text"' in content
    assert "Together we are stronger." in content and "<cite>Survey 2025</cite>" in content
    assert 'alt="People at a summer fair"' in content and "image/webp" in content
    assert "Photo: the council" in content
    assert "(PDF, 2.0\xa0KB)" in content
    assert "Welcoming newcomers." in content
    assert 'href="tel:01629538254"' in content
    assert "<caption" in content and '<th scope="col" class="govuk-table__header">Day</th>' in content
    assert '<details class="govuk-details">' in content


def test_image_block_requires_alt_text():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import ImageWithCaptionBlock

    block = ImageWithCaptionBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"image": None, "alt_text": "", "caption": ""}))
    assert "alt_text" in error.value.block_errors


def test_contact_card_needs_a_way_to_make_contact():
    from wagtail.blocks import StructBlockValidationError

    from home.blocks import ContactCardBlock

    block = ContactCardBlock()
    with pytest.raises(StructBlockValidationError):
        block.clean(block.to_python({"name": "Policy team"}))


def main_menu(client):
    content = html(client, "/about/")
    return content.split('id="main-navigation"')[1].split("</ul>")[0]


def test_main_menu_is_cached_per_site(seeded_site, client):
    from django.core.cache import cache

    from home.templatetags.hub_tags import navigation_cache_key

    main_menu(client)
    cached = cache.get(navigation_cache_key(seeded_site.get_site().pk))
    titles = [section["title"] for section in cached]
    assert titles == ["Guidance", "Strategy and charter", "Stories", "Events"]


def test_main_menu_follows_publishing_despite_the_cache(seeded_site, client):
    from guidance.models import GuidanceIndexPage

    assert 'href="/guidance/"' in main_menu(client)
    guidance = GuidanceIndexPage.objects.get()
    guidance.unpublish()
    assert 'href="/guidance/"' not in main_menu(client)
    guidance.save_revision().publish()
    assert 'href="/guidance/"' in main_menu(client)


def test_only_the_public_form_pages_vary_per_visitor():
    """Every other page type can be cached whole; a new form page must opt out on purpose."""
    from testing.pages import project_page_models

    varying = {model.__name__ for model in project_page_models() if model.varies_per_visitor}
    assert varying == {"SubmitEventPage", "AddCalendarPage"}


def test_submission_form_page_is_never_cached(seeded_site, client):
    from events.models import SubmitEventPage

    form_page = SubmitEventPage.objects.live().get()
    cache_control = client.get(form_page.url)["Cache-Control"]
    assert "no-store" in cache_control and "public" not in cache_control
