"""What replaces the content version: every change of what public pages show.

Pages, snippets and site settings always count; so do the models in
`DEFAULT_DEPENDENCIES`, those named in ``PORTAL_PAGE_CACHE_MODELS`` and those a content
app declares with `register_dependency`. `connect_signals` (called in the core app's
``ready()``) wires the bump to their saves, deletes and Wagtail's publishing signals.
"""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db.models.signals import post_delete, post_save
from wagtail.documents import get_document_model_string
from wagtail.images import get_image_model_string

from .version import bump_version

#: Models whose changes show on public pages besides pages, snippets and settings:
#: "app_label.ModelName" strings; content apps may extend it with
#: ``PORTAL_PAGE_CACHE_MODELS`` in settings or call `register_dependency`.
DEFAULT_DEPENDENCIES = [
    "wagtailcore.Site",
    get_image_model_string(),
    get_document_model_string(),
    "wagtailsearchpromotions.SearchPromotion",
    "wagtailcore.PageViewRestriction",
    "wagtailcore.CollectionViewRestriction",
]

_extra_dependencies: set[type] = set()
#: Per model class: does a change to it invalidate cached pages? (filled lazily)
_is_content_model: dict[type, bool] = {}


def register_dependency(model: type) -> None:
    """Declare that saving or deleting ``model`` changes what public pages show."""
    _extra_dependencies.add(model)
    _is_content_model.clear()


def _dependency_models() -> set[type]:
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model

    labels = [*DEFAULT_DEPENDENCIES, *getattr(settings, "PORTAL_PAGE_CACHE_MODELS", [])]
    models = {*_extra_dependencies, get_image_model(), get_document_model()}
    for label in labels:
        try:
            models.add(apps.get_model(label))
        except LookupError:
            continue
    return models


def is_content_model(model: type) -> bool:
    if model not in _is_content_model:
        _is_content_model[model] = _shows_on_pages(model)
    return _is_content_model[model]


def _shows_on_pages(model: type) -> bool:
    from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
    from wagtail.models import Page
    from wagtail.snippets.models import get_snippet_models

    if issubclass(model, Page | BaseSiteSetting | BaseGenericSetting):
        return True
    if model in get_snippet_models():
        return True
    return any(issubclass(model, dependency) for dependency in _dependency_models())


def _on_model_change(sender, **kwargs):
    if kwargs.get("raw"):
        return  # loaddata
    if is_content_model(sender):
        bump_version()


def connect_signals() -> None:
    """Wire the version bump to every change of public content (called in ready())."""
    from wagtail.signals import (
        page_published,
        page_unpublished,
        post_page_move,
        published,
        unpublished,
    )

    # Publishing saves the page, but an unpublish or a move need not save every
    # descendant, and snippets with draft state publish without a plain save.
    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(bump_version, dispatch_uid=f"portal_page_cache_{id(signal)}")
    for signal in (published, unpublished):
        signal.connect(bump_version, dispatch_uid=f"portal_page_cache_{id(signal)}")
    post_save.connect(_on_model_change, dispatch_uid="portal_page_cache_save")
    post_delete.connect(_on_model_change, dispatch_uid="portal_page_cache_delete")
