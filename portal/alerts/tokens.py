"""Signed links of the alerts: confirm a subscription, manage one's subscriptions,
unsubscribe in one click.

Each token names what it is for, a primary key and the subscriber's `key`: erasing
an address or asking for new links changes the key and voids every link sent before.
Confirmation links expire with the unconfirmed subscription (models.UNCONFIRMED_DAYS).
"""

from __future__ import annotations

import datetime

from django.core import signing
from django.urls import reverse

from portal.core.absolute_urls import absolute_url

from .models import UNCONFIRMED_DAYS, Subscriber, Subscription

SALT = "portal.alerts"
CONFIRM, MANAGE, UNSUBSCRIBE = "c", "m", "u"


def make(purpose: str, pk: int, key: str) -> str:
    return signing.dumps([purpose, pk, key], salt=SALT, compress=True)


def read(token: str, purpose: str, max_age: datetime.timedelta | None = None):
    """(pk, key) of a valid token for `purpose`, else None."""
    try:
        value = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    if not isinstance(value, list) or len(value) != 3 or value[0] != purpose:
        return None
    _purpose, pk, key = value
    if not isinstance(pk, int) or not isinstance(key, str):
        return None
    return pk, key


def confirm_token(subscription: Subscription) -> str:
    return make(CONFIRM, subscription.pk, subscription.subscriber.key)


def manage_token(subscriber: Subscriber) -> str:
    return make(MANAGE, subscriber.pk, subscriber.key)


def unsubscribe_token(subscription: Subscription) -> str:
    return make(UNSUBSCRIBE, subscription.pk, subscription.subscriber.key)


def subscription_to_confirm(token: str) -> Subscription | None:
    found = read(token, CONFIRM, max_age=datetime.timedelta(days=UNCONFIRMED_DAYS))
    if found is None:
        return None
    pk, key = found
    return (
        Subscription.objects.select_related("subscriber")
        .filter(pk=pk, subscriber__key=key)
        .first()
    )


def subscriber_to_manage(token: str) -> Subscriber | None:
    found = read(token, MANAGE)
    if found is None:
        return None
    pk, key = found
    return Subscriber.objects.filter(pk=pk, key=key).first()


def subscription_to_unsubscribe(token: str) -> Subscription | None:
    found = read(token, UNSUBSCRIBE)
    if found is None:
        return None
    pk, key = found
    return (
        Subscription.objects.select_related("subscriber")
        .filter(pk=pk, subscriber__key=key)
        .first()
    )


def link(name: str, token: str, site=None, root: str = "") -> str:
    """The absolute address of the view `name` ("alerts:confirm"…) for `token`,
    on `site` (or under `root`, its root URL, when the caller knows it)."""
    path = reverse(name, args=[token])
    return root + path if root else absolute_url(path, site=site)


def unsubscribe_all_token(subscriber: Subscriber, frequency: str) -> str:
    """Every subscription of one frequency: what one alert mail is about, and so
    what its List-Unsubscribe header ends (RFC 8058)."""
    return make(f"a:{frequency}", subscriber.pk, subscriber.key)


def subscriptions_to_unsubscribe(token: str, frequency: str):
    """The subscriber's subscriptions of `frequency` an unsubscribe-all token
    names, or None for an invalid token."""
    found = read(token, f"a:{frequency}")
    if found is None:
        return None
    pk, key = found
    return Subscription.objects.filter(
        subscriber_id=pk, subscriber__key=key, frequency=frequency
    )
