"""Every page's attachments share one model: a file of the document library, in the
editor's order, with an optional title of its own."""

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model

from portal.core.models import AbstractAttachment

ATTACHMENT_MODELS = sorted(
    (model for model in apps.get_models() if issubclass(model, AbstractAttachment)),
    key=lambda model: model._meta.label,
)


def test_legal_and_news_attachments_share_the_base():
    labels = {model._meta.label for model in ATTACHMENT_MODELS}
    assert {"legal.LegalAttachment", "news.NewsAttachment"} <= labels


@pytest.mark.parametrize(
    "model", ATTACHMENT_MODELS, ids=lambda model: model._meta.label
)
def test_attachment_title_and_file_type(db, model):
    document = get_document_model().objects.create(
        title="Toàn văn kế hoạch",
        file=ContentFile(b"%PDF-1.4\n", name="toan-van.PDF"),
    )
    attachment = model(document=document)
    assert str(attachment) == attachment.display_title == "Toàn văn kế hoạch"
    assert (attachment.extension, attachment.is_pdf) == ("pdf", True)
    attachment.title = "Phụ lục"
    assert attachment.display_title == "Phụ lục"
    assert str(model._meta.verbose_name) == "tệp đính kèm"
    assert model._meta.ordering == ["sort_order"]
