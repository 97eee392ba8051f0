"""JSON-LD for a page's <script type="application/ld+json"> element."""

from __future__ import annotations

import json

from django.utils.safestring import SafeString, mark_safe

# What json.dumps leaves that would end a <script> element early.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def json_ld(data: dict) -> SafeString:
    """`data` as JSON text that is safe inside <script type="application/ld+json">."""
    text = json.dumps(data, ensure_ascii=False)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # noqa: S308 - escaped above
