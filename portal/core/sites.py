"""Member portals: sites of the province's departments, districts and communes.

A province runs one installation: its own portal is the default Wagtail site, and
every member portal ("cổng/trang thông tin điện tử thành phần") is another site with
a host name, a home page directly under the tree's root, the standard sections,
menus, portal settings naming the public body that runs it, and editorial groups of
its own. `create_member_site` makes one, idempotently: run again, it adds what is
missing and never changes what a webmaster has edited.

Content apps give a new member portal their sections by defining
``member_site_sections(home)`` on their AppConfig (returning the pages made or
found), in INSTALLED_APPS order; the core app adds the introduction first. Titles
are content, in Vietnamese like the demo's; editors rename them.
"""

from __future__ import annotations

import dataclasses
import re

from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupSitePermission,
    Page,
    Site,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from search.text import vietnamese_slug

from .demo_utils import ensure_child
from .home import default_sections
from .models import (
    HomePage,
    NavigationSettings,
    PortalSettings,
    PublicBody,
    SectionPage,
)
from .permissions import (
    EDITOR_PAGE_PERMISSIONS,
    MANAGE_MEDIA,
    MODERATORS,
    USE_MEDIA,
    WEBMASTER_PAGE_PERMISSIONS,
    WEBMASTERS,
    admin_access,
    grant_collection,
    grant_pages,
    model_permissions,
)

HOSTNAME_RE = re.compile(
    r"^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
    r"(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$"
)

#: A member portal's editorial groups: its name, then one of these (so that the
#: groups of one portal sort together).
WEBMASTERS_OF = " - Quản trị cổng"
MODERATORS_OF = " - Người duyệt"
EDITORS_OF = " - Biên tập viên"


class MemberSiteError(ValueError):
    """A member portal cannot be made as asked; the message says why."""


@dataclasses.dataclass
class MemberSite:
    site: Site
    home: HomePage
    created: bool
    sections: list[Page]
    groups: list[Group]

    @property
    def url(self) -> str:
        return self.site.root_url + "/"


def province_site() -> Site | None:
    """The province's own portal: the default site."""
    return Site.objects.filter(is_default_site=True).select_related("root_page").first()


def member_sites():
    """Every site but the province's, by name."""
    return Site.objects.filter(is_default_site=False).order_by("site_name", "hostname")


def clean_hostname(hostname: str) -> str:
    hostname = hostname.strip().lower().rstrip(".")
    if not HOSTNAME_RE.match(hostname):
        raise MemberSiteError(
            _(
                "“%(hostname)s” is not a host name: letters, digits and hyphens in "
                "dot-separated labels, without http:// or a port (for example "
                "vanlam.hungyen.gov.vn)."
            )
            % {"hostname": hostname}
        )
    return hostname


def find_body(name_or_slug: str) -> PublicBody:
    value = name_or_slug.strip()
    body = (
        PublicBody.objects.filter(slug=value).first()
        or PublicBody.objects.filter(name__iexact=value).first()
    )
    if body is None:
        raise MemberSiteError(
            _(
                "No public body is called “%(body)s”. Add it under Danh mục > Cơ "
                "quan, đơn vị first, or give its slug."
            )
            % {"body": value}
        )
    return body


@transaction.atomic
def create_member_site(
    name: str,
    hostname: str,
    *,
    port: int | None = None,
    body: PublicBody | None = None,
) -> MemberSite:
    """The member portal at `hostname` (and `port`, by default the province
    portal's), made or completed: home page, sections, menus, settings, groups."""
    name = name.strip()
    if not name:
        raise MemberSiteError(_("A member portal needs a name."))
    hostname = clean_hostname(hostname)
    province = province_site()
    if port is None:
        port = province.port if province else 80
    site = Site.objects.filter(hostname=hostname, port=port).first()
    if site is not None and site.is_default_site:
        raise MemberSiteError(
            _("%(hostname)s is the province's own portal, not a member portal.")
            % {"hostname": hostname}
        )
    created = site is None
    if created:
        home = _new_home_page(name)
        site = Site.objects.create(
            hostname=hostname, port=port, root_page=home, site_name=name
        )
    else:
        # Its groups, collection and workflow are named after the site as made.
        name = site.site_name or name
        home = site.root_page.specific
        if not isinstance(home, HomePage):
            raise MemberSiteError(
                _(
                    "The site %(hostname)s exists but its root is not a home page; "
                    "fix it in Settings > Sites first."
                )
                % {"hostname": hostname}
            )
    _ensure_settings(site, name, body)
    sections = _ensure_sections(home)
    _ensure_menus(site, sections, province)
    groups = _ensure_groups(site, home, name)
    return MemberSite(site, home, created, sections, groups)


def _new_home_page(name: str) -> HomePage:
    root = Page.get_first_root_node()
    base = vietnamese_slug(name)[:200] or "cong-thanh-phan"
    taken = set(root.get_children().values_list("slug", flat=True))
    slug, suffix = base, 2
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    home = HomePage(
        title="Trang chủ", slug=slug, seo_title=name, sections=default_sections()
    )
    root.add_child(instance=home)
    home.save_revision().publish()
    return home


def _ensure_settings(site: Site, name: str, body: PublicBody | None) -> PortalSettings:
    """Name and body, and the body's contacts where the settings have none."""
    settings = PortalSettings.for_site(site)
    changed = settings.pk is None
    if (
        settings.pk is None
        or settings.portal_name
        == PortalSettings._meta.get_field("portal_name").get_default()
    ):
        settings.portal_name = name
        changed = True
    if body is not None and settings.body_id is None:
        settings.body = body
        changed = True
    body = settings.body
    if body is not None:
        for field, value in (
            ("owner_name", body.name),
            ("address", body.address),
            ("phone", body.phone),
            ("email", body.email),
        ):
            if value and not getattr(settings, field):
                setattr(settings, field, value)
                changed = True
    if changed:
        settings.save()
    return settings


def _ensure_sections(home: HomePage) -> list[Page]:
    sections: list[Page] = [
        ensure_child(
            home,
            SectionPage,
            "gioi-thieu",
            title="Giới thiệu",
            intro="Chức năng, nhiệm vụ, cơ cấu tổ chức và lãnh đạo đơn vị.",
        )
    ]
    for config in apps.get_app_configs():
        contribute = getattr(config, "member_site_sections", None)
        if contribute is not None:
            sections += contribute(home)
    # A hook may add pages under a section made before it (the organisation
    # chart under the introduction): the instances handed on must know it.
    for page in sections:
        page.refresh_from_db(fields=["numchild"])
    return sections


def _ensure_menus(site: Site, sections: list[Page], province: Site | None) -> None:
    navigation = NavigationSettings.for_site(site)
    if navigation.main_menu or navigation.footer_menu:
        return
    navigation.main_menu = [
        ("item", {"title": "", "page": page, "url": "", "children": []})
        for page in sections
    ]
    footer = [
        ("link", {"title": page.title, "page": page, "url": ""}) for page in sections
    ]
    if province is not None:
        footer.append(
            (
                "link",
                {
                    "title": province.site_name or _("Province portal"),
                    "page": None,
                    "url": province.root_url + "/",
                },
            )
        )
    navigation.footer_menu = footer
    navigation.save()


def _ensure_groups(site: Site, home: HomePage, name: str) -> list[Group]:
    """The portal's webmasters, moderators and editors, with rights on its pages,
    its settings and a collection of its own only; the province's webmasters and
    moderators get the same page rights, as on the province's own pages."""

    collection = _ensure_collection(name)
    webmasters = _group(name, WEBMASTERS_OF)
    moderators = _group(name, MODERATORS_OF)
    editors = _group(name, EDITORS_OF)
    for group in (webmasters, moderators, editors):
        group.permissions.add(admin_access())
    grant_pages(webmasters, home, WEBMASTER_PAGE_PERMISSIONS)
    grant_pages(moderators, home, WEBMASTER_PAGE_PERMISSIONS)
    grant_pages(editors, home, EDITOR_PAGE_PERMISSIONS)
    grant_collection(webmasters, collection, MANAGE_MEDIA)
    grant_collection(moderators, collection, MANAGE_MEDIA)
    grant_collection(editors, collection, USE_MEDIA)
    for model in (PortalSettings, NavigationSettings):
        for permission in model_permissions(model):
            if permission.codename.startswith("change_"):
                GroupSitePermission.objects.get_or_create(
                    group=webmasters, site=site, permission=permission
                )
    for province_group in Group.objects.filter(name__in=[WEBMASTERS, MODERATORS]):
        grant_pages(province_group, home, WEBMASTER_PAGE_PERMISSIONS)
    _ensure_workflow(home, name, moderators)
    return [webmasters, moderators, editors]


def _group(name: str, role: str) -> Group:
    return Group.objects.get_or_create(name=name[: 150 - len(role)] + role)[0]


def _ensure_collection(name: str) -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)


def _ensure_workflow(home: HomePage, name: str, moderators: Group) -> None:
    """What the portal's editors submit goes to its own moderators."""
    if WorkflowPage.objects.filter(page=home).exists():
        return
    title = _("Approval - %(portal)s") % {"portal": name}
    task = GroupApprovalTask.objects.filter(name=title[:255]).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=title[:255])
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=title[:255])
    if not WorkflowTask.objects.filter(workflow=workflow).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=home)
