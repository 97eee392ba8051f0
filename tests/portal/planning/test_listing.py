"""The plan and project lists: filters from the query string, counts, words typed
without diacritics, and addresses anyone can share."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .conftest import AreaFactory, PlanPageFactory, ProjectPageFactory, SectorFactory

pytestmark = pytest.mark.usefixtures("shared_portal")


def listed(html: str) -> list[str]:
    return re.findall(r'<h2 class="planning-card__title"><a href="([^"]+)"', html)


@pytest.fixture
def plans(lists, commit):
    """Five plans of every kind and status, in two fields and areas, committed
    (so that the search engine holds them)."""
    land = SectorFactory(name="Đất đai")
    economy = SectorFactory(name="Kinh tế - xã hội")
    province = AreaFactory(name="Toàn tỉnh")
    district = AreaFactory(name="Huyện Văn Lâm")
    made = {
        "provincial": PlanPageFactory(
            parent=lists.plans,
            title="Quy hoạch tỉnh thời kỳ 2021–2030",
            kind="quy-hoach",
            status="dang-thuc-hien",
            sector=economy,
            areas=[province],
            decision_number="489/QĐ-TTg",
            decision_date=datetime.date(2024, 6, 10),
        ),
        "land": PlanPageFactory(
            parent=lists.plans,
            title="Kế hoạch sử dụng đất năm 2020",
            kind="ke-hoach",
            status="het-hieu-luc",
            sector=land,
            areas=[province],
            period_start=2020,
            period_end=2020,
        ),
        "district": PlanPageFactory(
            parent=lists.plans,
            title="Quy hoạch sử dụng đất huyện Văn Lâm",
            kind="quy-hoach",
            status="dang-lay-y-kien",
            sector=land,
            areas=[district],
            period_start=2026,
        ),
        "strategy": PlanPageFactory(
            parent=lists.plans,
            title="Chiến lược phát triển nông nghiệp xanh",
            kind="chien-luoc",
            status="da-phe-duyet",
            sector=economy,
            areas=[province, district],
            period_start=2025,
        ),
    }
    # A draft is never listed.
    PlanPageFactory(parent=lists.plans, title="Bản nháp quy hoạch", live=False)
    commit()
    return made


def test_every_live_plan_is_listed_newest_first(client, lists, plans):
    html = client.get(lists.plans.url).content.decode()
    assert "4 chiến lược, quy hoạch, kế hoạch" in html
    assert listed(html) == [
        plans["district"].url,  # 2026
        plans["strategy"].url,  # 2025
        plans["provincial"].url,  # approved in 2024
        plans["land"].url,  # 2020
    ]
    assert "Bản nháp" not in html


def test_filters_combine_and_count_the_other_choices(client, lists, plans):
    url = lists.plans.url
    html = client.get(url, {"loai": "quy-hoach"}).content.decode()
    assert set(listed(html)) == {plans["provincial"].url, plans["district"].url}
    html = client.get(
        url, {"loai": "quy-hoach", "linh-vuc": "dat-dai"}
    ).content.decode()
    assert listed(html) == [plans["district"].url]
    # Counts of a filter follow the others: two land plans, one of them a planning.
    assert re.search(r"Quy hoạch <span class=\"planning-facet__count\">\(1\)", html)
    html = client.get(url, {"dia-ban": "huyen-van-lam"}).content.decode()
    assert set(listed(html)) == {plans["district"].url, plans["strategy"].url}
    html = client.get(url, {"nam": "2024"}).content.decode()
    assert listed(html) == [plans["provincial"].url]
    html = client.get(url, {"tinh-trang": ["het-hieu-luc", "da-phe-duyet"]})
    assert set(listed(html.content.decode())) == {
        plans["land"].url,
        plans["strategy"].url,
    }


@pytest.mark.parametrize("query", ["quy hoach tinh", "Quy hoạch tỉnh", "489/QĐ-TTg"])
def test_words_with_or_without_diacritics(client, lists, plans, query):
    html = client.get(lists.plans.url, {"q": query}).content.decode()
    assert listed(html)[0] == plans["provincial"].url


def test_bad_input_never_fails(client, lists, plans):
    for params in (
        {"q": "x" * 5000},
        {"page": "abc"},
        {"nam": "hai-nghin"},
        {"nam": "99999"},
        {"loai": "<script>", "tinh-trang": "khong-co"},
        {"sap-xep": "khong-co"},
    ):
        response = client.get(lists.plans.url, params)
        assert response.status_code == 200, params
    html = client.get(lists.plans.url, {"q": "khong co gi nhu vay"}).content.decode()
    assert "Không có chiến lược, quy hoạch, kế hoạch nào phù hợp" in html


def test_sort_by_name(client, lists, plans):
    html = client.get(lists.plans.url, {"sap-xep": "ten"}).content.decode()
    assert listed(html)[0] == plans["strategy"].url  # "Chiến lược…" first


def test_project_list_filters_by_kind_status_and_area(client, lists, commit):
    van_lam = AreaFactory(name="Huyện Văn Lâm")
    road = ProjectPageFactory(
        parent=lists.projects, title="Nâng cấp đường", areas=[van_lam]
    )
    purchase = ProjectPageFactory(
        parent=lists.projects,
        title="Mua sắm thiết bị dạy học",
        kind="mua-sam",
        status="hoan-thanh",
        start_date=datetime.date(2024, 5, 1),
        total_investment=38500000000,
    )
    commit()
    url = lists.projects.url
    html = client.get(url).content.decode()
    assert "2 dự án, gói thầu, mua sắm" in html
    assert "38.500.000.000 đồng" in html
    assert listed(client.get(url, {"loai": "mua-sam"}).content.decode()) == [
        purchase.url
    ]
    assert listed(
        client.get(url, {"tinh-trang": "dang-thuc-hien"}).content.decode()
    ) == [road.url]
    assert listed(client.get(url, {"dia-ban": "huyen-van-lam"}).content.decode()) == [
        road.url
    ]
    assert listed(client.get(url, {"nam": "2024"}).content.decode()) == [purchase.url]


def test_queries_do_not_grow_with_the_list(client, lists, plans, settings):
    url = lists.plans.url + "?loai=quy-hoach&loai=ke-hoach"
    # Adding plans bypasses the caches (uncommitted changes): compare like with
    # like, everything computed.
    settings.PORTAL_FRAGMENT_CACHE_SECONDS = 0
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url + "&sap-xep=ten")
    for n in range(6):
        PlanPageFactory(
            parent=lists.plans,
            title=f"Kế hoạch bổ sung {n}",
            areas=[AreaFactory(name=f"Xã bổ sung {n}")],
            sector=SectorFactory(name=f"Lĩnh vực bổ sung {n}"),
        )
    client.get(url)
    with CaptureQueriesContext(connection) as after:
        client.get(url + "&sap-xep=ten")
    assert len(after.captured_queries) == len(before.captured_queries)
