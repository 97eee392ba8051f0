"""The organisation chart (cơ cấu tổ chức), each body's page under it, and the
directory (danh bạ) of bodies and officials' public contacts.

Bodies are portal.core.models.PublicBody, the one body model that documents and
procedures name; this app adds the pages that show them and the contacts."""

from __future__ import annotations

from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from portal.core.absolute_urls import absolute_url
from portal.core.models import BasePortalPage, PublicBody
from portal.core.printable import PrintableMixin

from .tree import BodyNode, build_tree, default_tops, localized, walk


class PublicContact(models.Model):
    """An official's public contact in the directory: who, what position, which
    body, how to reach them."""

    name = models.CharField(_("full name"), max_length=255)
    position = models.CharField(
        _("position"),
        max_length=255,
        help_text=_("For example: Phó Giám đốc, Chánh Văn phòng."),
    )
    body = models.ForeignKey(
        PublicBody,
        verbose_name=_("public body"),
        on_delete=models.CASCADE,
        related_name="public_contacts",
    )
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order within the body"),
        default=0,
        help_text=_("Contacts of a body are listed by this number, then by name."),
    )

    panels = [
        FieldRowPanel([FieldPanel("name"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("body"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")]),
    ]

    class Meta:
        verbose_name = _("public contact")
        verbose_name_plural = _("public contacts")
        ordering = ["body__name", "sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.name} – {self.position}"

    @property
    def anchor(self) -> str:
        """The id of the contact's row on the directory page."""
        return f"lien-he-{self.pk}"


class BodyScopePage(RoutablePageMixin, BasePortalPage):
    """A page about the bodies under one or more top bodies: the portal's own
    body unless the editor chooses others."""

    top_bodies = ParentalManyToManyField(
        PublicBody,
        verbose_name=_("bodies at the top"),
        blank=True,
        related_name="+",
        help_text=_(
            "The page shows these bodies and every unit below them. Empty: the "
            "body of this portal (Settings > Portal settings)."
        ),
    )

    content_panels = [*BasePortalPage.content_panels, FieldPanel("top_bodies")]
    parent_page_types = ["core.HomePage", "core.SectionPage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        abstract = True

    def tops(self) -> list[PublicBody]:
        chosen = list(self.top_bodies.order_by("sort_order", "name"))
        return chosen or default_tops(self.get_site())

    def tree(self) -> list[BodyNode]:
        return localized(build_tree(self.tops()))


class OrganisationChartPage(BodyScopePage):
    """Cơ cấu tổ chức: the tree of bodies as nested lists, each body with its own
    page (``co-quan/<slug>/``)."""

    template = "organisation/organisation_chart_page.html"

    class Meta:
        verbose_name = _("organisation chart")
        verbose_name_plural = _("organisation charts")

    def get_context(self, request, *args, tree=None, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["tree"] = self.tree() if tree is None else tree
        return context

    @path("")
    def chart(self, request):
        return self.render(request)

    @path("co-quan/<slug:slug>/", name="body")
    def body_view(self, request, slug):
        if request.method not in {"GET", "HEAD"}:
            raise Http404
        from .body_page import body_context

        tree = self.tree()
        on_chart = {node.body.slug: node for node in walk(tree)}
        node = on_chart.get(slug)
        if node is None:
            # Unknown, or a body of another portal's chart (its page is there).
            raise Http404
        context = self.get_context(request, tree=tree)
        context.update(body_context(self, node, on_chart))
        return TemplateResponse(request, "organisation/public_body_page.html", context)

    def body_url(self, body: PublicBody) -> str:
        """The path of a body's page under this chart (relative to its site)."""
        return self.url + self.reverse_subpage("body", kwargs={"slug": body.slug})

    def get_sitemap_urls(self, request=None):
        """The chart and the page of each body on it."""
        urls = super().get_sitemap_urls(request)
        base = absolute_url(self)
        if not base:
            return urls
        urls.extend(
            {"location": base + self.reverse_subpage("body", args=[node.body.slug])}
            for node in walk(self.tree())
        )
        return urls


class DirectoryPage(PrintableMixin, BodyScopePage):
    """Danh bạ: the bodies' and officials' public contacts, searchable with or
    without diacritics, filtered by kind of body, printable (``ban-in/``, the
    list as filtered)."""

    template = "organisation/directory_page.html"
    print_template = "organisation/directory_print.html"

    class Meta:
        verbose_name = _("directory")
        verbose_name_plural = _("directories")

    def directory(self, request):
        from .directory import Directory

        return Directory(self, request.GET).run()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["directory"] = self.directory(request)
        return context
