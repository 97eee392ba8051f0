"""Views that exercise what a page cache may and may not share, for tests/portal/core/test_cache.py."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.urls import path
from django.views.decorators.cache import cache_control

from portal.urls import urlpatterns as portal_urlpatterns


def form_view(request):
    if request.method == "POST":
        return HttpResponse("Đã nhận")
    return HttpResponse(
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" '
        f'value="{get_token(request)}"><button>Gửi</button></form>'
    )


def cookie_view(request):
    response = HttpResponse("Đã ghi nhớ lựa chọn")
    response.set_cookie("da_binh_chon", "1")
    return response


@cache_control(private=True)
def private_view(request):
    return HttpResponse("Riêng tư")


def counter_view(request):
    counter_view.calls += 1
    return HttpResponse(f"Lượt {counter_view.calls}")


counter_view.calls = 0

urlpatterns = [
    path("thu/bieu-mau/", form_view),
    path("thu/cookie/", cookie_view),
    path("thu/rieng-tu/", private_view),
    path("thu/dem/", counter_view),
    # Not include(): the portal's page URLs are i18n_patterns, top level only.
    *portal_urlpatterns,
]
