"""JSON-LD for a page's <script type="application/ld+json"> element: the one way
every app writes its schema.org data into a page."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

# What json.dumps leaves that would end a <script> element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict, *, indent: int | None = None) -> SafeString:
    """`data` as JSON text that is safe inside <script type="application/ld+json">.

    Dates, times and decimals are written as Django's JSON encoder writes them;
    `indent` as json.dumps takes it (None: one line)."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=indent)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
