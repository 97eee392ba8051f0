"""StreamField data migrations for the sites that use these blocks: operations for
Wagtail's `MigrateStreamData` (``wagtail.blocks.migrations``), which rewrites both
the pages and their revisions.

    MigrateStreamData(
        app_name="news",
        model_name="NewsPage",
        field_name="body",
        operations_and_block_paths=[
            (FigureAltTextIntoImageOperation(), "image"),
            (FigureAltTextIntoImageOperation(), "two_columns.left.image"),
            (FigureAltTextIntoImageOperation(), "two_columns.right.image"),
        ],
    )
"""

from django.utils.deconstruct import deconstructible
from wagtail.blocks.migrations.operations import BaseBlockOperation


@deconstructible
class FigureAltTextIntoImageOperation(BaseBlockOperation):
    """The image block's value from before it used Wagtail's `ImageBlock`,
    ``{"image": 12, "alt_text": "...", "caption": ..., "credit": ...}``, in the shape
    of `FigureBlock`: ``{"image": {"image": 12, "alt_text": "...", "decorative":
    false}, "caption": ..., "credit": ...}``. An empty alt text stays empty: the
    template then falls back to the image's own, as the old block did. Values already
    in the new shape pass unchanged, so the operation can run twice."""

    def apply(self, block_value):
        if not isinstance(block_value, dict) or isinstance(
            block_value.get("image"), dict
        ):
            return block_value
        value = {key: item for key, item in block_value.items() if key != "alt_text"}
        value["image"] = {
            "image": block_value.get("image"),
            "decorative": False,
            "alt_text": block_value.get("alt_text") or "",
        }
        return value

    @property
    def operation_name_fragment(self):
        return "figure_alt_text_into_image"
