"""schema.org JSON-LD pieces every section's pages share: the publisher and breadcrumbs."""


def publisher(request):
    """The organisation that publishes the hub, from the site settings."""
    from .models import SiteSettings

    settings = SiteSettings.load(request_or_site=request)
    data = {"@type": "GovernmentOrganization", "name": settings.organisation_name}
    if settings.organisation_url:
        data["url"] = settings.organisation_url
    return data


def breadcrumb_list(page):
    """A BreadcrumbList from the home page down to `page`."""
    items = [*page.breadcrumbs, page]
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": "Home" if item.depth == 2 else item.title,
                "item": item.full_url,
            }
            for position, item in enumerate(items, start=1)
        ],
    }


def collection_page_data(page, request):
    """JSON-LD for a listing page: a schema.org CollectionPage and its breadcrumbs."""
    return [
        {
            "@context": "https://schema.org",
            "@type": "CollectionPage",
            "name": page.title,
            "description": page.meta_description,
            "url": page.full_url,
            "inLanguage": "en-GB",
            "publisher": publisher(request),
        },
        {"@context": "https://schema.org", **breadcrumb_list(page)},
    ]
