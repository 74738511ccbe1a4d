"""The one GOV.UK pagination: page choice, the cap on deep pages, and the styled ellipsis."""

import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.test import RequestFactory

from home.pagination import CappedPaginator, paginate


def page_for(query):
    return paginate(RequestFactory().get("/", query), list(range(95)), 10)


def test_paginate_gives_the_page_asked_for_and_falls_back_for_nonsense():
    assert page_for({"page": "3"}).number == 3
    assert page_for({"page": "abc"}).number == 1
    assert page_for({}).number == 1
    assert page_for({"page": "999"}).number == 10


def test_capped_paginator_offers_no_page_past_the_cap_but_counts_everything():
    paginator = CappedPaginator(list(range(1000)), 10, max_pages=50)
    last = paginator.page(50)
    assert paginator.count == 1000
    assert paginator.num_pages == 50
    assert not last.has_next()
    assert (last.start_index(), last.end_index()) == (491, 500)


def render(page_obj):
    request = RequestFactory().get("/", {"q": "cohesion", "page": page_obj.number})
    return render_to_string("includes/pagination.html", {"page_obj": page_obj}, request=request)


def test_long_runs_of_pages_become_an_ellipsis_that_govuk_frontend_styles():
    html = render(CappedPaginator(list(range(200)), 10, max_pages=50).page(10))
    numbers = re.findall(r'aria-label="Page (\d+)"', html)
    assert numbers == ["1", "9", "10", "11", "20"]
    ellipsis = r'class="govuk-pagination__item (govuk-pagination__item--\w+)">&ctdot;'
    ellipsis_classes = set(re.findall(ellipsis, html))
    assert len(ellipsis_classes) == 1
    # The class must be one GOV.UK Frontend's CSS (as built into static/dist) actually styles.
    css = (Path(settings.BASE_DIR) / "static/dist/css/main.css").read_text()
    assert f".{ellipsis_classes.pop()}" in css


def test_links_keep_the_query_and_the_last_page_offered_has_no_next_link():
    html = render(CappedPaginator(list(range(1000)), 10, max_pages=50).page(50))
    assert 'href="?q=cohesion&amp;page=49"' in html
    assert 'rel="next"' not in html
