"""Image uploads: a pixel limit that states the real figures.

Wagtail refuses an image over WAGTAILIMAGES_MAX_IMAGE_PIXELS, but past twice
Pillow's own limit it cannot say how large the image is ("unknown number"), and
below Wagtail's default (128 megapixels) an 11,000 × 11,000 PNG of 353 KB is
accepted and costs a worker gigabytes each time a rendition is made. The form
below reads the dimensions from the file's header, without decoding a pixel,
and refuses what is over the limit with both figures.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


def header_size(file) -> tuple[int, int, int] | None:
    """(width, height, frames) from the image's header, or None when no image
    format of Pillow's recognises it. Nothing is decoded, and Pillow's
    decompression-bomb check (which refuses to say the size) is not run: that
    check lives in Image.open, not in the format readers used here."""
    Image.init()
    position = file.tell()
    try:
        file.seek(0)
        prefix = file.read(16)
        for format_id in Image.ID:
            factory, accept = Image.OPEN[format_id]
            if accept and not accept(prefix):
                continue
            file.seek(0)
            try:
                image = factory(file, "")
            except (SyntaxError, IndexError, TypeError, ValueError, OSError):
                continue
            width, height = image.size
            return width, height, getattr(image, "n_frames", 1) or 1
        return None
    finally:
        file.seek(position)


class PixelLimitedImageField(WagtailImageField):
    def check_image_pixel_size(self, f):
        limit = self.max_image_pixels
        size = header_size(f) if limit else None
        if size:
            width, height, frames = size
            pixels = width * height * frames
            if pixels > limit:
                raise ValidationError(
                    _(
                        "This image is %(width)s × %(height)s pixels "
                        "(%(pixels)s pixels), larger than the portal accepts: at "
                        "most %(limit)s pixels (%(megapixels)s megapixels). Reduce "
                        "its size and upload it again."
                    )
                    % {
                        "width": number_format(width, force_grouping=True),
                        "height": number_format(height, force_grouping=True),
                        "pixels": number_format(pixels, force_grouping=True),
                        "limit": number_format(limit, force_grouping=True),
                        "megapixels": number_format(
                            limit / 1_000_000, decimal_pos=0, force_grouping=True
                        ),
                    },
                    code="file_too_many_pixels",
                )
        super().check_image_pixel_size(f)


class ImageForm(BaseImageForm):
    """WAGTAILIMAGES_IMAGE_FORM_BASE: Wagtail's form with the limited field.

    The field is made per form, as Wagtail makes its own, so that it reads the
    limits from the settings of the moment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        wagtail_field = self.fields.get("file")
        if wagtail_field is not None:
            field = PixelLimitedImageField(
                label=wagtail_field.label, required=wagtail_field.required
            )
            field.widget = wagtail_field.widget  # with the attributes set above
            self.fields["file"] = field
