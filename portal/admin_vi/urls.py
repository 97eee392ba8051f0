"""Include with the prefix of Wagtail's admin URLs and before them:
``path("admin/", include("portal.admin_vi.urls"))``. The first pattern that matches
serves a URL, so the admin's pages load this catalogue from Wagtail's own address."""

from django.urls import path

from .views import javascript_catalog

urlpatterns = [
    path("jsi18n/", javascript_catalog, name="admin_vi_javascript_catalog"),
]
