"""Public views of the alerts: validate, call portal.alerts.subscriptions, render.

The pages reached by a signed link (confirm, manage, unsubscribe) are never cached
(they are one subscriber's), and a GET never changes anything: mail scanners open
links before people do. Confirming and unsubscribing need no CSRF token (the
signed token is the protection): mail clients post the one-click unsubscribe of
RFC 8058 without cookies.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from wagtail.models import Site

from portal.core.mail import KEEP_DAYS
from portal.core.page_meta import view_meta

from . import subscriptions, tokens
from .forms import FrequencyForm, ManageLinkForm, SubscribeForm
from .models import UNCONFIRMED_DAYS, Frequency


def mail_keep_days() -> int:
    return getattr(settings, "PORTAL_MAIL_KEEP_DAYS", KEEP_DAYS)


def _render(request, template: str, title: str, context=None, status: int = 200):
    context = {
        "title": title,
        "page_meta": view_meta(request, title=title, path=reverse("alerts:subscribe")),
        "unconfirmed_days": UNCONFIRMED_DAYS,
        "mail_keep_days": mail_keep_days(),
        **(context or {}),
    }
    return render(request, f"alerts/{template}.html", context, status=status)


def _refused(request, errors: list[str], status: int = 400):
    return _render(
        request,
        "refused",
        _("Your request could not be accepted"),
        {"errors": errors},
        status=status,
    )


def _rate_limited(request):
    return _refused(
        request,
        [
            _(
                "Too many requests from your network or for this address in a "
                "short time. Please try again in an hour."
            )
        ],
        status=429,
    )


def _invalid_link(request):
    return _render(
        request,
        "invalid_link",
        _("This link is no longer valid"),
        {"link_form": ManageLinkForm()},
        status=404,
    )


def _check_inbox(request, email: str):
    return _render(request, "check_inbox", _("Check your mailbox"), {"email": email})


@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    """GET: what the alerts are, what is kept, and the form that mails one's
    management link. POST: follow what the form names."""
    if request.method != "POST":
        return _render(
            request,
            "index",
            _("E-mail alerts"),
            {"link_form": ManageLinkForm()},
        )
    form = SubscribeForm(request.POST)
    if not form.is_valid():
        return _refused(request, _errors(form))
    email = form.cleaned_data["email"]
    if form.is_spam():
        return _check_inbox(request, email)
    if not subscriptions.within_rate_limits(request, email):
        return _rate_limited(request)
    site = Site.find_for_request(request)
    try:
        target = subscriptions.target_for(form.cleaned_data, request, site)
    except subscriptions.Refused as refusal:
        return _refused(request, [refusal.message])
    subscriptions.subscribe(email, form.cleaned_data["frequency"], target, site)
    return _check_inbox(request, email)


def _errors(form) -> list[str]:
    visible = {"email", "frequency"}
    errors = []
    for name, messages_ in form.errors.items():
        if name in visible:
            label = form.fields[name].label
            errors += [f"{label}: {message}" for message in messages_]
        elif name in ("query", "topic", "kind", "page", "__all__"):
            # Hidden fields: only tampering or a broken page gets them wrong.
            errors += [str(message) for message in messages_]
    return list(dict.fromkeys(errors)) or [_("The form is not valid.")]


@require_POST
def send_link(request):
    form = ManageLinkForm(request.POST)
    if not form.is_valid():
        return _refused(request, _errors(form))
    email = form.cleaned_data["email"]
    if not form.is_spam():
        if not subscriptions.within_rate_limits(request, email):
            return _rate_limited(request)
        subscriptions.send_manage_link(email, Site.find_for_request(request))
    return _check_inbox(request, email)


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token: str):
    subscription = tokens.subscription_to_confirm(token)
    if subscription is None:
        return _invalid_link(request)
    context = {
        "subscription": subscription,
        "manage_url": reverse(
            "alerts:manage", args=[tokens.manage_token(subscription.subscriber)]
        ),
    }
    if request.method == "POST":
        subscriptions.confirm(subscription)
        return _render(request, "confirmed", _("Subscription confirmed"), context)
    if subscription.is_confirmed:
        return _render(request, "confirmed", _("Subscription confirmed"), context)
    return _render(request, "confirm", _("Confirm your subscription"), context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def manage(request, token: str):
    subscriber = tokens.subscriber_to_manage(token)
    if subscriber is None:
        return _invalid_link(request)
    if request.method == "POST":
        return _manage_action(request, subscriber, token)
    return _render(
        request,
        "manage",
        _("Your e-mail alerts"),
        {
            "subscriber": subscriber,
            "subscriptions": [
                (subscription, FrequencyForm(initial=_initial(subscription)))
                for subscription in subscriber.subscriptions.all()
            ],
        },
    )


def _initial(subscription) -> dict:
    return {"subscription": subscription.pk, "frequency": subscription.frequency}


def _manage_action(request, subscriber, token: str):
    action = request.POST.get("action")
    back = HttpResponseRedirect(reverse("alerts:manage", args=[token]))
    if action == "erase":
        subscriptions.erase(subscriber)
        return _render(request, "erased", _("Your address has been erased"))
    if action == "frequency":
        form = FrequencyForm(request.POST)
        subscription = (
            subscriber.subscriptions.filter(
                pk=form.cleaned_data["subscription"]
            ).first()
            if form.is_valid()
            else None
        )
        if subscription is None:
            return _refused(request, _errors(form) if form.errors else [])
        subscriptions.change_frequency(subscription, form.cleaned_data["frequency"])
        messages.success(
            request,
            _("From now on you will receive “%(label)s”: %(frequency)s.")
            % {
                "label": subscription.label,
                "frequency": Frequency(subscription.frequency).label.lower(),
            },
        )
        return back
    if action == "delete":
        pk = request.POST.get("subscription", "")
        subscription = (
            subscriber.subscriptions.filter(pk=int(pk)).first()
            if pk.isdigit()
            else None
        )
        if subscription is None:
            return back
        if not subscriptions.unsubscribe(subscription):
            return _render(request, "erased", _("Your address has been erased"))
        messages.success(
            request,
            _("You will no longer receive “%(label)s”.")
            % {"label": subscription.label},
        )
        return back
    return _refused(request, [_("Unknown action.")])


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token: str):
    """GET: one button. POST: unsubscribe, from that button or from a mail
    client's one-click request (body ``List-Unsubscribe=One-Click``)."""
    subscription = tokens.subscription_to_unsubscribe(token)
    if subscription is None:
        return _invalid_link(request)
    if request.method != "POST":
        return _render(
            request,
            "unsubscribe",
            _("Stop this e-mail alert"),
            {"subscription": subscription},
        )
    subscriber = subscription.subscriber
    kept = subscriptions.unsubscribe(subscription)
    return _render(
        request,
        "unsubscribed",
        _("You have unsubscribed"),
        {
            "subscription": subscription,
            "manage_url": (
                reverse("alerts:manage", args=[tokens.manage_token(subscriber)])
                if kept
                else ""
            ),
        },
    )


def _subscriptions_of_all_token(token: str):
    """(frequency, its subscriptions) an unsubscribe-all token names, or None."""
    for frequency in Frequency.values:
        found = tokens.subscriptions_to_unsubscribe(token, frequency)
        if found is not None:
            return frequency, found.select_related("subscriber")
    return None


@never_cache
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe_all(request, token: str):
    """Every subscription of one frequency, what one alert mail is about and what
    its List-Unsubscribe header names: GET shows one button, POST (that button or
    a mail client's one-click request) unsubscribes them all."""
    found = _subscriptions_of_all_token(token)
    if found is None:
        return _invalid_link(request)
    frequency, followed = found
    followed = list(followed)
    context = {
        "frequency": Frequency(frequency).label.lower(),
        "subscriptions": followed,
    }
    if request.method != "POST":
        return _render(
            request, "unsubscribe_all", _("Stop these e-mail alerts"), context
        )
    kept = subscriptions.unsubscribe_all(followed)
    return _render(
        request,
        "unsubscribed_all",
        _("You have unsubscribed"),
        {
            **context,
            "manage_url": (
                reverse("alerts:manage", args=[tokens.manage_token(kept)])
                if kept
                else ""
            ),
        },
    )
