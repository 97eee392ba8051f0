"""The admin's form of a legal document page."""

from __future__ import annotations

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


class LegalDocumentForm(WagtailAdminPageForm):
    """A document is published once, on its issuing body's portal (the province's
    when the body runs none): a page under another portal's list would be a copy."""

    def clean(self):
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
