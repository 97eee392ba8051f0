import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail import hooks

from portal.procedures.legal import legal_document_model
from portal.procedures.models import ProcedurePage

pytestmark = pytest.mark.usefixtures("shared_portal")


@pytest.fixture
def birth_html(client, birth):
    response = client.get(birth.url)
    assert response.status_code == 200
    return response.content.decode()


def test_steps_are_a_numbered_list(birth_html):
    steps = birth_html.split('class="procedure-steps"')[1].split("</ol>")[0]
    assert re.findall(r"<li><strong>([^<]+)</strong>", steps) == [
        "Nộp hồ sơ",
        "Tiếp nhận hồ sơ",
        "Giải quyết",
        "Trả kết quả",
    ]


def test_dossier_is_a_checklist_with_downloadable_forms(client, birth_html):
    checklist = birth_html.split('class="dossier-checklist"')[1].split("</ul>")[0]
    assert checklist.count('type="checkbox"') == 3
    assert '<label for="dossier-1">Tờ khai đăng ký khai sinh</label>' in checklist
    assert "Bản chính: 1 · Bản sao: 0" in checklist
    assert "Số lượng hồ sơ:</strong> 01 bộ" in birth_html
    link = re.search(
        r'href="([^"]+)" download>Tải mẫu: Tờ khai đăng ký khai sinh \(DOCX, [\d,.]+\s?KB\)',
        checklist,
    )
    assert link
    download = client.get(link.group(1))
    assert download.status_code == 200
    content = b"".join(download.streaming_content)
    assert content.startswith(b"PK")  # a real DOCX (zip) file


def test_fees_and_time_limits_per_channel(birth_html):
    table = birth_html.split('class="procedure-channels"')[1].split("</table>")[0]
    rows = re.findall(
        r'<th scope="row">([^<]+)</th><td[^>]*>([^<]+)</td><td[^>]*>([^<]+)</td>', table
    )
    assert [row[0] for row in rows] == [
        "Trực tiếp",
        "Trực tuyến",
        "Dịch vụ bưu chính công ích",
    ]
    assert rows[0][2] == "Miễn lệ phí khi đăng ký đúng hạn"
    assert "Ngay trong ngày" in rows[1][1]


def test_facts_and_online_submission(birth_html):
    assert "9.001193" in birth_html
    assert "Cấp xã" in birth_html
    assert "Ủy ban nhân dân cấp xã" in birth_html
    assert "Toàn trình" in birth_html
    assert (
        'href="https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=9.001193"'
        in birth_html
    )
    assert "Nộp hồ sơ trực tuyến" in birth_html


def test_information_only_procedure_has_no_submit_button(client, make_procedure):
    page = make_procedure(
        "Chứng thực chữ ký trong các giấy tờ, văn bản",
        online_level="thong-tin",
        channels=[("truc-tiep", "Trong ngày", "10.000 đồng/trường hợp")],
    )
    html = client.get(page.url).content.decode()
    assert "Chỉ cung cấp thông tin" in html
    assert "Nộp hồ sơ trực tuyến" not in html
    assert "10.000 đồng/trường hợp" in html


def test_legal_basis_reads_as_text_before_documents_are_imported(
    client, make_procedure
):
    page = make_procedure(
        bases=[("999/2099/NĐ-CP", "Nghị định chưa đăng"), ("888/KH-UBND", "")]
    )
    html = client.get(page.url).content.decode()
    bases = html.split('class="legal-bases"')[1].split("</ul>")[0]
    assert "<li>999/2099/NĐ-CP: Nghị định chưa đăng</li>" in bases
    assert "<li>888/KH-UBND</li>" in bases
    assert "<a " not in bases


def test_legal_bases_without_the_legal_app(birth_html):
    if legal_document_model() is not None:
        pytest.skip("the legal app is installed: see the linking test")
    bases = birth_html.split('class="legal-bases"')[1].split("</ul>")[0]
    assert "<li>60/2014/QH13: Luật Hộ tịch</li>" in bases


def test_legal_basis_links_to_published_documents(client, published_basis):
    document, procedure = published_basis
    html = client.get(procedure.url).content.decode()
    bases = html.split('class="legal-bases"')[1].split("</ul>")[0]
    short_url = reverse("legal:by_number", kwargs={"number_key": document.number_key})
    assert f'href="{short_url}"' in bases
    assert document.title in bases
    # The short URL leads to the document.
    response = client.get(short_url)
    assert response.status_code == 302 and response["Location"] == document.url
    assert client.get(document.url).status_code == 200


def test_government_service_json_ld(birth, birth_html):
    script = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', birth_html, re.S
    )
    data = json.loads(script.group(1))
    assert data["@type"] == "GovernmentService"
    assert data["identifier"] == "9.001193"
    assert data["name"] == "Đăng ký khai sinh"
    assert data["url"].endswith(birth.url)
    assert data["provider"]["name"] == "Ủy ban nhân dân cấp xã"
    assert data["serviceType"] == "Hộ tịch"
    channels = {channel["name"]: channel for channel in data["availableChannel"]}
    assert set(channels) == {"Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính công ích"}
    assert channels["Trực tuyến"]["serviceUrl"].startswith("https://dichvucong.gov.vn/")


def test_json_ld_cannot_break_out_of_its_script(make_procedure, client):
    page = make_procedure("Thủ tục </script><script>alert(1)</script>")
    html = client.get(page.url).content.decode()
    script = re.search(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S
    )
    assert json.loads(script.group(1))["name"] == page.title


def test_print_view(client, birth):
    print_url = birth.url + birth.reverse_subpage("print")
    response = client.get(print_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<meta name="robots" content="noindex">' in html
    assert "Đăng ký khai sinh" in html
    assert "Tờ khai đăng ký khai sinh" in html
    assert "Miễn lệ phí khi đăng ký đúng hạn" in html
    assert 'class="main-nav' not in html
    assert f'href="{print_url}"' in client.get(birth.url).content.decode()


def test_page_end_slot_is_rendered(client, birth):
    def marker(context):
        return f'<p id="page-end-marker">{context["page"].title}</p>'

    with hooks.register_temporarily("portal_page_end", marker):
        html = client.get(birth.url).content.decode()
    assert '<p id="page-end-marker">Đăng ký khai sinh</p>' in html


def test_detail_query_count_does_not_grow_with_papers(client, make_procedure):
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    document_model = get_document_model()
    forms = [
        document_model.objects.create(
            title=f"Mẫu {n}", file=ContentFile(b"x", name=f"m{n}.docx")
        )
        for n in range(6)
    ]
    small = make_procedure(papers=[{"name": "Giấy 1", "form": forms[0]}])
    large = make_procedure(
        papers=[{"name": f"Giấy {n}", "form": form} for n, form in enumerate(forms)],
        steps=[f"Bước {n}" for n in range(8)],
    )
    client.get(small.url)  # Warm the per-site caches (settings, menus, notices).
    with CaptureQueriesContext(connection) as first:
        client.get(small.url)
    with CaptureQueriesContext(connection) as second:
        client.get(large.url)
    assert len(second.captured_queries) == len(first.captured_queries)
    assert len(first.captured_queries) <= 30


def test_draft_procedure_is_not_listed_or_served(
    client, procedure_index, make_procedure
):
    page = make_procedure("Thủ tục chưa xuất bản")
    url = page.url
    page.unpublish()
    assert client.get(url).status_code == 404
    assert (
        "Thủ tục chưa xuất bản" not in client.get(procedure_index.url).content.decode()
    )
    assert not ProcedurePage.objects.live().filter(pk=page.pk).exists()
