"""The benchmark's documents as a plain model indexed by Wagtail's stock database
search backend: the baseline the portal's engines are compared with."""

from django.db import models
from wagtail.search import index


class BenchDocument(index.Indexed, models.Model):
    key = models.CharField(max_length=50, unique=True)
    title = models.TextField()
    number = models.CharField(max_length=100)
    summary = models.TextField()
    text = models.TextField()
    date = models.DateField()
    doc_type = models.CharField(max_length=50)
    body = models.CharField(max_length=50)
    field = models.CharField(max_length=50)
    year = models.CharField(max_length=4)
    status = models.CharField(max_length=50)

    search_fields = [
        index.SearchField("title", boost=10),
        index.SearchField("number", boost=20),
        index.SearchField("summary", boost=4),
        index.SearchField("text"),
        index.FilterField("doc_type"),
        index.FilterField("body"),
        index.FilterField("field"),
        index.FilterField("year"),
        index.FilterField("status"),
        index.FilterField("date"),
    ]

    class Meta:
        app_label = "bench_app"
