"""The procedure finder a home page offers its editors (portal.core.home)."""

from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from portal.core.home import HomeBlock

from .models import Level, ProcedureIndexPage, ProcedurePage


def finder_index(site: Site | None, home: Page | None = None):
    """The procedure list the home page's finder searches: on ``home`` (by
    default the root of ``site``) of ``site``.

    A citizen on a district's or department's portal looks for the procedures
    he can carry out there: the portal's own list when it has procedures. A
    member portal without procedures of its own (most: the province publishes
    the procedures of every level in one list) leads to the province's list,
    never to another member's, which would be the first in the tree. The
    province's portal leads to its own list.
    """
    indexes = ProcedureIndexPage.objects.live().order_by("path")
    if home is not None:
        own = indexes.descendant_of(home).first()
    else:
        own = indexes.in_site(site).first() if site else None
    if own is not None and (
        site is None
        or site.is_default_site
        or ProcedurePage.objects.child_of(own).live().exists()
    ):
        return own
    province = Site.objects.filter(is_default_site=True).first()
    found = indexes.in_site(province).first() if province else None
    return found or own or indexes.first()


class ProcedureFinderBlock(HomeBlock):
    """A search box for procedures and a way in by level, on the list
    `finder_index` picks for the home page."""

    class Meta:
        icon = "search"
        label = _("Procedure finder")
        description = _(
            "A search box for administrative procedures and the number of "
            "procedures of each level."
        )
        template = "procedures/includes/home_finder.html"
        home_place = "aside"
        home_order = 10

    def section_context(self, value, home, request):
        site = Site.find_for_request(request) if request is not None else None
        index = finder_index(site, home)
        if index is None or index.locale_id != home.locale_id:
            # Not another language's list (an English home without procedures).
            return None
        from .listing import level_counts

        return {
            "index": index,
            "levels": [
                (level, label, count)
                for (level, label), count in zip(
                    Level.choices, level_counts(index), strict=True
                )
            ],
        }


def home_blocks():
    return [("procedure_finder", ProcedureFinderBlock())]
