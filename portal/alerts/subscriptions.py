"""Subscribing, confirming, changing and erasing: what the public views call.

What a form names is turned into a `Target` (`target_for`): a search's or a list's
query string normalised, so that the same search or list typed two ways is one
subscription (and is matched once, portal.alerts.matching), or a topic checked with
`portal.core.changes.describe_topic`. Each answer to a citizen is the same whether
or not the address was known (no enumeration); the mail says the rest.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Page

from portal.core import changes
from portal.core.mail import OutgoingMail, RefusedAddress, normalise_address, queue
from portal.core.page_meta import site_name
from portal.core.proxies import client_ip
from portal.core.ratelimit import Rate, allow
from search.forms import SearchForm
from search.registry import facet_labels, get_kind
from search.service import facet_titles

from . import tokens
from .models import (
    UNCONFIRMED_DAYS,
    Subscriber,
    Subscription,
    next_due,
    signature_of,
)

#: The longest label kept (the model's field).
MAX_LABEL_LENGTH = 500

#: Attempts per client address and per e-mail address; override with
#: settings.PORTAL_ALERTS_RATE_LIMITS = {"ip": (30, 3600), "address": (5, 3600)}.
DEFAULT_RATES = {"ip": Rate(30, 3600), "address": Rate(5, 3600)}


class Refused(Exception):
    """What a form asked to follow cannot be followed; `message` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class Target:
    """What a subscription follows, as stored."""

    kind: str
    label: str
    page_id: int | None = None
    topic: str = ""
    query: str = ""


# -- what is followed ----------------------------------------------------------------


def _label(parts: list[str]) -> str:
    label = " · ".join(part for part in parts if part)
    if len(label) > MAX_LABEL_LENGTH:
        label = label[: MAX_LABEL_LENGTH - 1] + "…"
    return label


def _date(value: datetime.date) -> str:
    return date_format(value, "d/m/Y")


def search_target(query: str, site) -> Target:
    """A search of /tim-kiem/ from its query string: its words, kind, filters,
    sites and dates kept (in one order), its page and sort dropped."""
    form = SearchForm(QueryDict(query), current_site=site)
    if not form.is_valid():
        raise Refused(
            _("This search cannot be followed: its parameters are not valid.")
        )
    data = form.cleaned_data
    words, kind = data.get("q") or "", data.get("type") or ""
    pairs = [("q", words)] if words else []
    if kind:
        pairs.append(("type", kind))
    pairs += [("site", value) for value in form.site_values]
    titles = facet_titles(kind)
    described = []
    for name in sorted(form.filters):
        values = form.filters[name]
        pairs += [(name, value) for value in values]
        names = facet_labels(kind, name, values)
        described.append(
            f"{titles.get(name, name)}: {', '.join(names[v] for v in values)}"
        )
    for name, template in (
        ("date_from", pgettext("alerts label", "from %(date)s")),
        ("date_to", pgettext("alerts label", "until %(date)s")),
    ):
        if data.get(name):
            pairs.append((name, data[name].isoformat()))
            described.append(template % {"date": _date(data[name])})
    normalised = QueryDict(mutable=True)
    for name, value in pairs:
        normalised.appendlist(name, value)
    found = get_kind(kind) if kind else None
    head = (
        pgettext("alerts label", "Search: «%(words)s»") % {"words": words}
        if words
        else pgettext("alerts label", "Search: everything new")
    )
    return Target(
        kind=Subscription.Kind.SEARCH,
        label=_label([head, str(found.label) if found else "", *described]),
        query=normalised.urlencode(),
    )


def list_target(page_id: int | None, query: str, request) -> Target:
    """A filtered list (legal documents, procedures): its page, words and filters."""
    page = Page.objects.live().public().filter(pk=page_id).first() if page_id else None
    page = page.specific if page is not None else None
    if page is None or not callable(getattr(page, "listing", None)):
        raise Refused(_("This list cannot be followed: it no longer exists."))
    listing = page.listing(QueryDict(query), request)
    described = [
        f"{label}: {', '.join(names)}" for label, names in listing.selected_labels()
    ]
    words = (
        pgettext("alerts label", "«%(words)s»") % {"words": listing.query}
        if listing.query
        else ""
    )
    return Target(
        kind=Subscription.Kind.LIST,
        label=_label([page.title, words, *described]),
        page_id=page.pk,
        query=listing.followed_query(),
    )


def topic_target(topic: str) -> Target:
    """A document, a news category, a procedure field (portal.core.changes)."""
    name = changes.describe_topic(topic) if topic else None
    if name is None:
        raise Refused(_("This cannot be followed: it no longer exists."))
    prefix, _sep, pk = topic.partition(":")
    return Target(
        kind=Subscription.Kind.TOPIC,
        label=_label([name]),
        page_id=int(pk) if prefix == "page" else None,
        topic=topic,
    )


def target_for(data: dict, request, site) -> Target:
    """The target a valid SubscribeForm's `data` names."""
    kind = data["kind"]
    if kind == Subscription.Kind.SEARCH:
        return search_target(data.get("query") or "", site)
    if kind == Subscription.Kind.LIST:
        return list_target(data.get("page"), data.get("query") or "", request)
    return topic_target(data.get("topic") or "")


# -- rate limits ---------------------------------------------------------------------


def rate_for(scope: str) -> Rate:
    override = getattr(settings, "PORTAL_ALERTS_RATE_LIMITS", {}).get(scope)
    return Rate(*override) if override else DEFAULT_RATES[scope]


def within_rate_limits(request, email: str) -> bool:
    """Count one attempt of the client and of the address (hashed: the cache keeps
    no address); False when either has used up its attempts."""
    address = hashlib.sha256(normalise_address(email).encode()).hexdigest()[:32]
    by_client = allow("alerts:rl:ip", client_ip(request) or "unknown", rate_for("ip"))
    by_address = allow("alerts:rl:address", address, rate_for("address"))
    return by_client and by_address


# -- subscribing ---------------------------------------------------------------------


def send(subscriber: Subscriber, kind: str, subject: str, template: str, context):
    """Queue a mail of both parts from alerts/mail/<template>.txt and .html, to go
    as soon as the transaction commits."""
    context = {"email": subscriber.email, **context}
    queue(
        subscriber.email,
        subject,
        render_to_string(f"alerts/mail/{template}.txt", context),
        render_to_string(f"alerts/mail/{template}.html", context),
        kind=kind,
        now=True,
    )


def _mail_context(subscriber: Subscriber, site) -> dict:
    return {
        "site_name": site_name(site),
        "manage_url": tokens.link(
            "alerts:manage", tokens.manage_token(subscriber), site
        ),
        "unconfirmed_days": UNCONFIRMED_DAYS,
    }


def send_confirmation(subscription: Subscription, site) -> None:
    subscriber = subscription.subscriber
    send(
        subscriber,
        "confirm",
        _("Confirm your e-mail alert: %(label)s") % {"label": subscription.label},
        "confirm",
        {
            **_mail_context(subscriber, site),
            "subscription": subscription,
            "confirm_url": tokens.link(
                "alerts:confirm", tokens.confirm_token(subscription), site
            ),
        },
    )


def send_already_subscribed(subscription: Subscription, site) -> None:
    subscriber = subscription.subscriber
    send(
        subscriber,
        "exists",
        _("You already receive this e-mail alert: %(label)s")
        % {"label": subscription.label},
        "exists",
        {**_mail_context(subscriber, site), "subscription": subscription},
    )


@transaction.atomic
def subscribe(email: str, frequency: str, target: Target, site, now=None) -> None:
    """Record an unconfirmed subscription and send its confirmation; for one that
    exists, send the confirmation again (with the frequency now asked for) or,
    once confirmed, a reminder with the management link."""
    now = now or timezone.now()
    subscriber, _created = Subscriber.objects.get_or_create(
        email=normalise_address(email)
    )
    site_id = site.pk if site is not None else None
    signature = signature_of(
        target.kind, site_id, target.page_id, target.topic, target.query
    )
    subscription = Subscription.objects.filter(
        subscriber=subscriber, signature=signature
    ).first()
    if subscription is None:
        try:
            with transaction.atomic():
                subscription = Subscription.objects.create(
                    subscriber=subscriber,
                    kind=target.kind,
                    site_id=site_id,
                    page_id=target.page_id,
                    topic=target.topic,
                    query=target.query,
                    label=target.label,
                    frequency=frequency,
                    created_at=now,
                )
        except IntegrityError:
            # The same request twice at once: the other one made it.
            subscription = Subscription.objects.get(
                subscriber=subscriber, signature=signature
            )
    elif subscription.is_confirmed:
        send_already_subscribed(subscription, site)
        return
    else:
        # Asked again: the new frequency, and the week to confirm from now.
        subscription.frequency = frequency
        subscription.label = target.label
        subscription.created_at = now
        subscription.save(update_fields=["frequency", "label", "created_at"])
    send_confirmation(subscription, site)


def send_manage_link(email: str, site) -> None:
    """Mail the management link to `email` if it is subscribed; nothing otherwise
    (the page says the same either way)."""
    subscriber = Subscriber.objects.filter(email=normalise_address(email)).first()
    if subscriber is None:
        return
    with transaction.atomic():
        send(
            subscriber,
            "manage",
            _("Your e-mail alerts on %(site)s") % {"site": site_name(site)},
            "manage_link",
            _mail_context(subscriber, site),
        )


# -- confirming, changing, erasing ---------------------------------------------------


def confirm(subscription: Subscription, now=None) -> bool:
    """Confirm it: alerts start from the changes after this moment. False when it
    was confirmed already (a second click changes nothing)."""
    now = now or timezone.now()
    values = {
        "confirmed_at": now,
        "last_change": changes.last_id(),
        "next_due_at": next_due(subscription.frequency, now),
    }
    updated = Subscription.objects.filter(
        pk=subscription.pk, confirmed_at__isnull=True
    ).update(**values)
    if updated:
        for name, value in values.items():
            setattr(subscription, name, value)
    return bool(updated)


def change_frequency(subscription: Subscription, frequency: str, now=None) -> None:
    now = now or timezone.now()
    subscription.frequency = frequency
    if subscription.is_confirmed:
        subscription.next_due_at = next_due(frequency, now)
    subscription.save(update_fields=["frequency", "next_due_at"])


def unsubscribe(subscription: Subscription) -> bool:
    """Delete it; the address too once it follows nothing. True when the address
    is kept (it follows something else)."""
    return unsubscribe_all([subscription]) is not None


@transaction.atomic
def unsubscribe_all(followed: list[Subscription]) -> Subscriber | None:
    """Delete `followed` (one subscriber's); the address too once it follows
    nothing. The subscriber when it is kept."""
    if not followed:
        return None
    subscriber = followed[0].subscriber
    Subscription.objects.filter(
        subscriber=subscriber, pk__in=[s.pk for s in followed]
    ).delete()
    if subscriber.subscriptions.exists():
        return subscriber
    erase(subscriber)
    return None


@transaction.atomic
def erase(subscriber: Subscriber) -> None:
    """Delete the address, everything it follows, every mail to it kept in the
    queue (sent or not) and the mail server's refusals of it: nothing of it is
    left (Decree 13/2023/NĐ-CP), as the webmasters' erase does (admin_views)."""
    OutgoingMail.objects.filter(to=subscriber.email).delete()
    RefusedAddress.objects.filter(email=subscriber.email).delete()
    subscriber.delete()


def delete_expired(now=None) -> int:
    """Delete subscriptions left unconfirmed for `UNCONFIRMED_DAYS` days, and the
    addresses that then follow nothing; returns how many subscriptions."""
    with transaction.atomic():
        deleted, _by_model = Subscription.objects.expired(now).delete()
        Subscriber.objects.filter(subscriptions__isnull=True).delete()
    return deleted
