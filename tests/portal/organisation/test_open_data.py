"""The directory in the open data catalogue: bodies and officials' contacts, as CSV
and JSON generated from the live data."""

import json

import pytest

from portal.core.models import PublicBody
from portal.disclosure.models import OpenDataPage
from portal.organisation.models import PublicContact

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_data(portal):
    page = OpenDataPage(title="Dữ liệu mở", slug="du-lieu-mo")
    portal.home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_bodies_and_contacts_download_from_the_catalogue(client, open_data):
    body = PublicBody.objects.create(
        name="Sở Thử Nghiệm Dữ Liệu",
        head_title="Giám đốc",
        head_name="Trần Văn Mở",
        phone="0221 3800 000",
    )
    PublicContact.objects.create(
        name="Lê Thị Liên", position="Chánh Văn phòng", body=body, phone="0912 000 000"
    )
    catalogue = client.get(open_data.url).content.decode()
    assert "Danh bạ cán bộ" in catalogue and "co-quan-don-vi/csv/" in catalogue
    bodies = b"".join(
        client.get(f"{open_data.url}co-quan-don-vi/csv/").streaming_content
    ).decode("utf-8")
    assert "Giám đốc Trần Văn Mở" in bodies and "0221 3800 000" in bodies
    contacts = json.loads(
        b"".join(client.get(f"{open_data.url}danh-ba/json/").streaming_content)
    )
    rows = contacts.get("rows", contacts.get("data", contacts))
    assert "Lê Thị Liên" in json.dumps(rows, ensure_ascii=False)
