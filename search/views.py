"""The site search page and its autocomplete endpoint. The header search box submits here."""

import logging
import re

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from home.pagination import CappedPaginator

from . import hits
from .query import SearchQuery, clean_query, parse
from .results import SiteSearch, searchable_pages

logger = logging.getLogger(__name__)

RESULTS_PER_PAGE = 10
# Deep pages cost more (OFFSET) and nobody reads them; the count still says how many there are.
MAX_PAGES = 50
SUGGESTIONS = 6
MIN_SUGGEST_LENGTH = 2


def page_number(request):
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGES)


def search(request):
    search_query = SearchQuery.from_text(request.GET.get("q", ""))
    selected_types = [clean_query(value)[:100] for value in request.GET.getlist("type")[:20]]
    context = {"query": search_query.text, "search_query": search_query, "results": None}
    if search_query:
        site_search = SiteSearch(request, search_query, selected_types)
        paginator = CappedPaginator(site_search.results, RESULTS_PER_PAGE, max_pages=MAX_PAGES)
        results = paginator.page(min(page_number(request), paginator.num_pages))
        context.update(
            site_search=site_search,
            paginator=paginator,
            results=results,
            filtered=bool(site_search.selected),
        )
        if page_number(request) == 1 and not site_search.selected:
            hits.record_later(search_query.text, found=site_search.total > 0)
    elif request.GET.get("q") is not None:
        context["empty_query"] = True
    response = render(request, "search/search.html", context)
    # Results change the moment a page is published or withdrawn: no shared cache may keep them.
    add_never_cache_headers(response)
    return response


def suggest(request):
    """Up to six page titles starting with what has been typed, as JSON, for the search box."""
    text = clean_query(request.GET.get("q", ""))
    words = [word for part in parse(text) for word in part.words]
    suggestions = []
    if len(text) >= MIN_SUGGEST_LENGTH and words:
        # Some page types index more than the title for autocomplete; offer only titles that show
        # what was typed, so every suggestion visibly fits.
        typed = re.compile("".join(rf"(?=.*\b{re.escape(word)})" for word in words), re.IGNORECASE)
        pages = searchable_pages(request).autocomplete(" ".join(words))
        for page in pages[: SUGGESTIONS * 3]:
            url = page.get_url(request)
            if url and typed.match(page.title):
                suggestions.append({"title": page.title, "url": url})
            if len(suggestions) == SUGGESTIONS:
                break
    response = JsonResponse({"query": text, "suggestions": suggestions})
    add_never_cache_headers(response)
    return response
