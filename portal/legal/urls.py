"""Permanent addresses of legal documents, served before Wagtail's page tree."""

from django.urls import path

from . import views
from .feeds import LegalDocumentsFeed

app_name = "legal"

urlpatterns = [
    path("van-ban/rss/", LegalDocumentsFeed(), name="feed"),
    path("van-ban/so/<str:number_key>/", views.by_number, name="by_number"),
    path(
        "eli/vn/<slug:body>/<slug:doc_type>/<int:year>/<str:number>/",
        views.eli,
        name="eli",
    ),
]
