"""The bulk page writer is not legal-only: any page type, several in one batch."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import Page

from portal.core.bulk import BulkPageWriter
from portal.core.models import SectionPage
from portal.legal.models import LegalDocumentIndexPage
from portal.news.models import NewsPage


def test_pages_of_several_types_in_one_batch(portal, client):
    home = portal.home
    children_before = home.get_children().count()
    writer = BulkPageWriter(home)
    written = writer.write_batch(
        [
            SectionPage(title="Giới thiệu chung", intro="Về tỉnh", show_children=False),
            LegalDocumentIndexPage(title="Văn bản lưu trữ", per_page=50),
        ]
    )
    assert [page.slug for page in written] == ["gioi-thieu-chung", "van-ban-luu-tru"]
    section = SectionPage.objects.get(pk=written[0].pk)
    archive = LegalDocumentIndexPage.objects.get(pk=written[1].pk)
    assert (section.intro, section.show_children) == ("Về tỉnh", False)
    assert archive.per_page == 50 and archive.live
    assert section.latest_revision.content["intro"] == "Về tỉnh"
    assert Page.objects.get(pk=home.pk).numchild == children_before + 2
    assert all(not problems for problems in Page.find_problems())
    assert client.get(section.url).status_code == 200
    assert client.get(archive.url).status_code == 200


def test_a_page_whose_save_is_not_declared_is_refused(portal):
    """NewsPage.save() dates a scheduled item: a bulk write would skip it."""
    page = NewsPage(title="Tin mới")
    with pytest.raises(ImproperlyConfigured):
        BulkPageWriter(portal.news).write_batch([page])
    assert not NewsPage.objects.filter(title="Tin mới").exists()
