from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from .absolute_urls import absolute_url
from .page_meta import view_meta


@require_GET
@cache_control(max_age=3600, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        "Disallow: /api/",
        "Sitemap: "
        + absolute_url(reverse("sitemap"), site=Site.find_for_request(request)),
    ]
    return HttpResponse(
        "\n".join(lines) + "\n", content_type="text/plain; charset=utf-8"
    )


@require_GET
def healthz(request):
    """Liveness and database readiness for the load balancer."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means "not ready"
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database},
        status=status,
    )


#: How deep under the home page the site map goes.
SITE_MAP_DEPTH = 3


def site_map_pages(site) -> list:
    """The site's sections for a reader: live public pages down to
    SITE_MAP_DEPTH levels that are in the menus or hold pages of their own
    (so a section is listed, but not each of its thousands of documents)."""
    from django.db.models import Q
    from wagtail.models import Page

    root = site.root_page
    return list(
        Page.objects.live()
        .public()
        .descendant_of(root)
        .filter(depth__lte=root.depth + SITE_MAP_DEPTH, depth__gt=root.depth)
        .filter(Q(show_in_menus=True) | Q(numchild__gt=0))
        .order_by("path")
        .only("title", "url_path", "depth", "path")
    )


@require_GET
def site_map(request):
    """ "Sơ đồ cổng": the site's sections as a page for people (sitemap.xml
    stays for machines)."""
    from django.shortcuts import render
    from django.utils.translation import gettext
    from wagtail.models import Site

    site = Site.find_for_request(request)
    root_depth = site.root_page.depth
    entries = [
        {
            "page": page,
            "level": page.depth - root_depth,
            "url": page.get_url(request),
        }
        for page in site_map_pages(site)
    ]
    meta = view_meta(request, title=gettext("Site map"), path=reverse("site_map"))
    return render(
        request,
        "core/site_map.html",
        {"entries": entries, "home": site.root_page, "page_meta": meta},
    )
