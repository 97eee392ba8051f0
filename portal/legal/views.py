"""Permanent addresses of documents: the short URL by number and the ELI identifier.

They answer on every site of the installation, each document being on one.
"""

import datetime

from django.shortcuts import redirect, render
from wagtail.models import Site

from search.text import normalise_document_number

from .models import LegalDocumentIndexPage, LegalDocumentPage


def _resolve(request, queryset, number: str):
    documents = list(
        queryset.live()
        .public()
        .select_related("doc_type", "issuing_body")
        .order_by("-issued_date", "pk")[:20]
    )
    if len(documents) == 1:
        # A document lives once, on its issuing body's portal: asked on another
        # site, the address redirects there (an absolute URL).
        return redirect(documents[0].get_url(request))
    # The reader searches on: the list of the site asked, else any.
    index_pages = LegalDocumentIndexPage.objects.live()
    index_page = index_pages.in_site(Site.find_for_request(request)).first()
    index_page = index_page or index_pages.first()
    context = {"documents": documents, "number": number, "index_page": index_page}
    if documents:
        # The same number from several bodies (e.g. "01/2020/QĐ-UBND"): let the reader
        # choose rather than guess.
        return render(request, "legal/choose_document.html", context)
    return render(request, "legal/document_not_found.html", context, status=404)


def by_number(request, number_key: str):
    key = normalise_document_number(number_key)
    if key and key != number_key:
        return redirect("legal:by_number", number_key=key, permanent=True)
    number = number_key.replace("-", " ").upper()
    return _resolve(request, LegalDocumentPage.objects.filter(number_key=key), number)


def eli(request, body: str, doc_type: str, year: int, number: str):
    key = normalise_document_number(number)
    queryset = LegalDocumentPage.objects.filter(
        issuing_body__slug=body,
        doc_type__slug=doc_type,
        number_key=key,
    )
    if datetime.MINYEAR <= year <= datetime.MAXYEAR:
        queryset = queryset.filter(issued_date__year=year)
    else:
        # No date has that year (and the database could not compare it): the
        # reader gets the page that says no such document is published.
        queryset = queryset.none()
    return _resolve(request, queryset, number.replace("-", " ").upper())
