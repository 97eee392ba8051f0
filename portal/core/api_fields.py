"""Serializers shared by the content apps' ``api_fields`` (Wagtail API v2)."""

from __future__ import annotations

from rest_framework import serializers

from .absolute_urls import absolute_url


class TaxonomySerializer(serializers.Serializer):
    """An entry of a vocabulary (document type, issuing body, agency, field…): its
    Vietnamese name and the slug that addresses and filters use."""

    name = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)


class PageAddressField(serializers.Field):
    """An address that is a path (a permanent or ELI address), given absolute on
    the page's site like ``html_url``. The page is the object itself, or for an
    inline row, its ``page_attribute``."""

    def __init__(self, path_attribute: str, page_attribute: str = "", **kwargs):
        self.path_attribute = path_attribute
        self.page_attribute = page_attribute
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        path = getattr(instance, self.path_attribute)
        page = (
            getattr(instance, self.page_attribute) if self.page_attribute else instance
        )
        return absolute_url(path, site=page) if path else None


class PublishedPageSerializer(serializers.Serializer):
    """A page another one links to, when it is published (None otherwise, so that
    drafts' titles stay private)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    html_url = serializers.SerializerMethodField()

    def get_html_url(self, page) -> str:
        return absolute_url(page)

    def to_representation(self, page):
        if page is None or not page.live:
            return None
        return super().to_representation(page)
