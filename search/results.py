"""What the search page lists: pages and documents through Wagtail's search API, in a fixed order.

The order is: promoted results ("best bets"), then current pages by relevance, then example pages
(demonstration content shipped with the hub) by relevance, then documents by relevance, then past
events by relevance. Each part is its own search; only the slice a results page
needs is fetched from each, and the counts per type come from one facet query.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.cache import cache
from django.db.models import OuterRef, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_noop

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Locale, Page, Site, get_page_models

from home.languages import active_locale, fallback_url, language

from .models import EXPIRY_CACHE_KEY
from .query import summarise

# The page types' names as search shows them (capitalised verbose names), marked for
# makemessages: a model's verbose_name stays English for the admin and its migrations.
PAGE_TYPE_NAMES = [
    gettext_noop("Home page"),
    gettext_noop("Home pages"),
    gettext_noop("Standard page"),
    gettext_noop("Standard pages"),
    gettext_noop("Guidance index"),
    gettext_noop("Guidance indexes"),
    gettext_noop("Guidance note"),
    gettext_noop("Guidance notes"),
    gettext_noop("Resources page"),
    gettext_noop("Resources pages"),
    gettext_noop("Strategy and charter section"),
    gettext_noop("Strategy and charter sections"),
    gettext_noop("Strategy or charter"),
    gettext_noop("Strategies and charters"),
    gettext_noop("Action plan"),
    gettext_noop("Action plans"),
    gettext_noop("Add your calendar page"),
    gettext_noop("Add your calendar pages"),
    gettext_noop("Submit an event page"),
    gettext_noop("Submit an event pages"),
    gettext_noop("Events index page"),
    gettext_noop("Events index pages"),
    gettext_noop("Event"),
    gettext_noop("Events"),
    gettext_noop("Story index page"),
    gettext_noop("Story index pages"),
    gettext_noop("Story"),
    gettext_noop("Stories"),
]


def type_name(verbose_name):
    """A page type's name in the visitor's language, e.g. "Guidance notes" in Polish."""
    return gettext(capfirst(verbose_name))


DOCUMENTS = "documents"
# Counts are exact up to this many matching index entries, estimated from a sample beyond.
EXACT_COUNTS_UP_TO = 2000
# Beyond that, about this many matches of the majority types are read, and as many of the minority.
SAMPLE_SIZE = 400
# With estimated counts, fewer current pages than this (two results pages per page linked) and the
# segments are counted exactly, so the results at the edge between segments are all shown.
EXACT_SEGMENTS_BELOW = 1000
# A per-process cache (LocMemCache) is cleared only in the process that saved the page: bound the wait.
EXPIRY_CACHE_SECONDS = 60


@dataclass
class Result:
    """One line of results, ready for the template."""

    title: str
    url: str
    type_label: str
    summary: str = ""
    date: datetime | None = None
    promoted: bool = False
    past_event: bool = False
    example: bool = False
    file_details: str = ""
    # Set when the result is in English inside another language's results.
    lang: str = ""


def type_key(model):
    return f"{model._meta.app_label}.{model._meta.model_name}"


def event_models():
    """Page types with an `is_upcoming` property: their past pages sink below everything else."""
    return [model for model in get_page_models() if isinstance(getattr(model, "is_upcoming", None), property)]


def past_events_q(models):
    """Q selecting pages of these types that are no longer upcoming, using each type's own queryset."""
    # Correlated on the page (the subquery reads only that page's row), not `pk IN (every past event)`:
    # a search checks only the few pages it ranks, where the list would be built from every event on
    # each query. (Not Exists(): modelsearch accepts only field lookups as filters.)
    q = Q()
    for model in models:
        queryset = model.objects.all()
        if hasattr(queryset, "past"):
            q |= Q(pk__in=queryset.past().filter(pk=OuterRef("pk")).values("pk"))
        elif hasattr(queryset, "upcoming"):
            q |= Q(content_type=ContentType.objects.get_for_model(model)) & ~Q(
                pk__in=queryset.upcoming().filter(pk=OuterRef("pk")).values("pk")
            )
    return q


def example_models():
    """Page types that can be example content (see home.models.ExampleContentMixin)."""
    return [
        model
        for model in get_page_models()
        if not model._meta.abstract and any(field.name == "is_example" for field in model._meta.fields)
    ]


def example_q(models):
    """Q selecting the example pages of these types: they rank below real content."""
    q = Q()
    for model in models:
        q |= Q(pk__in=model.objects.filter(is_example=True, pk=OuterRef("pk")).values("pk"))
    return q


def searchable_pages(request):
    """Live, public, unexpired pages of this site, in the visitor's language or the English fallback.
    Filters apply at query time, so a page that is unpublished, made private or past its expiry time
    leaves the results at once."""
    pages = Page.objects.live().public().filter(depth__gt=1)
    active = active_locale(request)
    site = Site.find_for_request(request)  # cached on the request by Wagtail
    if site is not None:
        in_site = Q(path__startswith=site.root_page.path)
        if active.language_code != settings.LANGUAGE_CODE:
            # The translated home page heads the tree of pages in the visitor's language.
            translated_home = site.root_page.get_translation_or_none(active)
            if translated_home is not None:
                in_site |= Q(path__startswith=translated_home.path)
        pages = pages.filter(in_site)
    pages = pages.filter(in_language_or_english_fallback(active))
    # Expiry is applied by a scheduled command; until it runs, an expired page is still live.
    expired = expired_page_ids()
    return pages.exclude(pk__in=expired) if expired else pages


def in_language_or_english_fallback(locale):
    """Q for pages in this locale, and English pages with no live translation in it (the English
    fallback: what a Polish reader is shown at that address anyway)."""
    if locale.language_code == settings.LANGUAGE_CODE:
        return Q(locale=locale)
    translated = Page.objects.live().filter(locale=locale).values("translation_key")
    return Q(locale=locale) | (Q(locale=Locale.get_default()) & ~Q(translation_key__in=translated))


def expired_page_ids():
    """Live pages past their expiry time. The pages with an expiry time are few and change only when
    a page is saved, so they are cached (cleared on every page save) rather than found by a table scan."""
    scheduled = cache.get(EXPIRY_CACHE_KEY)
    if scheduled is None:
        scheduled = list(
            Page.objects.filter(live=True, expire_at__isnull=False).values_list("pk", "expire_at")
        )
        cache.set(EXPIRY_CACHE_KEY, scheduled, EXPIRY_CACHE_SECONDS)
    now = timezone.now()
    return [pk for pk, expire_at in scheduled if expire_at <= now]


def public_documents():
    """Documents outside any collection that asks for a password or a login."""
    restricted = Collection.objects.none()
    for restriction in CollectionViewRestriction.objects.select_related("collection"):
        restricted |= (
            Collection.objects.filter(pk=restriction.collection_id) | restriction.collection.get_descendants()
        )
    documents = get_document_model().objects.all()
    if restricted.exists():
        documents = documents.exclude(collection__in=list(restricted.values_list("pk", flat=True)))
    return documents


class Segment:
    """One ordered part of the results: a count and a way to fetch any slice of it."""

    def __init__(self, count, fetch):
        self.count = count
        self.fetch = fetch


class ChainedResults:
    """Segments read as one sequence, for Django's Paginator; only the slices asked for are fetched."""

    def __init__(self, segments):
        self.segments = [segment for segment in segments if segment.count]

    def count(self):
        return sum(segment.count for segment in self.segments)

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if isinstance(item, int):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop if item.stop is not None else self.count()
        found, offset = [], 0
        for segment in self.segments:
            seg_start, seg_stop = max(start - offset, 0), min(stop - offset, segment.count)
            if seg_start < seg_stop:
                found.extend(segment.fetch(seg_start, seg_stop))
            offset += segment.count
            if offset >= stop:
                break
        return found


def with_listing_dates(pages):
    """The pages again, from their type's `with_listing_date()` where it has one (events): one query
    per type instead of one per event for its date and whether it is still upcoming."""
    by_type = defaultdict(list)
    for page in pages:
        by_type[type(page)].append(page.pk)
    annotated = {}
    for model, pks in by_type.items():
        queryset = model.objects.filter(pk__in=pks)
        if hasattr(queryset, "with_listing_date"):
            annotated.update((page.pk, page) for page in queryset.with_listing_date())
    return [annotated.get(page.pk, page) for page in pages]


def date_of(page):
    return getattr(page, "listing_date", None) or page.last_published_at


def page_results(request, pages, search_query, summaries):
    """Result lines for pages (already specific), with summaries from the search index."""
    pattern = search_query.highlight_pattern
    active = active_locale(request)
    results = []
    for page in pages:
        # An English page found in another language's search opens inside that language's interface.
        fallback = page.locale_id != active.pk
        description = page.search_description or getattr(page, "meta_description", "") or ""
        is_upcoming = getattr(page, "is_upcoming", None)
        results.append(
            Result(
                title=page.title,
                url=(fallback_url(page, active.language_code, request) if fallback else page.get_url(request))
                or "",
                lang=language(settings.LANGUAGE_CODE).tag if fallback else "",
                type_label=type_name(page._meta.verbose_name),
                summary=summarise([description, summaries.get(str(page.pk), "")], pattern),
                date=date_of(page),
                past_event=is_upcoming is False,
                example=bool(getattr(page, "is_example", False)),
            )
        )
    return results


def index_texts(model, pks):
    """{pk as text: body text} from the database search index, for summaries around the query's words."""
    from modelsearch.conf import get_app_config

    IndexEntry = get_app_config().get_model("IndexEntry")  # noqa: N806
    if not pks:
        return {}
    column = "body_text" if any(f.name == "body_text" for f in IndexEntry._meta.fields) else "body"
    content_types = ContentType.objects.get_for_models(*get_page_models()).values() if model is Page else []
    rows = IndexEntry.objects.filter(object_id__in=[str(pk) for pk in pks])
    if content_types:
        rows = rows.filter(content_type__in=list(content_types))
    return dict(rows.values_list("object_id", column))


def document_results(request, documents, search_query):
    pattern = search_query.highlight_pattern
    results = []
    for document in documents:
        extension = document.file_extension.upper()
        try:
            size = filesizeformat(document.file_size) if document.file_size else ""
        except OSError:
            size = ""
        results.append(
            Result(
                title=document.title,
                url=document.url,
                type_label=gettext("Document"),
                summary=summarise([document.title], pattern),
                date=document.created_at,
                file_details=", ".join(part for part in [extension, size] if part),
            )
        )
    return results


@dataclass
class TypeOption:
    key: str
    label: str
    count: int
    checked: bool
    exact: bool = True

    @property
    def count_text(self):
        return count_text(self.count, self.exact)


def count_text(count, exact=True):
    """'1,234', or 'about 99,000' for an estimate (two significant figures)."""
    if exact:
        return intcomma(count)
    digits = max(len(str(count)) - 2, 0)
    return gettext("about %(count)s") % {"count": intcomma(round(count, -digits))}


class SiteSearch:
    """One visitor's search across pages and documents, with counts per content type."""

    def __init__(self, request, search_query, selected_types=(), relaxed=False):
        """`relaxed` finds pages with any of the words, for when none has them all."""
        self.request = request
        self.search_query = search_query
        self.relaxed = relaxed
        query = search_query.relaxed_query() if relaxed else search_query.wagtail_query()
        pages = searchable_pages(request)
        page_types = {type_key(model): model for model in get_page_models()}
        self.selected = [
            key for key in dict.fromkeys(selected_types) if key in page_types or key == DOCUMENTS
        ]
        selected_models = [page_types[key] for key in self.selected if key in page_types]
        selected_cts = {ContentType.objects.get_for_model(model).pk for model in selected_models}
        want_documents = not self.selected or DOCUMENTS in self.selected

        promoted = self._promotions(pages, selected_cts)
        pages = pages.exclude(pk__in=self.promoted_page_ids) if self.promoted_page_ids else pages

        past_q = past_events_q(event_models())
        examples_q = example_q(example_models())
        # One pass over the matches gives every type's count, split into past events, examples and the
        # rest, without ranking anything. The SQLite backend estimates them when nearly every page
        # matches (see estimated_segments); elsewhere a facet query and a count per segment.
        matches = pages.search(query)
        segments = {
            name: (q, models)
            for name, q, models in [
                ("past", past_q, event_models()),
                ("example", examples_q, example_models()),
            ]
            if q
        }
        split = (
            matches.estimated_segments("content_type_id", segments, EXACT_COUNTS_UP_TO, SAMPLE_SIZE)
            if hasattr(matches, "estimated_segments")
            else None
        )
        if split is not None:
            by_segment, self.estimated = split
            facets = {ct: sum(parts.values()) for ct, parts in by_segment.items()}
        else:
            facets, self.estimated, by_segment = matches.facet("content_type_id"), set(), None
        self.exact = not self.estimated
        for page in self._promoted_pages:
            facets[page.content_type_id] = facets.get(page.content_type_id, 0) + 1
        documents = public_documents().search(query)
        document_count = documents.count()
        self.type_options = self._type_options(facets, document_count)

        in_scope = pages.filter(content_type__in=selected_cts) if selected_cts else pages
        if self.selected and not selected_cts:
            in_scope = pages.none()
        scope_count = sum(
            count - self._promoted_count(ct)
            for ct, count in facets.items()
            if not selected_cts or ct in selected_cts
        )
        current = in_scope.exclude(past_q) if past_q else in_scope
        if by_segment is not None:
            in_scope_types = [ct for ct in by_segment if not selected_cts or ct in selected_cts]
            in_scope_parts = [by_segment[ct] for ct in in_scope_types]
            past_count = sum(parts.get("past", 0) for parts in in_scope_parts)
            example_count = sum(parts.get("example", 0) for parts in in_scope_parts)
            # An estimate places the edges between segments (and may miss a small one): with few
            # current pages of types that have segments, count the segments exactly.
            segment_types = {
                ContentType.objects.get_for_model(model).pk for model in {*event_models(), *example_models()}
            }
            current_count = scope_count - past_count - example_count
            if (
                current_count < EXACT_SEGMENTS_BELOW
                and self.estimated
                and any(ct in segment_types for ct in in_scope_types)
            ):
                by_segment = None
        if by_segment is None:
            event_cts = {ContentType.objects.get_for_model(model).pk for model in event_models()}
            past_count = 0
            if scope_count and past_q and any(facets.get(ct) for ct in event_cts):
                past_count = in_scope.filter(past_q).search(query).count()
            example_cts = {ContentType.objects.get_for_model(model).pk for model in example_models()}
            example_count = 0
            if scope_count - past_count and examples_q and any(facets.get(ct) for ct in example_cts):
                example_count = current.filter(examples_q).search(query).count()
        examples = current.filter(examples_q).specific().search(query) if example_count else None
        # An estimate can miss the few examples among many pages: keep them out of the current pages
        # all the same (they are then past the linked pages, like the rest of the examples segment).
        exclude_examples = examples_q and (example_count or self.estimated)
        current = (current.exclude(examples_q) if exclude_examples else current).specific().search(query)
        past = in_scope.filter(past_q).specific().search(query) if past_count else None

        self.results = ChainedResults(
            [
                Segment(len(promoted), lambda start, stop: promoted[start:stop]),
                Segment(
                    scope_count - past_count - example_count,
                    lambda start, stop: self._pages(current[start:stop]),
                ),
                Segment(example_count, lambda start, stop: self._pages(examples[start:stop])),
                Segment(
                    document_count if want_documents else 0,
                    lambda start, stop: document_results(self.request, documents[start:stop], search_query),
                ),
                Segment(past_count, lambda start, stop: self._pages(past[start:stop])),
            ]
        )

    @property
    def total(self):
        return self.results.count()

    @property
    def total_text(self):
        return count_text(self.total, self.exact)

    def _promoted_count(self, content_type_id):
        return sum(1 for page in self._promoted_pages if page.content_type_id == content_type_id)

    def _promotions(self, pages, selected_cts):
        from wagtail.search.utils import normalise_query_string

        promotions = list(
            SearchPromotion.objects.filter(
                query__query_string=normalise_query_string(self.search_query.text)
            ).order_by("sort_order")
        )
        page_ids = [promotion.page_id for promotion in promotions if promotion.page_id]
        live = {page.pk: page for page in pages.filter(pk__in=page_ids).specific()} if page_ids else {}
        self._promoted_pages = list(live.values())
        self.promoted_page_ids = list(live)
        results = []
        for promotion in promotions:
            if promotion.page_id:
                page = live.get(promotion.page_id)
                if page is None or (selected_cts and page.content_type_id not in selected_cts):
                    continue
                result = page_results(self.request, [page], self.search_query, {})[0]
                if promotion.description:
                    result.summary = summarise([promotion.description], self.search_query.highlight_pattern)
            elif promotion.external_link_url and not self.selected:
                result = Result(
                    title=promotion.external_link_text or promotion.external_link_url,
                    url=promotion.external_link_url,
                    type_label=gettext("Website"),
                    summary=summarise([promotion.description], self.search_query.highlight_pattern),
                )
            else:
                continue
            result.promoted = True
            results.append(result)
        return results

    def _pages(self, search_results):
        pages = with_listing_dates(list(search_results))
        texts = index_texts(Page, [page.pk for page in pages])
        return page_results(self.request, pages, self.search_query, texts)

    def _type_options(self, facets, document_count):
        options = []
        for content_type_id, count in facets.items():
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            if model is None or not count:
                continue
            key = type_key(model)
            options.append(
                TypeOption(
                    key,
                    type_name(model._meta.verbose_name_plural),
                    count,
                    key in self.selected,
                    exact=content_type_id not in self.estimated,
                )
            )
        options.sort(key=lambda option: option.label)
        if document_count:
            options.append(
                TypeOption(DOCUMENTS, gettext("Documents"), document_count, DOCUMENTS in self.selected)
            )
        listed = {option.key for option in options}
        # A chosen type with nothing found stays on screen, so it can be unticked.
        for key in self.selected:
            if key not in listed:
                model = {type_key(m): m for m in get_page_models()}.get(key)
                label = (
                    gettext("Documents") if key == DOCUMENTS else type_name(model._meta.verbose_name_plural)
                )
                options.append(TypeOption(key, label, 0, True))
        return options
