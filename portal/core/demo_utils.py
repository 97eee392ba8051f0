"""Helpers that content apps use to build idempotent demo content."""

import io
from typing import TypeVar

from django.core.files.images import ImageFile
from wagtail.images import get_image_model
from wagtail.models import Locale, Page

P = TypeVar("P", bound=Page)


def ensure_child(
    parent: Page,
    model: type[P],
    slug: str,
    translation_of: Page | None = None,
    **fields,
) -> P:
    """Return the child of ``parent`` with ``slug``, creating and publishing it if missing.

    An existing page is left as it is, so that running the demo twice changes nothing
    and never overwrites what an editor changed. The page is in ``parent``'s
    language; ``translation_of`` makes it that page's translation (as the admin's
    "Translate" does, but with its own words).
    """
    existing = parent.get_children().filter(slug=slug).specific().first()
    if existing is not None:
        return existing
    if translation_of is not None:
        fields["translation_key"] = translation_of.translation_key
    fields.setdefault("locale_id", parent.locale_id)
    page = model(slug=slug, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def ensure_demo_image(
    title: str,
    colour: tuple[int, int, int] = (165, 14, 31),
    size: tuple[int, int] = (1200, 675),
):
    """An image drawn with Pillow, so that no binary file needs to live in git."""
    from PIL import Image as PILImage
    from PIL import ImageDraw

    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    canvas = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    for step in range(0, width, 40):
        shade = tuple(min(255, c + 25) for c in colour)
        draw.line([(step, 0), (step - height, height)], fill=shade, width=8)
    draw.rectangle([40, height - 140, width - 40, height - 40], fill=(255, 255, 255))
    draw.text((60, height - 110), title[:90], fill=(30, 30, 30))
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=85)
    filename = f"demo-{abs(hash(title)) % 10**8}.jpg"
    image = image_model(title=title, file=ImageFile(buffer, name=filename))
    image.save()
    return image


def english_home(home: Page) -> Page | None:
    """The English translation of a site's home page, if the demo made one."""
    return (
        Page.objects.filter(
            translation_key=home.translation_key, locale__language_code="en"
        )
        .specific()
        .first()
    )


def english_locale() -> Locale | None:
    return Locale.objects.filter(language_code="en").first()
