import io

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model


@pytest.fixture
def photo(db):
    """A real JPEG, large enough for every rendition width."""
    # Renditions are cached by image id, and a rolled-back test's image leaves its id
    # to the next one: another test's small image must not answer for this one.
    caches["renditions"].clear()
    buffer = io.BytesIO()
    PILImage.new("RGB", (1600, 900), (40, 90, 160)).save(buffer, format="JPEG")
    return get_image_model().objects.create(
        title="Hội nghị tổng kết công tác cải cách hành chính",
        file=ImageFile(buffer, name="hoi-nghi.jpg"),
    )


@pytest.fixture
def pdf_document(db):
    content = b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF\n"
    document = get_document_model().objects.create(
        title="Kế hoạch cải cách hành chính năm 2020",
        file=ContentFile(content, name="ke-hoach-146.pdf"),
    )
    return document
