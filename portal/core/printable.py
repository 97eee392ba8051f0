"""A printable copy of a routable page at ``ban-in/``: the page's own context in a
template that extends "core/print_base.html" (no header, menus or footer)."""

from __future__ import annotations

from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from .absolute_urls import absolute_url


class PrintableMixin(RoutablePageMixin):
    """Serves the page at its address and its printable copy at ``ban-in/``
    (URL name "print"), with ``canonical_url`` pointing at the page."""

    #: The template of the printable copy.
    print_template: str

    @path("")
    def page_view(self, request):
        return self.render(request)

    @path("ban-in/", name="print")
    def print_view(self, request):
        if request.method not in {"GET", "HEAD"}:
            raise Http404
        context = self.get_context(request)
        context["canonical_url"] = absolute_url(self)
        return TemplateResponse(request, self.print_template, context)
