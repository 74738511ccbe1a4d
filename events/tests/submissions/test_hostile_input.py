"""Hostile and random answers fired at the public form. The site never fails (no 5xx), and a
submission is stored exactly when the form is valid and new.

Every hostile value reaches every field in a fixed pass (one post per value, the values rotated
across the fields); hypothesis then adds random answers: HOSTILE_EXAMPLES of them (150 by
default; `HOSTILE_EXAMPLES=1500` for a thorough run)."""

import os
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from events import spam
from events.forms import EventSubmissionForm
from events.models import EventSubmission

from .support import image_bytes, served_token, valid_data

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "150"))

HOSTILE = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "' OR 1=1 --", "\x00", "a\x00b",
    "{{ 7*7 }}", "{% debug %}", "%s%s%n", "\r\nBcc: victim@example.org", "../../etc/passwd", "\u202egnp.exe",
    "😀" * 200, "x" * 6000, "javascript:alert(1)", "data:text/html,<b>x</b>", "http://", "https://[::1",
    "-1", "0", "99999999999999999999", "1e309", "NaN", "2031", "29", "02", "31", "13", "7pm", "25:61",
    "DE4 3AG", "SW1A 1AA", "name@example.com", "@", "yes", "no", "on", "times", "all_day", "weekly",
    "in_person", "online", "", " ", "\t\n", "²", "2031²", "٢٠٣١", "１２", "9999", "0000",
]  # fmt: skip
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=80), st.text(min_size=250, max_size=400))
VALUE = st.one_of(TEXT, st.lists(TEXT, min_size=1, max_size=3))
FILE = st.one_of(
    st.binary(max_size=256).map(lambda content: ("random.jpg", content)),
    st.sampled_from(["JPEG", "PNG", "WEBP", "GIF"]).map(
        lambda fmt: (f"image.{fmt.lower()}", image_bytes(fmt))
    ),
)


def fields_of(answers):
    return sorted({*answers, "image", "unexpected_field"})


def as_post(answers):
    """The answers as the view receives them: a QueryDict, where a list is a repeated field."""
    post = QueryDict(mutable=True)
    for name, value in answers.items():
        post.setlist(name, value if isinstance(value, list) else [value])
    return post


def uploaded(file):
    return {"image": SimpleUploadedFile(file[0], file[1])} if file else {}


def post_and_check(client, submit_page, answers, file=None):
    """Post the answers as a browser would; "stored", "duplicate" or "refused"."""
    post = as_post(answers)
    form = EventSubmissionForm(post, uploaded(file))
    # Valid means the form and its spam defences: a served timing token and an empty honeypot.
    valid = (
        form.is_valid()
        and spam.seconds_since_issued(post.get("form_token")) is not None
        and not post.get("website", "").strip()
    )
    new = valid and not EventSubmission.objects.filter(content_hash=form.content_hash()).exists()
    before = EventSubmission.objects.count()

    response = client.post(submit_page.url, {**answers, **uploaded(file)})

    assert response.status_code < 500, answers
    assert EventSubmission.objects.count() == before + (1 if new else 0), answers
    return "stored" if new else "duplicate" if valid else "refused"


def test_every_hostile_value_in_every_field_never_fails(
    client, submit_page, area, category, relaxed_spam_limits
):
    # The honeypot stops a post before the form is read: it gets its own pass below.
    names = [name for name in fields_of(valid_data(area, category)) if name not in ("image", "website")]
    outcomes = Counter()
    for turn in range(len(HOSTILE)):
        answers = valid_data(area, category, form_token=served_token())
        for position, name in enumerate(names):
            answers[name] = HOSTILE[(position + turn) % len(HOSTILE)]
        outcomes[post_and_check(client, submit_page, answers)] += 1
    for value in HOSTILE:
        answers = valid_data(area, category, form_token=served_token(), website=value)
        outcomes[post_and_check(client, submit_page, answers)] += 1
    # Nearly every value is wrong somewhere: nothing gets through but the plain valid answers.
    assert outcomes["refused"] >= len(HOSTILE), outcomes


def test_random_and_hostile_answers_never_fail_and_store_only_valid_new_submissions(
    client, submit_page, area, category, relaxed_spam_limits
):
    outcomes = Counter()
    names = fields_of(valid_data(area, category))

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def fire(data):
        answers = valid_data(area, category, form_token=served_token())
        file = None
        for name in data.draw(st.lists(st.sampled_from(names), max_size=5, unique=True)):
            if name == "image":
                file = data.draw(FILE)
            elif data.draw(st.booleans()):
                answers.pop(name, None)
            else:
                answers[name] = data.draw(VALUE)
        outcomes[post_and_check(client, submit_page, answers, file)] += 1

    fire()
    assert outcomes["stored"] > EXAMPLES / 75 and outcomes["refused"] > EXAMPLES / 4, outcomes
