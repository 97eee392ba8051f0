"""Create the editorial groups of the portal and give them their permissions.

- "Quản trị cổng" (webmasters): menus and site settings, every snippet, images and
  documents, redirects, search promotions, import permissions, and full page rights
  below the home page. Not superusers: no user management, no Django settings.
- "Người duyệt" (moderators): add, edit, publish, lock and unlock every page; approve
  what editors submit in Wagtail's moderation workflow.
- "Biên tập viên - <section>": one group per top-level section under the home page;
  add and edit pages of that section only, then submit them for moderation. No publish.
  A section's page type may name models its editors manage too
  (``section_editor_models``: the work schedule's weeks).

Idempotent and additive: running it again creates what is missing and never removes
a permission a webmaster added by hand.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Collection, GroupApprovalTask, Page

from portal.core.permissions import (
    EDITOR_PAGE_PERMISSIONS,
    MANAGE_MEDIA,
    MODERATOR_PAGE_PERMISSIONS,
    MODERATORS,
    SECTION_EDITORS_PREFIX,
    USE_MEDIA,
    WAGTAIL_MODERATORS,
    WEBMASTER_PAGE_PERMISSIONS,
    WEBMASTERS,
    admin_access,
    grant_collection,
    grant_pages,
    model_permissions,
    webmaster_model_permissions,
)


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
            grant_pages(webmasters, home, WEBMASTER_PAGE_PERMISSIONS)
            grant_collection(webmasters, root_collection, MANAGE_MEDIA)

            moderators = self.group(MODERATORS, [admin_access()])
            grant_pages(moderators, home, MODERATOR_PAGE_PERMISSIONS)
            grant_collection(moderators, root_collection, MANAGE_MEDIA)
            self.join_default_workflow(moderators)

            sections = home.get_children().specific() if home else []
            for section in sections:
                editors = self.section_editors(section)
                grant_pages(editors, section, EDITOR_PAGE_PERMISSIONS)
                # What a section's page type says its editors also manage (the
                # weeks of a work schedule, which are snippets).
                for label in getattr(section, "section_editor_models", ()):
                    editors.permissions.add(*model_permissions(apps.get_model(label)))
                grant_collection(editors, root_collection, USE_MEDIA)
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

    def join_default_workflow(self, moderators: Group):
        """Make the moderators approvers wherever Wagtail's own group approves, so
        that what section editors submit reaches them."""
        for task in GroupApprovalTask.objects.filter(
            active=True, groups__name=WAGTAIL_MODERATORS
        ):
            task.groups.add(moderators)
