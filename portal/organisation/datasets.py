"""The directory in the open data catalogue (portal.core.datasets): the public
bodies with their public contacts, and the officials' public contacts."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.core.datasets import register_dataset
from portal.core.models import PublicBody, PublicBodyKind

from .models import PublicContact

BODY_COLUMNS = [
    ("name", _("name")),
    ("kind", _("kind of body")),
    ("belongs_to", _("belongs to")),
    ("head", _("head")),
    ("address", _("address")),
    ("phone", _("telephone")),
    ("email", _("email")),
    ("website", _("website")),
    ("opening_hours", _("opening hours")),
]

CONTACT_COLUMNS = [
    ("name", _("full name")),
    ("position", _("position")),
    ("body", _("public body")),
    ("phone", _("telephone")),
    ("email", _("email")),
]


def body_rows():
    kinds = dict(PublicBodyKind.choices)
    bodies = PublicBody.objects.select_related("parent").order_by("name")
    for body in bodies.iterator(chunk_size=1000):
        head = " ".join(part for part in (body.head_title, body.head_name) if part)
        yield {
            "name": body.name,
            "kind": str(kinds.get(body.kind, body.kind)),
            "belongs_to": body.parent.name if body.parent_id else "",
            "head": head,
            "address": body.address,
            "phone": body.phone,
            "email": body.email,
            "website": body.website,
            "opening_hours": body.opening_hours,
        }


def contact_rows():
    contacts = PublicContact.objects.select_related("body").order_by(
        "body__name", "sort_order", "name"
    )
    for contact in contacts.iterator(chunk_size=1000):
        yield {
            "name": contact.name,
            "position": contact.position,
            "body": contact.body.name,
            "phone": contact.phone,
            "email": contact.email,
        }


def not_dated():
    """Bodies and contacts keep no date of change."""
    return None


def register_datasets() -> None:
    register_dataset(
        "co-quan-don-vi",
        _("Public bodies"),
        _(
            "The public bodies of the province and what citizens need to reach "
            "them: the body each belongs to, its head, address, telephone, e-mail, "
            "website and opening hours."
        ),
        body_rows,
        BODY_COLUMNS,
        not_dated,
    )
    register_dataset(
        "danh-ba",
        _("Directory of officials"),
        _("Officials' public contacts: name, position, body, telephone and e-mail."),
        contact_rows,
        CONTACT_COLUMNS,
        not_dated,
    )
