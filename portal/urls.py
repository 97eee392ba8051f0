from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.staticfiles.urls import staticfiles_urlpatterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.images.views.serve import ServeView

from portal.api import api_root, api_router
from portal.core import views as core_views
from portal.core.sitemaps import TranslatedSitemap

urlpatterns = [
    # Before the admin's own: the admin's JavaScript strings in Vietnamese.
    path("admin/", include("portal.admin_vi.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "images/<str:signature>/<int:image_id>/<str:filter_spec>/",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
    path("api/v2/", api_root, name="api_root"),
    path("api/v2/", api_router.urls),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": TranslatedSitemap}},
        name="sitemap",
    ),
    path("robots.txt", core_views.robots_txt, name="robots_txt"),
    path("so-do-cong/", core_views.site_map, name="site_map"),
    path("healthz/", core_views.healthz, name="healthz"),
    path("", include("search.urls")),
    path("", include("portal.legal.urls")),
    path("", include("portal.news.urls")),
    path("", include("portal.procedures.urls")),
    path("", include("portal.engagement.urls")),
    path("", include("portal.alerts.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Pages: the default language's tree at "/", the others' under their prefix ("/en/");
# the active language (portal.core.locales.PathLanguageMiddleware) picks the tree.
urlpatterns += i18n_patterns(
    path("", include(wagtail_urls)), prefix_default_language=False
)
