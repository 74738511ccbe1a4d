"""The internal link check: every live page's and snippet's rich text and StreamField (and their
inline children), for links to pages that are deleted, unpublished or private, and to documents
and images that no longer exist. External links are listed, never fetched.

Internal references are found by Wagtail's own ReferenceIndex extractor, so every block and
rich text feature that Wagtail understands is covered. It is run on each object afresh rather
than read from the stored index, because Wagtail removes index rows that point at a deleted
object: exactly the links this check is for."""

import re
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from modelcluster.models import ClusterableModel, get_all_child_relations
from wagtail import blocks
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model
from wagtail.models import DraftStateMixin, Page, ReferenceIndex
from wagtail.rich_text import extract_references_from_rich_text
from wagtail.snippets.models import get_snippet_models

from .models import LinkCheckResult, LinkProblem

EXTERNAL_HREF = re.compile(r"""<a\s[^>]*?href\s*=\s*["'](https?://[^"']+)["']""", re.I)
EXTERNAL_URL = re.compile(r"^https?://\S+$", re.I)
# Fields that are Wagtail's own bookkeeping, not links an editor made.
IGNORED_FIELDS = {"alias_of", "live_revision", "latest_revision", "locked_by", "owner"}


@dataclass(frozen=True)
class Link:
    source: object
    field: str
    problem: str
    target: str


def sources():
    """Live pages, live snippets and site settings, as their most specific models."""
    yield from Page.objects.live().filter(depth__gt=1).specific().iterator(chunk_size=200)
    for model in [*get_snippet_models(), *settings_registry]:
        objects = model._default_manager.all()
        if issubclass(model, DraftStateMixin):
            objects = objects.filter(live=True)
        yield from objects.iterator(chunk_size=200)


def describe_field(source, model_path):
    reference = ReferenceIndex(
        content_type_id=ContentType.objects.get_for_model(source).pk, model_path=model_path, content_path=""
    )
    try:
        return reference.describe_source_field()
    except Exception:  # noqa: BLE001 (an odd path still gets reported, under its raw name)
        return model_path


def base_model(model):
    """Page for any page type; documents and images as they are."""
    return Page if issubclass(model, Page) else model


def references_in_stream(block, raw, label):
    """(model, id, label) for each chooser and rich text link in a StreamField's raw data.

    Read from the stored ids, not the loaded values: a chooser whose object was deleted loads as
    None, and Wagtail's own extractor then sees nothing, which is the very case to report."""
    if raw is None:
        return
    if isinstance(block, blocks.StreamBlock):
        for item in raw if isinstance(raw, list) else []:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                yield from references_in_stream(child, item.get("value"), f"{label} → {child.label}")
    elif isinstance(block, blocks.StructBlock):
        for name, child in block.child_blocks.items():
            yield from references_in_stream(child, raw.get(name) if isinstance(raw, dict) else None, label)
    elif isinstance(block, blocks.ListBlock):
        for item in raw if isinstance(raw, list) else []:
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            yield from references_in_stream(block.child_block, value, label)
    elif isinstance(block, blocks.ChooserBlock):
        if raw not in (None, ""):
            yield base_model(block.model_class), str(raw), label
    elif isinstance(block, blocks.RichTextBlock):
        for model, object_id, _path, _content in extract_references_from_rich_text(str(raw)):
            yield base_model(model), str(object_id), label


def internal_references(source):
    """[(model, target id, field label)] for every page, document and image the object points at."""
    watched = {Page, get_document_model(), get_image_model()}
    stream_fields = [field for field in source._meta.concrete_fields if isinstance(field, StreamField)]
    stream_names = {field.name for field in stream_fields}
    found = []
    # Foreign keys, rich text fields and inline children: Wagtail's extractor.
    for (
        content_type_id,
        object_id,
        model_path,
        _content_path,
    ) in ReferenceIndex._extract_references_from_object(source):
        field_name = model_path.split(".")[0]
        if field_name in IGNORED_FIELDS or field_name in stream_names:
            continue
        model = base_model(ContentType.objects.get_for_id(content_type_id).model_class())
        if model in watched:
            found.append((model, object_id, describe_field(source, model_path)))
    # StreamFields: their raw data, so choosers of deleted objects are seen.
    for field in stream_fields:
        value = field.value_from_object(source)
        if value is not None:
            label = str(field.verbose_name).capitalize()
            found += [
                reference
                for reference in references_in_stream(field.stream_block, list(value.raw_data), label)
                if reference[0] in watched
            ]
    return found


def text_fields(obj, prefix=""):
    """(label, raw text) for the rich text and StreamField values of `obj` and its inline children."""
    for field in obj._meta.concrete_fields:
        label = prefix + str(field.verbose_name).capitalize()
        if isinstance(field, RichTextField):
            yield label, field.value_from_object(obj) or ""
        elif isinstance(field, StreamField):
            value = field.value_from_object(obj)
            for block in value.raw_data if value is not None else []:
                child = value.stream_block.child_blocks.get(block.get("type"))
                block_label = f"{label} → {child.label if child else block.get('type')}"
                yield from ((block_label, text) for text in strings_in(block.get("value")))
    if isinstance(obj, ClusterableModel) and not prefix:
        for relation in get_all_child_relations(obj):
            for child in getattr(obj, relation.get_accessor_name()).all():
                yield from text_fields(
                    child, prefix=f"{relation.related_model._meta.verbose_name.capitalize()} → "
                )


def strings_in(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def external_links(source):
    for label, text in text_fields(source):
        urls = EXTERNAL_HREF.findall(text) if "<a" in text else EXTERNAL_URL.findall(text.strip())
        for url in dict.fromkeys(urls):
            yield Link(source, label, LinkProblem.EXTERNAL, url)


def is_public(page):
    return not page.get_view_restrictions().exists()


def find_links():
    """Every broken internal link and every external link in live content."""
    Document, Image = get_document_model(), get_image_model()
    references, links = [], []
    for source in sources():
        references += [(source, *reference) for reference in internal_references(source)]
        links += external_links(source)

    def ids_of(model):
        return {str(target_id) for source, ref_model, target_id, _label in references if ref_model is model}

    pages = {str(page.pk): page for page in Page.objects.filter(pk__in=ids_of(Page))}
    public_pages = {str(pk) for pk in Page.objects.filter(pk__in=pages).public().values_list("pk", flat=True)}
    documents = {str(doc.pk): doc for doc in Document.objects.filter(pk__in=ids_of(Document))}
    images = {str(image.pk): image for image in Image.objects.filter(pk__in=ids_of(Image))}
    public_sources = {}

    for source, model, target_id, label in references:
        problem, target = None, None
        if model is Page:
            page = pages.get(target_id)
            if page is None:
                problem, target = LinkProblem.DELETED_PAGE, f"Page {target_id} (deleted)"
            else:
                target = f"{page.title} ({page.url_path})"
                if not page.live:
                    problem = LinkProblem.UNPUBLISHED_PAGE
                elif target_id not in public_pages:
                    # A private page linking to another private page is fine.
                    if isinstance(source, Page) and source.pk not in public_sources:
                        public_sources[source.pk] = is_public(source)
                    if not isinstance(source, Page) or public_sources[source.pk]:
                        problem = LinkProblem.PRIVATE_PAGE
        elif model is Document and target_id not in documents:
            problem, target = LinkProblem.MISSING_DOCUMENT, f"Document {target_id} (deleted)"
        elif model is Image and target_id not in images:
            problem, target = LinkProblem.MISSING_IMAGE, f"Image {target_id} (deleted)"
        if problem:
            links.append(Link(source, label, problem, target))
    return links


def source_title(source):
    return str(getattr(source, "title", None) or source)[:255]


@transaction.atomic
def check_links():
    """Run the check and replace the stored results; returns {problem: count}."""
    now = timezone.now()
    finder = AdminURLFinder()
    links = find_links()
    LinkCheckResult.objects.all().delete()
    LinkCheckResult.objects.bulk_create(
        LinkCheckResult(
            source_content_type=ContentType.objects.get_for_model(link.source),
            source_id=str(link.source.pk),
            source_title=source_title(link.source),
            source_edit_url=finder.get_edit_url(link.source) or "",
            field=link.field[:255],
            problem=link.problem,
            target=link.target[:1000],
            checked_at=now,
        )
        for link in links
    )
    counts = {}
    for link in links:
        counts[link.problem] = counts.get(link.problem, 0) + 1
    return counts
