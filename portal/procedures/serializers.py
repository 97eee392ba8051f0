"""How a procedure's legal bases read in Wagtail's API v2."""

from __future__ import annotations

from rest_framework import serializers

from portal.core.absolute_urls import absolute_url


class LegalBasesField(serializers.Field):
    """The documents a procedure rests on, each with the legal app's permanent
    address on the procedure's site when it is published there (None otherwise)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, procedure):
        return [
            {
                "number": basis.number,
                "title": basis.title,
                "doc_type": basis.doc_type,
                "url": absolute_url(basis.url, site=procedure) if basis.url else None,
            }
            for basis in procedure.resolved_legal_bases()
        ]
