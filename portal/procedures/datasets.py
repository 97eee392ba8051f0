"""Published procedures in the open data catalogue (portal.core.datasets): what
the national database says of each, one row per procedure, streamed."""

from __future__ import annotations

from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from portal.core.datasets import page_url_builder, register_dataset

from .models import Level, OnlineLevel, ProcedurePage

COLUMNS = [
    ("code", _("procedure code")),
    ("title", _("Procedure")),
    ("field", _("field")),
    ("level", _("level of implementation")),
    ("online_level", _("online public service level")),
    ("online_url", _("online submission address")),
    ("url", _("Address")),
]


def published_procedures():
    # An alias repeats its original's row.
    return ProcedurePage.objects.live().public().filter(alias_of__isnull=True)


def procedure_rows():
    url = page_url_builder()
    levels = dict(Level.choices)
    online_levels = dict(OnlineLevel.choices)
    rows = (
        published_procedures()
        .order_by("field__name", "search_text")
        .values_list(
            "code",
            "title",
            "field__name",
            "level",
            "online_level",
            "online_url",
            "url_path",
        )
    )
    for code, title, field, level, online, online_url, path in rows.iterator(
        chunk_size=1000
    ):
        yield {
            "code": code,
            "title": title,
            "field": field,
            "level": str(levels.get(level, level)),
            "online_level": str(online_levels.get(online, online)),
            "online_url": online_url,
            "url": url(path),
        }


def procedures_updated():
    return published_procedures().aggregate(last=Max("last_published_at"))["last"]


def register_datasets() -> None:
    register_dataset(
        "thu-tuc-hanh-chinh",
        _("Administrative procedures"),
        _(
            "Every administrative procedure published on the portal: code, name, "
            "field, level and online public service level."
        ),
        procedure_rows,
        COLUMNS,
        procedures_updated,
    )
