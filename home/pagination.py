"""One pagination for every listing: Django page objects for `templates/includes/pagination.html`."""

from django.core.paginator import Page, Paginator


def paginate(request, items, per_page, count=None):
    """The page `?page=` asks for; page 1 for nonsense and the last page for a number past the end.
    `count`: how many items there are, when the caller already knows (saves counting them)."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: this is its cached value
    return paginator.get_page(request.GET.get("page"))


class CappedPaginator(Paginator):
    """Offers at most `max_pages` pages while `count` still says how many items there are,
    for listings where deep pages cost more (SQL OFFSET) than anyone will read."""

    def __init__(self, object_list, per_page, max_pages, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.max_pages = max_pages

    @property
    def num_pages(self):
        return min(super().num_pages, self.max_pages)

    def _get_page(self, *args, **kwargs):
        return CappedPage(*args, **kwargs)


class CappedPage(Page):
    def end_index(self):
        # Django's version takes the last offered page to end at the last item.
        return self.start_index() + len(self) - 1 if self.paginator.count else 0
