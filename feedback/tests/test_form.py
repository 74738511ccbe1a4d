"""The "Is this page useful?" form: on every content page, cacheable, and its endpoint stores
answers only from this site, within the shared limit, with personal details masked."""

import pytest

from django.urls import reverse

from wagtail.models import PageViewRestriction

from events.spam import RateLimit
from feedback.forms import CommentForm
from feedback.models import COMMENT_MAX_LENGTH, PageFeedback
from home.factories import StandardPageFactory

pytestmark = pytest.mark.django_db

SAME_SITE = {"HTTP_ORIGIN": "http://testserver"}


@pytest.fixture
def page(home):
    return StandardPageFactory(parent=home, title="Who to contact", slug="who-to-contact")


@pytest.fixture
def endpoint():
    return reverse("page_feedback")


def answer(client, endpoint, page, useful, **headers):
    return client.post(endpoint, {"page": page.pk, "useful": useful}, **(headers or SAME_SITE))


def test_every_content_page_shows_the_form_without_a_csrf_token_and_stays_cacheable(client, page):
    response = client.get(page.url)
    html = response.content.decode()
    assert "Is this page useful?" in html
    assert f'name="page" value="{page.pk}"' in html
    assert "csrfmiddlewaretoken" not in html
    assert "csrftoken" not in response.cookies
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "private" not in cache_control and "no-store" not in cache_control


def test_the_home_page_and_a_guidance_note_show_the_form_too(client, seeded_site):
    from guidance.models import GuidanceNotePage

    note = GuidanceNotePage.objects.live().first()
    for url in (seeded_site.url, note.url):
        assert "Is this page useful?" in client.get(url).content.decode()


def test_yes_is_stored_and_thanked(client, endpoint, page):
    response = answer(client, endpoint, page, "yes")
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    feedback = PageFeedback.objects.get()
    assert (feedback.page_id, feedback.useful, feedback.comment) == (page.pk, True, "")


def test_no_is_stored_then_asks_what_they_were_looking_for(client, endpoint, page):
    response = answer(client, endpoint, page, "no")
    html = response.content.decode()
    assert response.status_code == 200
    assert "What were you looking for?" in html
    assert f'maxlength="{COMMENT_MAX_LENGTH}"' in html or f'data-maxlength="{COMMENT_MAX_LENGTH}"' in html
    feedback = PageFeedback.objects.get()
    assert feedback.useful is False

    token = CommentForm.token_for(feedback)
    response = client.post(
        endpoint,
        {"token": token, "comment": "Opening times. Email me: ann@example.com or 07700 900123"},
        **SAME_SITE,
    )
    assert response.status_code == 200
    assert "Thank you for your feedback" in response.content.decode()
    feedback.refresh_from_db()
    assert feedback.comment == "Opening times. Email me: [email removed] or [phone number removed]"


def test_a_comment_cannot_be_sent_twice_or_replace_the_first(client, endpoint, page):
    answer(client, endpoint, page, "no")
    feedback = PageFeedback.objects.get()
    token = CommentForm.token_for(feedback)
    client.post(endpoint, {"token": token, "comment": "First"}, **SAME_SITE)
    response = client.post(endpoint, {"token": token, "comment": "Second"}, **SAME_SITE)
    assert response.status_code == 400
    feedback.refresh_from_db()
    assert feedback.comment == "First"


def test_a_comment_over_the_limit_shows_a_govuk_error_summary_and_keeps_the_text(client, endpoint, page):
    answer(client, endpoint, page, "no")
    feedback = PageFeedback.objects.get()
    text = "x" * (COMMENT_MAX_LENGTH + 1)
    response = client.post(endpoint, {"token": CommentForm.token_for(feedback), "comment": text}, **SAME_SITE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert f"{COMMENT_MAX_LENGTH} characters or fewer" in html
    assert text in html
    feedback.refresh_from_db()
    assert feedback.comment == ""


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"page": "abc", "useful": "yes"},
        {"useful": "yes"},
        {"page": "999999", "useful": "yes"},
        {"page": "PAGE", "useful": "maybe"},
        {"page": "PAGE", "useful": "yes' OR 1=1 --"},
        {"token": "forged", "comment": "hi"},
        {"page": "1", "useful": "yes"},  # the tree's root is not a page readers see
    ],
)
def test_hostile_or_malformed_answers_are_refused_without_error_and_store_nothing(
    client, endpoint, page, data
):
    data = {key: str(page.pk) if value == "PAGE" else value for key, value in data.items()}
    response = client.post(endpoint, data, **SAME_SITE)
    assert response.status_code == 400
    assert "could not save your answer" in response.content.decode()
    assert not PageFeedback.objects.exists()


def test_answers_about_draft_or_private_pages_are_refused(client, endpoint, home):
    draft = StandardPageFactory(parent=home, slug="draft", live=False)
    private = StandardPageFactory(parent=home, slug="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="secret")
    for target in (draft, private):
        assert answer(client, endpoint, target, "yes").status_code == 400
    assert not PageFeedback.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        {"HTTP_REFERER": "https://evil.example/page/"},
        {"HTTP_ORIGIN": "https://evil.example", "HTTP_REFERER": "http://testserver/who-to-contact/"},
    ],
)
def test_answers_from_other_sites_or_with_no_origin_are_refused(client, endpoint, page, headers):
    response = client.post(endpoint, {"page": page.pk, "useful": "yes"}, **headers)
    assert response.status_code == 403
    assert not PageFeedback.objects.exists()


def test_a_referer_from_this_site_is_enough_when_there_is_no_origin(client, endpoint, page):
    response = answer(client, endpoint, page, "yes", HTTP_REFERER="http://testserver/who-to-contact/")
    assert response.status_code == 200
    assert PageFeedback.objects.count() == 1


def test_get_is_not_allowed(client, endpoint):
    assert client.get(endpoint).status_code == 405


def test_over_the_limit_answers_get_429_and_are_not_stored(client, endpoint, page, settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    settings.SUBMISSION_RATE_LIMIT_STORE = "database"
    for _ in range(3):
        assert answer(client, endpoint, page, "yes").status_code == 200
    response = answer(client, endpoint, page, "yes")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "too many answers" in response.content.decode()
    assert PageFeedback.objects.count() == 3


def test_the_limit_is_the_shared_counter_the_event_form_uses(client, endpoint, page, settings):
    """The count lives in the shared store: a limiter built independently sees the answers."""
    settings.SUBMISSION_RATE_LIMIT_STORE = "database"
    answer(client, endpoint, page, "yes")
    answer(client, endpoint, page, "yes")
    limit = RateLimit("page-feedback", 3, settings.FEEDBACK_RATE_LIMIT_WINDOW)
    assert limit.hit("127.0.0.1") is True  # third
    assert limit.hit("127.0.0.1") is False  # fourth


def test_the_pages_after_an_answer_are_never_kept_by_shared_caches(client, endpoint, page):
    response = answer(client, endpoint, page, "no")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_an_answer_from_a_polish_page_is_thanked_and_followed_up_in_polish(client, page):
    from django.utils import translation

    with translation.override("pl"):
        endpoint = reverse("page_feedback")
    assert endpoint == "/pl/feedback/"
    html = answer(client, endpoint, page, "no").content.decode()
    assert "Pomóż nam ulepszyć tę stronę" in html and "Czego szukasz?" in html
    assert "Help us improve this page" not in html and "What were you looking for?" not in html
    html = answer(client, endpoint, page, "yes").content.decode()
    assert "Dziękujemy za opinię" in html and "Thank you for your feedback" not in html
