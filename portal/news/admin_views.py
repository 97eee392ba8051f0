"""Admin views of news syndication: put an article forward, decide on proposals.

Thin: the forms check what was chosen, `portal.news.syndication` decides whether it
may be done and does it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail.models import Site

from portal.core.pagination import paginate

from . import syndication as service
from .models import NewsIndexPage, NewsPage, NewsSyndication

#: Proposals per page of the list.
PER_PAGE = 50


class ProposeForm(forms.Form):
    sites = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Portals"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one portal.")},
    )

    def __init__(self, *args, sites, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["sites"]
        field.queryset = Site.objects.filter(pk__in=[s.pk for s in sites])
        names = {site.pk: site.portal_name for site in sites}
        field.label_from_instance = lambda site: names.get(site.pk, str(site))


class AcceptForm(forms.Form):
    target_index = forms.ModelChoiceField(
        label=gettext_lazy("Category"), queryset=None, required=False
    )

    def __init__(self, *args, syndication: NewsSyndication, **kwargs):
        super().__init__(*args, **kwargs)
        indexes = service.receiving_indexes(syndication.site)
        field = self.fields["target_index"]
        field.queryset = NewsIndexPage.objects.filter(
            pk__in=[index.pk for index in indexes]
        ).order_by("path")
        field.empty_label = None
        field.label_from_instance = lambda index: (
            "— " * max(index.depth - indexes[0].depth, 0) + str(index.title)
        )


def _named(sites):
    names = {site.pk: site.portal_name for site in service.sites_with_names()}
    for site in sites:
        site.portal_name = names.get(site.pk, site.site_name or site.hostname)
    return sites


def propose(request, page_id: int):
    """Put a news article forward to other portals ("Đề xuất đăng trên cổng khác")."""
    page = get_object_or_404(NewsPage, pk=page_id)
    if not service.can_propose(page, request.user):
        raise PermissionDenied
    sites = _named(service.target_sites(page))
    existing = list(
        NewsSyndication.objects.filter(news=page).select_related("site", "decided_by")
    )
    _named([syndication.site for syndication in existing])
    form = ProposeForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            made = service.propose(page, form.cleaned_data["sites"], request.user)
        except service.SyndicationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("“%(title)s” was put forward to: %(portals)s.")
                % {
                    "title": page.title,
                    "portals": ", ".join(
                        site.portal_name
                        for site in _named([item.site for item in made])
                    ),
                },
            )
            return redirect("wagtailadmin_explore", page.get_parent().pk)
    return TemplateResponse(
        request,
        "news/admin/propose.html",
        {"page": page, "form": form, "existing": existing, "sites": sites},
    )


def proposals(request):
    """Proposals to the portals whose news the user may edit or publish."""
    sites = service.sites_user_receives_for(request.user, service.sites_with_names())
    if not sites:
        raise PermissionDenied
    status = request.GET.get("status", NewsSyndication.Status.PROPOSED)
    if status not in NewsSyndication.Status.values and status != "all":
        status = NewsSyndication.Status.PROPOSED
    rows = NewsSyndication.objects.filter(site__in=sites).select_related(
        "news", "site", "target_index", "proposed_by", "decided_by"
    )
    if status != "all":
        rows = rows.filter(status=status)
    page = paginate(rows, request.GET, PER_PAGE)
    rows = list(page.object_list)
    all_sites = service.sites_with_names()
    by_pk = {site.pk: site for site in all_sites}
    for row in rows:
        origin = service.page_site(row.news, all_sites)
        row.origin_name = origin.portal_name if origin else ""
        row.site_name = by_pk[row.site_id].portal_name
        row.news_url = row.news.get_full_url(request)
        if row.status == NewsSyndication.Status.PROPOSED:
            row.accept_form = AcceptForm(syndication=row, prefix=f"proposal-{row.pk}")
    return TemplateResponse(
        request,
        "news/admin/proposals.html",
        {
            "rows": rows,
            "page": page,
            "status": status,
            "statuses": [
                *NewsSyndication.Status.choices,
                ("all", _("All")),
            ],
        },
    )


@require_POST
def decide(request, pk: int, decision: str):
    syndication = get_object_or_404(
        NewsSyndication.objects.select_related("news", "site", "site__root_page"),
        pk=pk,
    )
    if syndication.status != NewsSyndication.Status.PROPOSED:
        messages.error(request, _("This proposal has been decided already."))
        return redirect("news_syndication_proposals")
    try:
        if decision == "accept":
            form = AcceptForm(
                request.POST, syndication=syndication, prefix=f"proposal-{pk}"
            )
            if not form.is_valid():
                raise service.SyndicationError(
                    _("Choose a news category of the receiving portal.")
                )
            service.accept(syndication, request.user, form.cleaned_data["target_index"])
            messages.success(
                request, _("“%(title)s” accepted.") % {"title": syndication.news.title}
            )
        elif decision == "decline":
            service.decline(syndication, request.user)
            messages.success(
                request, _("“%(title)s” declined.") % {"title": syndication.news.title}
            )
        else:
            raise Http404
    except service.SyndicationError as error:
        if not service.can_receive(syndication.site, request.user):
            raise PermissionDenied from error
        messages.error(request, str(error))
    return redirect(reverse("news_syndication_proposals"))
