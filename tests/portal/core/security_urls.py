"""A view with an inline script that carries the CSP nonce, for test_security.py."""

from django.http import HttpResponse
from django.urls import include, path


def nonce_view(request):
    return HttpResponse(
        f'<script nonce="{request.csp_nonce}">document.title = "x";</script>'
    )


urlpatterns = [
    path("thu/nonce/", nonce_view),
    path("", include("portal.urls")),
]
