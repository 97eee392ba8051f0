"""Permanent addresses of legal documents, served before Wagtail's page tree."""

from django.urls import path

from . import views
from .feeds import LegalDocumentsFeed

app_name = "legal"

urlpatterns = [
    path("van-ban/rss/", LegalDocumentsFeed(), name="feed"),
    # <path:…>: an encoded slash ("146%2FKH-UBND") reaches the view decoded,
    # and is one more spelling of the number to redirect.
    path("van-ban/so/<path:number_key>/", views.by_number, name="by_number"),
    path(
        "eli/vn/<slug:body>/<slug:doc_type>/<int:year>/<str:number>/",
        views.eli,
        name="eli",
    ),
]
