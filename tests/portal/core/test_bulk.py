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


def test_new_pages_never_take_the_id_of_a_deleted_page(portal):
    """Revisions and log entries of a deleted page still name its id: the ids
    the writer reserves continue the table's sequence, as an INSERT would."""
    home = portal.home
    gone = home.add_child(instance=SectionPage(title="Trang sẽ xoá"))
    gone_id = gone.pk
    gone.delete()
    [written] = BulkPageWriter(home).write_batch([SectionPage(title="Trang mới")])
    assert written.pk > gone_id
    following = home.add_child(instance=SectionPage(title="Trang sau đó"))
    assert following.pk > written.pk, "the sequence moved past the reserved ids"


def test_admin_search_entries_carry_the_title_norm_wagtail_would_give(portal):
    """title_norm is the index's average title length over this title's: set
    at the INSERT rather than by an UPDATE of the table after each batch."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Avg
    from django.db.models.functions import Length
    from wagtail.search.models import IndexEntry

    titles = ["Một", "Trang có tiêu đề dài hơn nhiều", "Trang thứ ba"]
    writer = BulkPageWriter(portal.home)
    written = writer.write_batch([SectionPage(title=title) for title in titles])
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(SectionPage),
        object_id__in=[str(page.pk) for page in written],
    ).annotate(length=Length("title"))  # characters; lexemes on PostgreSQL
    average = (
        IndexEntry.objects.annotate(length=Length("title"))
        .filter(length__gt=0)
        .aggregate(Avg("length"))["length__avg"]
    )
    assert len(entries) == len(titles)
    for entry in entries:
        assert entry.title_norm == pytest.approx(average / entry.length)
    assert [page.title for page in SectionPage.objects.search("tiêu đề")] == [titles[1]]
