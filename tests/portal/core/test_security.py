"""Security a citizen never sees but an attacker probes: CSP, admin login lockout,
upload limits, production settings and logs."""

import io
import json
import re
import struct
import zlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model

from portal.core.security import client_ip
from tests.factories import (
    LegalDocumentPageFactory,
    NewsPageFactory,
    ProcedurePageFactory,
    QuestionFactory,
    QuestionIndexPageFactory,
    SectionPageFactory,
)
from tests.portal.core.test_settings import PRODUCTION_ENV, run_manage

pytestmark = pytest.mark.usefixtures("shared_portal")

PASSWORD = "mat-khau-that-123"


def csp_directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (
            part.split() for part in header.split(";") if part.strip()
        )
    }


def test_public_pages_send_a_strict_csp(client, portal):
    section = SectionPageFactory(parent=portal.home)
    for url in (portal.home.url, section.url, "/khong-ton-tai/"):
        directives = csp_directives(client.get(url))
        assert directives["script-src"] == ["'self'"]
        assert "'unsafe-inline'" not in directives["script-src"]
        assert directives["object-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'self'"]


@pytest.mark.urls("tests.portal.core.security_urls")
def test_inline_scripts_run_only_with_the_response_nonce(client, portal):
    response = client.get("/thu/nonce/")
    nonce = re.search(r'nonce="([^"]+)"', response.content.decode()).group(1)
    assert f"'nonce-{nonce}'" in csp_directives(response)["script-src"]
    again = client.get("/thu/nonce/")
    assert nonce not in again["Content-Security-Policy"]


# --- Admin login rate limiting -------------------------------------------------------


@pytest.fixture
def editor(django_user_model, db):
    cache.clear()
    return django_user_model.objects.create_user(
        username="bientap", password=PASSWORD, is_staff=False
    )


def login(client, username, password, ip="203.113.1.10"):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
    )


def test_admin_login_works_before_the_limit(client, editor, settings):
    login(client, "bientap", "sai-mat-khau")
    response = login(client, "bientap", PASSWORD)
    # Logged in; a user without admin access is sent on, not shown the lockout.
    assert response.status_code == 302


def test_repeated_failures_lock_the_admin_login(client, editor, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = login(client, "bientap", "sai-mat-khau")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in html
    assert "15 phút" in html
    # Even the right password is refused while locked out.
    assert login(client, "bientap", PASSWORD).status_code == 429
    # The same user from another address, or another user, is not blocked.
    assert login(Client(), "bientap", PASSWORD, ip="14.160.2.20").status_code == 302
    assert login(Client(), "nguoikhac", "sai").status_code == 200


def test_client_ip_trusts_only_the_configured_proxies(settings):
    factory = RequestFactory()
    request = factory.get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.113.1.10", REMOTE_ADDR="172.18.0.5"
    )
    settings.PORTAL_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "172.18.0.5"
    settings.PORTAL_TRUSTED_PROXY_COUNT = 1
    # "1.2.3.4" was written by the client itself and cannot be trusted.
    assert client_ip(request) == "203.113.1.10"


# --- Uploads ------------------------------------------------------------------------


def png_bytes(size=(40, 30)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def upload_image(client, name, content, content_type="image/png"):
    return client.post(
        "/admin/images/add/",
        {
            "title": "Ảnh thử",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": 1,
            "tags": "",
        },
    )


def test_allowed_image_is_accepted(admin_client):
    before = get_image_model().objects.count()
    response = upload_image(admin_client, "anh.png", png_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.count() == before + 1


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        (
            "logo.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><script/></svg>",
            "image/svg+xml",
        ),
        ("trojan.exe", b"MZ\x90\x00", "application/octet-stream"),
        ("gia-anh.png", b"<?php system($_GET['c']); ?>", "image/png"),
    ],
)
def test_disallowed_images_are_refused(admin_client, name, content, content_type):
    before = get_image_model().objects.count()
    response = upload_image(admin_client, name, content, content_type)
    assert response.status_code == 200  # the form again, with an error
    assert get_image_model().objects.count() == before


def test_oversized_image_is_refused(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1024
    before = get_image_model().objects.count()
    response = upload_image(
        admin_client, "lon.png", png_bytes((400, 400)) + b"\0" * 2048
    )
    assert response.status_code == 200
    assert get_image_model().objects.count() == before


def png_claiming(width: int, height: int) -> bytes:
    """A real PNG whose header says width × height: what a decompression bomb
    looks like before anything is decoded (a few hundred bytes)."""
    content = bytearray(png_bytes((1, 1)))
    # IHDR follows the 8-byte signature: length, type, then width and height.
    content[16:24] = struct.pack(">II", width, height)
    content[29:33] = struct.pack(">I", zlib.crc32(bytes(content[12:29])))
    return bytes(content)


@pytest.mark.parametrize(
    ("side", "pixels"),
    [
        (11_000, "121.000.000"),  # under Wagtail's default limit, over ours
        (20_000, "400.000.000"),  # past Pillow's own bomb error
    ],
)
def test_huge_image_is_refused_with_its_real_size(admin_client, side, pixels):
    before = get_image_model().objects.count()
    response = upload_image(admin_client, "bom.png", png_claiming(side, side))
    assert response.status_code == 200
    assert get_image_model().objects.count() == before
    errors = response.context["form"].errors["file"]
    side_text = f"{side:,}".replace(",", ".")
    assert errors == [
        f"Ảnh này có kích thước {side_text} × {side_text} điểm ảnh ({pixels} điểm"
        " ảnh), lớn hơn mức cổng chấp nhận: tối đa 40.000.000 điểm ảnh (40"
        " megapixel). Hãy giảm kích thước ảnh rồi tải lên lại."
    ]


def test_huge_image_is_refused_by_the_multiple_upload_too(admin_client):
    before = get_image_model().objects.count()
    response = admin_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("bom.png", png_claiming(11_000, 11_000))},
    )
    assert response.json()["success"] is False
    assert "121.000.000 điểm ảnh" in response.json()["error_message"]
    assert get_image_model().objects.count() == before


def test_image_at_the_pixel_limit_is_accepted(admin_client, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 400 * 300
    assert (
        upload_image(admin_client, "vua.png", png_bytes((400, 300))).status_code == 302
    )
    response = upload_image(admin_client, "qua.png", png_bytes((401, 300)))
    assert "tối đa 120.000 điểm ảnh" in response.context["form"].errors["file"][0]


@pytest.mark.parametrize(
    ("name", "accepted"),
    [
        ("quyet-dinh.pdf", True),
        ("bao-cao.docx", True),
        ("virus.exe", False),
        ("trang.html", False),
    ],
)
def test_document_types_are_limited(admin_client, name, accepted):
    before = get_document_model().objects.count()
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Tệp thử",
            "file": SimpleUploadedFile(name, b"%PDF-1.4 noi dung"),
            "collection": 1,
            "tags": "",
        },
    )
    assert get_document_model().objects.count() == before + (1 if accepted else 0)
    assert response.status_code == (302 if accepted else 200)


def test_request_bodies_are_bounded(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024


# --- Production settings and logs ------------------------------------------------------

PRODUCTION_PROBE = """
import json, logging
from django.conf import settings
print(json.dumps({
    "hsts": settings.SECURE_HSTS_SECONDS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "debug": settings.DEBUG,
    "axes": "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE,
}))
logging.getLogger("portal.probe").warning("Cổng đã khởi động")
"""


def test_production_is_https_only_and_logs_json():
    result = run_manage("shell", "-c", PRODUCTION_PROBE, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert values == {
        "hsts": 31536000,
        "ssl_redirect": True,
        "session_secure": True,
        "csrf_secure": True,
        "debug": False,
        "axes": True,
    }
    records = [
        json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")
    ]
    probe = next(r for r in records if r["logger"] == "portal.probe")
    assert probe["level"] == "WARNING"
    assert probe["message"] == "Cổng đã khởi động"
    assert "time" in probe


# --- Hostile input on public pages ---------------------------------------------------

#: Public pages, listings and search addresses (see `fuzzed_urls`): the property is
#: "never 500, never echoed unescaped".
FUZZED_PAGES = [
    "home",
    "section",
    "search",
    "legal",
    "news",
    "procedures",
    "questions",
    "api",
]


@pytest.fixture
def fuzzed_urls(portal):
    """A portal with a page in each of its listings, and their addresses."""
    LegalDocumentPageFactory(parent=portal.legal)
    NewsPageFactory(parent=portal.news)
    ProcedurePageFactory(parent=portal.procedures)
    QuestionFactory()
    return {
        "home": portal.home.url,
        "section": SectionPageFactory(parent=portal.home).url,
        "search": reverse("search"),
        "legal": portal.legal.url,
        "news": portal.news.url,
        "procedures": portal.procedures.url,
        "questions": QuestionIndexPageFactory(parent=portal.home).url,
        "api": "/api/v2/pages/",
    }


INJECTIONS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "' OR '1'='1' --",
    "1; DROP TABLE wagtailcore_page; --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "../../../../etc/passwd",
    "%00%0d%0aSet-Cookie: x=1",
    "quyết định 146/KH-UBND " * 200,
    "\u202e\u0000\ud7ff\U0001f600 ệ đ",
]
hostile_text = st.one_of(
    st.sampled_from(INJECTIONS),
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000),
)
PARAMETERS = [
    "q",
    "page",
    "trang",
    "loai",
    "linh_vuc",
    "co_quan",
    "nam",
    "sap_xep",
    "type",
    "limit",
    "offset",
    "order",
    "search",
]


@hypothesis_settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    page=st.sampled_from(FUZZED_PAGES),
    parameter=st.sampled_from(PARAMETERS),
    value=hostile_text,
)
def test_hostile_query_strings_never_break_or_leak_into_pages(
    client, fuzzed_urls, page, parameter, value
):
    path = fuzzed_urls[page]
    response = client.get(path, {parameter: value.replace("\x00", "")})
    assert response.status_code < 500, (path, parameter, value)
    # The markup payloads never occur in a page on their own: finding one means the
    # page printed the visitor's input without escaping it.
    if value in INJECTIONS and "<" in value:
        assert value not in response.content.decode(errors="replace"), (
            f"{path}?{parameter}= echoed unescaped"
        )
