"""System check: the Wagtail apps the blocks build on are installed (cms_blocks.E001)."""

from collections.abc import Iterable

from django.apps import apps
from django.core.checks import Error, Tags, register

REQUIRED_APPS = (
    "wagtail",
    "wagtail.contrib.table_block",
    "wagtail.documents",
    "wagtail.embeds",
    "wagtail.images",
)


def missing_apps(required: Iterable[str], needed_by: str, check_id: str) -> list:
    """One error naming the apps of `required` not in INSTALLED_APPS, if any.

    The portal apps' check (portal.E002) uses it too; it lives here because
    cms_blocks may not import the portal.
    """
    missing = [app for app in required if not apps.is_installed(app)]
    if not missing:
        return []
    return [
        Error(
            f"{needed_by} need apps missing from INSTALLED_APPS: "
            + ", ".join(missing)
            + ".",
            hint="Add them to INSTALLED_APPS (docs/install.md, step 3).",
            id=check_id,
        )
    ]


@register(Tags.compatibility)
def check_required_apps(app_configs=None, **kwargs):
    return missing_apps(REQUIRED_APPS, "The cms_blocks blocks", "cms_blocks.E001")
