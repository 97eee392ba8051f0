"""The webmaster's view of the alerts: subscriptions per kind, the mail queue and
its failures, suspended addresses; pause or resume all sending, send given-up mail
again, erase one address on request."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from portal.core.mail import (
    MailSettings,
    OutgoingMail,
    RefusedAddress,
    normalise_address,
    queue_health,
)

from .models import Frequency, Subscriber, Subscription

VIEW_PERMISSION = "alerts.view_subscription"
MANAGE_PERMISSION = "core.change_mailsettings"


def can_view(user) -> bool:
    return user.has_perm(VIEW_PERMISSION) or user.has_perm(MANAGE_PERMISSION)


class EraseForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Address to erase"))


def dashboard(request):
    if not can_view(request.user):
        raise PermissionDenied
    counts = {
        (row["kind"], row["frequency"]): row
        for row in Subscription.objects.values("kind", "frequency").annotate(
            confirmed=Count("pk", filter=Q(confirmed_at__isnull=False)),
            unconfirmed=Count("pk", filter=Q(confirmed_at__isnull=True)),
        )
    }
    rows = []
    for kind, kind_label in Subscription.Kind.choices:
        for frequency, frequency_label in Frequency.choices:
            found = counts.get((kind, frequency), {})
            rows.append(
                {
                    "kind": kind_label,
                    "frequency": frequency_label,
                    "confirmed": found.get("confirmed", 0),
                    "unconfirmed": found.get("unconfirmed", 0),
                }
            )
    problems = OutgoingMail.objects.filter(
        Q(status=OutgoingMail.Status.FAILED)
        | Q(status=OutgoingMail.Status.QUEUED, attempts__gt=0)
    ).order_by("-pk")[:30]
    return TemplateResponse(
        request,
        "alerts/admin/dashboard.html",
        {
            "rows": rows,
            "subscribers": Subscriber.objects.count(),
            "health": queue_health(),
            "by_kind": OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED)
            .values("kind")
            .annotate(n=Count("pk"))
            .order_by("kind"),
            "problems": problems,
            "suspended": RefusedAddress.objects.filter(suspended=True).order_by(
                "-last_refused_at"
            )[:30],
            "can_manage": request.user.has_perm(MANAGE_PERMISSION),
            "erase_form": EraseForm(),
        },
    )


def _manager(request) -> None:
    if not request.user.has_perm(MANAGE_PERMISSION):
        raise PermissionDenied


@require_POST
def pause(request, paused: bool):
    _manager(request)
    settings = MailSettings.load()
    settings.paused = paused
    settings.save()
    messages.success(
        request,
        _("All sending is paused: mail waits in the queue.")
        if paused
        else _("Sending resumed: the queue goes out on the next run."),
    )
    return redirect("alerts_dashboard")


@require_POST
def retry_failed(request):
    _manager(request)
    count = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED).update(
        status=OutgoingMail.Status.QUEUED, attempts=0, next_attempt_at=_now()
    )
    messages.success(request, _("%(count)d mails queued again.") % {"count": count})
    return redirect("alerts_dashboard")


@require_POST
def unsuspend(request, pk: int):
    _manager(request)
    RefusedAddress.objects.filter(pk=pk).delete()
    messages.success(request, _("The address receives mail again."))
    return redirect("alerts_dashboard")


@require_POST
def erase(request):
    """A citizen's request to erase their address, made to the webmaster."""
    _manager(request)
    form = EraseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Enter a valid e-mail address."))
        return redirect("alerts_dashboard")
    email = normalise_address(form.cleaned_data["email"])
    with transaction.atomic():
        subscribers, _d = Subscriber.objects.filter(email=email).delete()
        mails, _d = OutgoingMail.objects.filter(to=email).delete()
        RefusedAddress.objects.filter(email=email).delete()
    messages.success(
        request,
        _("Erased: %(subscriptions)d records of subscriptions and %(mails)d mails.")
        % {"subscriptions": subscribers, "mails": mails},
    )
    return redirect("alerts_dashboard")


def _now():
    from django.utils import timezone

    return timezone.now()
