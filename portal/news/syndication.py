"""News syndication: an article put forward to another portal of the installation.

A member portal's editor puts a published article forward to the province's portal;
the province's editors put one forward to member portals. An editor of the receiving
portal accepts it (into one of its news categories) or declines it. Accepted, the
article is listed there with its origin ("Nguồn: …") and links to its one page on its
own portal: nothing is copied, so unpublishing or deleting it there takes it off
every list at once (lists read live news only; a delete cascades).

Each decision changes what the receiving portal lists: saving or deleting a
`NewsSyndication` replaces that site's content version (see `connect_signals`).

Every proposal and decision is also in the article's history in the admin (Wagtail's
audit log: actions `PROPOSED`, `ACCEPTED` and `DECLINED`, with the portal's name).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Page, Site
from wagtail.permissions import page_permission_policy

from .models import NewsIndexPage, NewsPage, NewsSyndication

#: The article's history entries (registered in wagtail_hooks).
PROPOSED = "portal_news.syndication_proposed"
ACCEPTED = "portal_news.syndication_accepted"
DECLINED = "portal_news.syndication_declined"


def _portal_name(site: Site) -> str:
    return site.site_name or site.hostname


def _log(syndication: NewsSyndication, action: str, user) -> None:
    log(
        instance=syndication.news,
        action=action,
        user=user,
        data={"portal": _portal_name(syndication.site)},
    )


class SyndicationError(ValueError):
    """A proposal or a decision cannot be made as asked; the message says why."""


def page_site(page: Page, sites: Iterable[Site] | None = None) -> Site | None:
    """The site whose root is the nearest above ``page`` (the deepest root wins)."""
    candidates = [
        site
        for site in (sites if sites is not None else _sites_with_roots())
        if page.path.startswith(site.root_page.path)
    ]
    return max(candidates, key=lambda site: site.root_page.depth, default=None)


def _sites_with_roots() -> list[Site]:
    return list(Site.objects.select_related("root_page").order_by("pk"))


def target_sites(page: NewsPage) -> list[Site]:
    """Where an article may be put forward: a member portal's to the province, the
    province's to any member portal."""
    sites = _sites_with_roots()
    origin = page_site(page, sites)
    if origin is None:
        return []
    if origin.is_default_site:
        return [site for site in sites if site.pk != origin.pk]
    return [site for site in sites if site.is_default_site]


def receiving_index(site: Site) -> NewsIndexPage | None:
    """The portal's top news page: where an accepted article goes by default."""
    return (
        NewsIndexPage.objects.live()
        .descendant_of(site.root_page)
        .order_by("path")
        .first()
    )


def receiving_indexes(site: Site) -> list[NewsIndexPage]:
    """The news categories of a portal, its top news page first."""
    return list(
        NewsIndexPage.objects.live().descendant_of(site.root_page).order_by("path")
    )


def _can_edit(page: Page | None, user) -> bool:
    if page is None:
        return False
    permissions = page.permissions_for_user(user)
    return permissions.can_edit() or permissions.can_publish()


def can_propose(page: NewsPage, user) -> bool:
    """Only those who may edit or publish the article put it forward."""
    return page.live and _can_edit(page, user)


def can_receive(site: Site, user, index: NewsIndexPage | None = None) -> bool:
    """Those who may edit or publish the portal's news decide what it receives."""
    return _can_edit(index or receiving_index(site), user)


def sites_user_receives_for(user, sites: Iterable[Site] | None = None) -> list[Site]:
    """The portals whose top news page ``user`` may edit or publish (a few queries,
    however many portals)."""
    sites = list(sites if sites is not None else _sites_with_roots())
    allowed = set(
        NewsIndexPage.objects.filter(
            pk__in=page_permission_policy.instances_user_has_any_permission_for(
                user, {"change", "publish"}
            ).values("pk")
        ).values_list("pk", flat=True)
    )
    if not allowed:
        return []
    indexes = list(NewsIndexPage.objects.live().order_by("path").only("path"))
    receiving = []
    for site in sites:
        top = next((i for i in indexes if i.path.startswith(site.root_page.path)), None)
        if top is not None and top.pk in allowed:
            receiving.append(site)
    return receiving


def propose(page: NewsPage, sites: Iterable[Site], user) -> list[NewsSyndication]:
    """Put ``page`` forward to each of ``sites``; all or nothing."""
    sites = list(sites)
    if not can_propose(page, user):
        raise SyndicationError(
            _("You may put forward only published news you can edit.")
        )
    if not sites:
        raise SyndicationError(_("Choose at least one portal."))
    allowed = {site.pk for site in target_sites(page)}
    for site in sites:
        if site.pk not in allowed:
            raise SyndicationError(
                _("This news cannot be put forward to %(portal)s.")
                % {"portal": _portal_name(site)}
            )
    already = {
        syndication.site_id: syndication
        for syndication in NewsSyndication.objects.filter(
            news=page, site__in=sites
        ).select_related("site")
    }
    if already:
        names = ", ".join(
            _portal_name(syndication.site) for syndication in already.values()
        )
        raise SyndicationError(
            _("This news has already been put forward to: %(portals)s.")
            % {"portals": names}
        )
    try:
        with transaction.atomic():
            made = [
                NewsSyndication.objects.create(news=page, site=site, proposed_by=user)
                for site in sites
            ]
            for syndication in made:
                _log(syndication, PROPOSED, user)
            return made
    except IntegrityError as error:  # a proposal made at the same moment
        raise SyndicationError(
            _("This news has already been put forward to that portal.")
        ) from error


def accept(
    syndication: NewsSyndication, user, index: NewsIndexPage | None = None
) -> NewsSyndication:
    """List the article on the receiving portal, in ``index`` (default: its top
    news page)."""
    site = syndication.site
    index = index or receiving_index(site)
    if index is None or not index.path.startswith(site.root_page.path):
        raise SyndicationError(_("Choose a news category of the receiving portal."))
    if not can_receive(site, user, index):
        raise SyndicationError(
            _("You may not decide what %(portal)s publishes.")
            % {"portal": _portal_name(site)}
        )
    return _decide(syndication, user, NewsSyndication.Status.ACCEPTED, index)


def decline(syndication: NewsSyndication, user) -> NewsSyndication:
    if not can_receive(syndication.site, user):
        raise SyndicationError(
            _("You may not decide what %(portal)s publishes.")
            % {"portal": _portal_name(syndication.site)}
        )
    return _decide(syndication, user, NewsSyndication.Status.DECLINED, None)


def _decide(syndication, user, status, index) -> NewsSyndication:
    syndication.status = status
    syndication.target_index = index
    syndication.decided_by = user
    syndication.decided_at = timezone.now()
    with transaction.atomic():
        syndication.save()
        accepted = status == NewsSyndication.Status.ACCEPTED
        _log(syndication, ACCEPTED if accepted else DECLINED, user)
    return syndication


def sites_with_names() -> list[Site]:
    """Every site with its root page and ``portal_name`` (its portal settings', else
    the Site's name): one query."""
    from portal.core.models import PortalSettings

    portal_name = PortalSettings.objects.filter(site=OuterRef("pk")).values(
        "portal_name"
    )[:1]
    sites = list(
        Site.objects.select_related("root_page")
        .annotate(settings_name=Subquery(portal_name))
        .order_by("pk")
    )
    for site in sites:
        site.portal_name = site.settings_name or _portal_name(site)
    return sites


def mark_origins(
    items: Iterable[NewsPage],
    site: Site | None,
    named_sites: Callable[[], list[Site]] = sites_with_names,
) -> list[NewsPage]:
    """``items`` with ``origin_portal`` set on those from another portal than
    ``site`` (the name lists show as "Nguồn: …"); one query (`sites_with_names`,
    or what ``named_sites`` returns), only when there are such items."""
    items = list(items)
    if site is None:
        return items
    root_path = site.root_page.path
    foreign = [item for item in items if not item.path.startswith(root_path)]
    if not foreign:
        return items
    sites = named_sites()
    for item in foreign:
        origin = page_site(item, sites)
        if origin is not None:
            item.origin_portal = origin.portal_name
    return items


def portals_of_syndication(syndication: NewsSyndication) -> set[int] | None:
    """The sites a change of ``syndication`` shows on: the receiving portal and the
    article's own (None, every site, when the article is under no site's root)."""
    from portal.core.caching.invalidation import sites_of_paths

    path = (
        NewsPage.objects.filter(pk=syndication.news_id)
        .values_list("path", flat=True)
        .first()
    )
    origin = sites_of_paths(path) if path else None
    return None if origin is None else {syndication.site_id, *origin}
