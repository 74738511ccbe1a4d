"""Community languages: locales, routing under /pl/ and /ur/, the English fallback, the language
switcher, hreflang alternates, out-of-date translations and right-to-left pages."""

import re

import pytest

from django.conf import settings

from wagtail.models import Locale

from home.factories import StandardPageFactory
from home.factories import publish_translation as translate
from home.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="About", slug="about", introduction="What the hub is for.")


def test_every_configured_language_has_a_locale():
    codes = set(Locale.objects.values_list("language_code", flat=True))
    assert codes >= {"en-gb", "pl", "ro", "sk", "pa", "ur", "ar"}
    assert [code for code, _name in settings.LANGUAGES] == ["en-gb", *settings.COMMUNITY_LANGUAGES]


def test_english_keeps_its_addresses_and_translations_get_a_prefix(about, client):
    polish = translate(about, "pl", title="O nas")
    assert about.url == "/about/"
    assert polish.url == "/pl/about/"
    response = client.get("/pl/about/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "O nas" in content
    assert '<html lang="pl" dir="ltr"' in content
    assert "bpt-language-notice" not in content


def test_a_page_with_no_translation_falls_back_to_english_with_a_note(about, client):
    translate(about.get_parent(), "pl")
    for path in ("/pl/about/", "/ro/about/"):  # with and without a translated home page
        response = client.get(path)
        assert response.status_code == 200, path
        content = response.content.decode()
        assert '<html lang="{}"'.format(path.split("/")[1]) in content
        assert "bpt-language-notice" in content
        # The English content is marked as English for screen readers and layout.
        main = content.split('id="main-content"')[1]
        assert re.search(r'<div lang="en-GB" dir="ltr">\s*.*<h1[^>]*>\s*About', main, re.S)


def test_a_draft_translation_is_not_shown(about, client):
    polish = translate(about, "pl", title="O nas")
    polish.unpublish()
    content = client.get("/pl/about/").content.decode()
    assert "O nas" not in content
    assert "bpt-language-notice" in content


def test_a_missing_page_is_still_not_found_in_every_language(about, client):
    translate(about.get_parent(), "pl")
    assert client.get("/pl/no-such-page/").status_code == 404
    assert client.get("/ur/no-such-page/").status_code == 404


def test_switcher_lists_only_the_languages_the_page_exists_in(about, client):
    translate(about, "pl", title="O nas")
    translate(about, "ur", title="ہمارے بارے میں")
    content = client.get("/pl/about/").content.decode()
    switcher = content.split('class="bpt-language-switcher"')[1].split("</nav>")[0]
    names = re.findall(r'lang="([^"]+)"[^>]*>([^<]+)<', switcher)
    assert names == [("en-GB", "English"), ("pl", "polski"), ("ur", "اردو")]
    assert 'href="/about/"' in switcher and 'href="/ur/about/"' in switcher
    assert 'aria-current="true">polski' in switcher
    assert "Română" not in switcher


def test_switcher_is_not_shown_on_a_page_with_no_translations(about, client):
    assert "bpt-language-switcher" not in client.get("/about/").content.decode()


def test_head_has_hreflang_alternates_and_x_default(about, client):
    translate(about, "ar", title="من نحن")
    content = client.get("/about/").content.decode()
    assert '<link rel="alternate" hreflang="en-GB" href="http://testserver/about/">' in content
    assert '<link rel="alternate" hreflang="ar" href="http://testserver/ar/about/">' in content
    assert '<link rel="alternate" hreflang="x-default" href="http://testserver/about/">' in content
    assert 'hreflang="pl"' not in content


def test_urdu_and_arabic_pages_are_right_to_left(about, client):
    translate(about, "ur", title="ہمارے بارے میں")
    assert '<html lang="ur" dir="rtl"' in client.get("/ur/about/").content.decode()
    # Falling back to English inside the Arabic interface: the page is RTL, the content LTR.
    content = client.get("/ar/about/").content.decode()
    assert '<html lang="ar" dir="rtl"' in content
    assert '<div lang="en-GB" dir="ltr">' in content


def publish(page):
    page.refresh_from_db()
    page.save_revision().publish()
    page.refresh_from_db()


def out_of_date(client, path):
    content = client.get(path).content.decode()
    return "bpt-language-notice--out-of-date" in content and 'href="/about/" lang="en-GB"' in content


def test_translation_says_when_its_english_source_changed_since(about, client):
    polish = translate(about, "pl", title="O nas")
    assert not out_of_date(client, "/pl/about/")
    publish(about)
    assert out_of_date(client, "/pl/about/")
    assert not out_of_date(client, "/about/")  # the English page never says it
    # Publishing the translation again brings it up to date.
    publish(polish)
    assert not out_of_date(client, "/pl/about/")


def test_translation_made_in_wagtail_localize_is_out_of_date_until_synced(
    about, client, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import TranslationSource

    source, _created = TranslationSource.get_or_create_from_instance(about)
    polish_locale = Locale.objects.get(language_code="pl")
    translate(about.get_parent(), "pl")
    with django_capture_on_commit_callbacks(execute=True):  # it publishes once committed
        source.create_or_update_translation(polish_locale, publish=True, fallback=True)
    assert client.get("/pl/about/").status_code == 200
    assert not out_of_date(client, "/pl/about/")
    publish(about)
    assert out_of_date(client, "/pl/about/")
    # Publishing the translation without syncing the source's new text changes nothing...
    publish(about.get_translation(polish_locale))
    assert out_of_date(client, "/pl/about/")
    # ...syncing it ("Sync translated pages") and publishing the translation does.
    source.update_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        source.create_or_update_translation(polish_locale, publish=True, fallback=True)
    assert not out_of_date(client, "/pl/about/")


def test_menu_links_stay_in_the_visitors_language(about, client):
    about.show_in_menus = True
    about.save()
    content = client.get("/pl/").content.decode()
    menu = content.split('id="main-navigation"')[1].split("</ul>")[0]
    assert 'href="/pl/about/"' in menu
    assert 'lang="en-GB"' in menu  # not translated yet: its English title is marked as such
    translate(about, "pl", title="O nas")
    menu = client.get("/pl/").content.decode().split('id="main-navigation"')[1].split("</ul>")[0]
    assert "O nas" in menu and 'lang="en-GB"' not in menu


@pytest.mark.cache
def test_page_cache_keeps_one_copy_per_language(about, client, settings):
    settings.PAGE_CACHE_ENABLED = True
    translate(about, "pl", title="O nas")
    SiteSettings.load()  # created on first use, which would purge the cache mid-test
    english = client.get("/about/")
    polish = client.get("/pl/about/")
    assert english["X-Page-Cache"] == "miss" and polish["X-Page-Cache"] == "miss"
    assert client.get("/pl/about/")["X-Page-Cache"] == "hit"
    assert "O nas" in client.get("/pl/about/").content.decode()
    # A Polish browser asking for the English address gets the English page, from its own entry.
    again = client.get("/about/", HTTP_ACCEPT_LANGUAGE="pl")
    assert again["X-Page-Cache"] == "hit"
    assert "O nas" not in again.content.decode()


def test_sitemap_lists_every_translation_with_alternates(about, client):
    translate(about, "pl", title="O nas")
    draft = translate(about, "ur", title="ہمارے بارے میں")
    draft.unpublish()
    content = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://testserver/about/</loc>" in content
    assert "<loc>http://testserver/pl/about/</loc>" in content
    assert "<loc>http://testserver/pl/</loc>" in content
    assert "/ur/about/" not in content  # not live
    entry = content.split("<loc>http://testserver/pl/about/</loc>")[1].split("</url>")[0]
    assert '<xhtml:link rel="alternate" hreflang="en-GB" href="http://testserver/about/"' in entry
    assert '<xhtml:link rel="alternate" hreflang="pl" href="http://testserver/pl/about/"' in entry
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://testserver/about/"' in entry


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/pl/about/", ["Przejdź do treści głównej", "Czy ta strona jest przydatna?", "Strona główna"]),
        (
            "/ur/about/",
            ["مرکزی مواد پر جائیں", "کیا یہ صفحہ مفید ہے؟", "یہ صفحہ ابھی اردو میں دستیاب نہیں ہے"],
        ),
        ("/pa/search/?q=x", ["ਹੱਬ ਵਿੱਚ ਖੋਜ ਕਰੋ", "“x” ਲਈ ਕੋਈ ਨਤੀਜਾ ਨਹੀਂ"]),
    ],
)
def test_interface_is_in_the_visitors_language(about, client, path, expected):
    StandardPageFactory(parent=about, title="Child", slug="child")  # for its breadcrumbs
    content = client.get(path.replace("/about/", "/about/child/")).content.decode()
    for text in expected:
        assert text in content
    assert "Skip to main content" not in content


def test_dates_use_the_languages_own_forms(about, client):
    from datetime import UTC, datetime

    from home.models import StandardPage

    StandardPage.objects.filter(pk=about.pk).update(last_published_at=datetime(2026, 11, 30, 12, tzinfo=UTC))
    assert "30 November" in client.get("/about/").content.decode()
    # Polish needs the genitive after a day number: "30 listopada", not "30 listopad".
    assert "30 listopada" in client.get("/pl/about/").content.decode()


def test_compiled_translations_match_the_po_files():
    """The .mo files are committed (so serving needs no gettext tools); they must say what the .po
    files say. After editing a .po file: `manage.py compilemessages`."""
    from pathlib import Path

    import polib

    for code in settings.COMMUNITY_LANGUAGES:
        folder = Path(settings.LOCALE_PATHS[0]) / code / "LC_MESSAGES"
        po = polib.pofile(str(folder / "django.po"))
        mo = {(entry.msgid, entry.msgctxt): entry for entry in polib.mofile(str(folder / "django.mo"))}
        for entry in po.translated_entries():
            compiled = mo.get((entry.msgid, entry.msgctxt))
            assert compiled is not None, (code, entry.msgid)
            assert (compiled.msgstr, compiled.msgstr_plural) == (entry.msgstr, entry.msgstr_plural), (
                code,
                entry.msgid,
            )
        assert len(po.translated_entries()) >= 50, code


def test_editors_see_out_of_date_translations_on_the_dashboard(about, client, admin_user):
    from testing.auth import sign_in

    translate(about, "pl", title="O nas")
    urdu = translate(about, "ur", title="ہمارے بارے میں")
    sign_in(client, admin_user)
    assert "O nas" not in client.get("/admin/").content.decode()
    publish(about)
    publish(urdu)
    panel = (
        client.get("/admin/")
        .content.decode()
        .split('id="translations-panel-heading"')[1]
        .split("</section>")[0]
    )
    assert "O nas" in panel  # the English changed after it
    assert "ہمارے بارے میں" not in panel  # republished since
