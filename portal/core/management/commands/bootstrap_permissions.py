"""Create the editorial groups of the portal and give them their permissions.

- "Quản trị cổng" (webmasters): menus and site settings, every snippet, images and
  documents, redirects, search promotions, import permissions, and full page rights
  below the home page. Not superusers: no user management, no Django settings.
- "Người duyệt" (moderators): add, edit, publish, lock and unlock every page; approve
  what editors submit in Wagtail's moderation workflow.
- "Biên tập viên - <section>": one group per top-level section under the home page;
  add and edit pages of that section only, then submit them for moderation. No publish.

Idempotent and additive: running it again creates what is missing and never removes
a permission a webmaster added by hand.
"""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
)
from wagtail.snippets.models import get_snippet_models

WEBMASTERS = "Quản trị cổng"
MODERATORS = "Người duyệt"
SECTION_EDITORS_PREFIX = "Biên tập viên - "

#: Page permissions (codenames on wagtailcore.Page) of each kind of group.
WEBMASTER_PAGE_PERMISSIONS = [
    "add_page",
    "change_page",
    "publish_page",
    "lock_page",
    "unlock_page",
]
MODERATOR_PAGE_PERMISSIONS = WEBMASTER_PAGE_PERMISSIONS
EDITOR_PAGE_PERMISSIONS = ["add_page", "change_page"]

#: Collection permissions for images and documents, per kind of group.
MANAGE_MEDIA = ["add", "change", "choose", "delete"]
USE_MEDIA = ["add", "choose"]

#: The group Wagtail's own migrations create as approvers of its default workflow.
WAGTAIL_MODERATORS = "Moderators"


def model_permissions(model) -> list[Permission]:
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    return list(Permission.objects.filter(content_type=content_type))


def media_permissions(actions: list[str]) -> list[Permission]:
    permissions = []
    for model in (get_image_model(), get_document_model()):
        content_type = ContentType.objects.get_for_model(model)
        name = model._meta.model_name
        permissions += Permission.objects.filter(
            content_type=content_type,
            codename__in=[f"{action}_{name}" for action in actions],
        )
    return permissions


def page_permissions(codenames: list[str]) -> list[Permission]:
    return list(
        Permission.objects.filter(
            content_type=ContentType.objects.get_for_model(Page),
            codename__in=codenames,
        )
    )


def admin_access() -> Permission:
    return Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )


def import_permissions() -> list[Permission]:
    """Custom `import_*` permissions that the portal's content apps declare."""
    return list(
        Permission.objects.filter(
            codename__startswith="import_",
            content_type__app_label__in=_portal_app_labels(),
        )
    )


def _portal_app_labels() -> list[str]:
    from django.apps import apps

    return [
        config.label
        for config in apps.get_app_configs()
        if config.name.startswith("portal.")
    ]


def webmaster_model_permissions() -> list[Permission]:
    permissions = [admin_access()]
    for model in get_snippet_models():
        permissions += model_permissions(model)
    for model in settings_registry:
        permissions += [
            permission
            for permission in model_permissions(model)
            if permission.codename.startswith("change_")
        ]
    for model in (Redirect, SearchPromotion, Query):
        permissions += model_permissions(model)
    permissions += import_permissions()
    return permissions


class Command(BaseCommand):
    help = (
        "Create the webmaster, moderator and per-section editor groups with their "
        "permissions (idempotent)."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self.home_page()
            root_collection = Collection.get_first_root_node()

            webmasters = self.group(WEBMASTERS, webmaster_model_permissions())
            self.grant_pages(webmasters, home, WEBMASTER_PAGE_PERMISSIONS)
            self.grant_collection(webmasters, root_collection, MANAGE_MEDIA)

            moderators = self.group(MODERATORS, [admin_access()])
            self.grant_pages(moderators, home, MODERATOR_PAGE_PERMISSIONS)
            self.grant_collection(moderators, root_collection, MANAGE_MEDIA)
            self.join_default_workflow(moderators)

            sections = home.get_children().specific() if home else []
            for section in sections:
                editors = self.section_editors(section)
                self.grant_pages(editors, section, EDITOR_PAGE_PERMISSIONS)
                self.grant_collection(editors, root_collection, USE_MEDIA)
        self.stdout.write(
            f"  quyền: nhóm {WEBMASTERS}, {MODERATORS} và "
            f"{len(sections)} nhóm biên tập viên theo chuyên mục"
        )

    def home_page(self) -> Page | None:
        from wagtail.models import Site

        site = Site.objects.filter(is_default_site=True).first()
        return site.root_page if site else None

    def group(self, name: str, permissions: list[Permission]) -> Group:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
        return group

    def section_editors(self, section: Page) -> Group:
        """The editors' group of a section: found by its page permission, so that a
        renamed section or group keeps its members; created when there is none."""
        existing = (
            Group.objects.filter(
                name__startswith=SECTION_EDITORS_PREFIX,
                page_permissions__page=section,
            )
            .distinct()
            .first()
        )
        if existing:
            existing.permissions.add(admin_access())
            return existing
        name = f"{SECTION_EDITORS_PREFIX}{section.title}"[:150]
        return self.group(name, [admin_access()])

    def grant_pages(self, group: Group, page: Page | None, codenames: list[str]):
        if page is None:
            return
        for permission in page_permissions(codenames):
            GroupPagePermission.objects.get_or_create(
                group=group, page=page, permission=permission
            )

    def grant_collection(self, group: Group, collection, actions: list[str]):
        for permission in media_permissions(actions):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )

    def join_default_workflow(self, moderators: Group):
        """Make the moderators approvers wherever Wagtail's own group approves, so
        that what section editors submit reaches them."""
        for task in GroupApprovalTask.objects.filter(
            active=True, groups__name=WAGTAIL_MODERATORS
        ):
            task.groups.add(moderators)
