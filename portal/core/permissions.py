"""The portal's editorial groups and the permissions each kind of group holds: used
by `bootstrap_permissions` (the province's groups) and `portal.core.sites` (a member
portal's)."""

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page
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


def grant_pages(group: Group, page: Page | None, codenames: list[str]) -> None:
    if page is None:
        return
    for permission in page_permissions(codenames):
        GroupPagePermission.objects.get_or_create(
            group=group, page=page, permission=permission
        )


def grant_collection(group: Group, collection, actions: list[str]) -> None:
    for permission in media_permissions(actions):
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )


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
    # The admin's "Translate" action, for the other languages' sections (/en/).
    permissions += Permission.objects.filter(
        content_type__app_label="simple_translation", codename="submit_translation"
    )
    return permissions
