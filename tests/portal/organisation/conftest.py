from types import SimpleNamespace

import pytest

from portal.core.models import PublicBody, PublicBodyKind
from portal.organisation.models import (
    DirectoryPage,
    OrganisationChartPage,
    PublicContact,
)
from tests.factories import PublishedPageFactory, SectionPageFactory


class OrganisationChartPageFactory(PublishedPageFactory):
    title = "Cơ cấu tổ chức"
    slug = "co-cau-to-chuc"

    class Meta:
        model = OrganisationChartPage


class DirectoryPageFactory(PublishedPageFactory):
    title = "Danh bạ"
    slug = "danh-ba"

    class Meta:
        model = DirectoryPage


@pytest.fixture
def bodies(db):
    """A province's committee with a department and its office, a district, and
    a central body outside the province's tree."""
    province = PublicBody.objects.create(
        name="Ủy ban nhân dân tỉnh Thử Nghiệm",
        kind=PublicBodyKind.PROVINCIAL,
        head_title="Chủ tịch",
        head_name="Nguyễn Văn Thử",
        address="Số 1 đường Thử, thành phố Thử",
        phone="0221 3000 001",
        opening_hours="Thứ Hai đến Thứ Sáu, 7h30 - 17h00",
    )
    department = PublicBody.objects.create(
        name="Sở Tư pháp tỉnh Thử Nghiệm",
        kind=PublicBodyKind.DEPARTMENT,
        parent=province,
        sort_order=1,
        head_title="Giám đốc",
        head_name="Trần Thị Đào",
        phone="0221 3000 226",
        fax="0221 3000 227",
        email="stp@thunghiem.example.vn",
        functions="Tham mưu về công tác tư pháp.",
    )
    office = PublicBody.objects.create(
        name="Văn phòng Sở Tư pháp tỉnh Thử Nghiệm",
        kind=PublicBodyKind.OTHER,
        parent=department,
    )
    district = PublicBody.objects.create(
        name="Ủy ban nhân dân huyện Thử Nghiệm",
        kind=PublicBodyKind.DISTRICT,
        parent=province,
        sort_order=2,
    )
    central = PublicBody.objects.create(
        name="Bộ Thử Nghiệm", kind=PublicBodyKind.CENTRAL
    )
    contact = PublicContact.objects.create(
        body=department,
        name="Lê Văn Đức",
        position="Phó Giám đốc",
        phone="0221 3000 228",
        email="duc@thunghiem.example.vn",
    )
    return SimpleNamespace(
        province=province,
        department=department,
        office=office,
        district=district,
        central=central,
        contact=contact,
    )


@pytest.fixture
def pages(portal, bodies):
    """The chart under "Giới thiệu" and the directory, both from the province's
    committee."""
    intro = SectionPageFactory(
        parent=portal.home, title="Giới thiệu", slug="gioi-thieu"
    )
    chart = OrganisationChartPageFactory(parent=intro)
    chart.top_bodies.set([bodies.province])
    chart.save_revision().publish()
    directory = DirectoryPageFactory(parent=portal.home)
    directory.top_bodies.set([bodies.province])
    directory.save_revision().publish()
    return SimpleNamespace(
        portal=portal,
        intro=intro,
        chart=OrganisationChartPage.objects.get(pk=chart.pk),
        directory=DirectoryPage.objects.get(pk=directory.pk),
    )
