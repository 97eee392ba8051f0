"""A view with an inline script that carries the CSP nonce, for test_security.py."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns


def nonce_view(request):
    return HttpResponse(
        f'<script nonce="{request.csp_nonce}">document.title = "x";</script>'
    )


urlpatterns = [
    path("thu/nonce/", nonce_view),
    # Not include(): the portal's page URLs are i18n_patterns, top level only.
    *portal_urlpatterns,
]
