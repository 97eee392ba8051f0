"""The admin's form of a legal document page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from search.text import normalise_document_number


class LegalDocumentForm(WagtailAdminPageForm):
    """A document is published once, on its issuing body's portal (the province's
    when the body runs none): a page under another portal's list would be a copy.

    Its slug comes from the number when the editor leaves it empty
    (/van-ban/146-kh-ubnd/, as imported documents have): the title is a long
    summary that Wagtail does not turn into a slug here, and the slug field sits
    on another tab, where an editor told "This field is required" does not look."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:
            self.fields["slug"].required = False

    def clean(self):
        number = self.cleaned_data.get("number")
        if not self.cleaned_data.get("slug") and number:
            self.cleaned_data["slug"] = normalise_document_number(number)[:255]
        cleaned_data = super().clean()
        body = cleaned_data.get("issuing_body")
        parent = self.parent_page
        if body is None or parent is None:
            return cleaned_data
        from wagtail.models import Site

        from .sites import canonical_site, site_of

        sites = list(Site.objects.select_related("root_page"))
        if len(sites) < 2:
            return cleaned_data
        expected = canonical_site(body.pk)
        here = site_of(parent, sites)
        if expected is not None and here is not None and expected.pk != here.pk:
            self.add_error(
                "issuing_body",
                _(
                    "A document of %(body)s is published on %(portal)s, where it "
                    "lives once and every portal can show it; add it to the "
                    "document list there."
                )
                % {
                    "body": body.name,
                    "portal": expected.site_name or expected.hostname,
                },
            )
        return cleaned_data
