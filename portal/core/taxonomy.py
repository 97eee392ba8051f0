"""Taxonomies: snippets with a Vietnamese name and an ASCII slug, which addresses,
filters and search facets use (document types, agencies, fields...)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search.text import vietnamese_slug


class Taxonomy(models.Model):
    name = models.CharField(_("name"), max_length=255, unique=True)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        blank=True,
        help_text=_("Used in addresses and filters; filled from the name if empty."),
    )

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def slug_for(name: str) -> str:
        """The ASCII slug of a name, the same for spellings that differ only in case
        or diacritics ("Hộ tịch", "hộ tịch" -> "ho-tich"; "đ" becomes "d"): importers
        find an existing entry by it."""
        return vietnamese_slug(name, max_length=255) or "muc"

    def unique_slug(self) -> str:
        """slug_for(name), with "-2", "-3"... when another entry has it."""
        base = self.slug_for(self.name)
        slug, counter = base, 2
        others = type(self)._default_manager.exclude(pk=self.pk)
        while others.filter(slug=slug).exists():
            suffix = f"-{counter}"
            slug = f"{base[: 255 - len(suffix)]}{suffix}"
            counter += 1
        return slug

    def clean(self):
        # In a form, the plain slug, filled before validate_unique runs: a name that
        # another entry already has (two signers called alike) is a form error
        # asking for a slug of one's own, never a silent "-2".
        super().clean()
        if not self.slug:
            self.slug = self.slug_for(self.name)

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.unique_slug()
        super().save(*args, **kwargs)
