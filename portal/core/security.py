"""Admin login protection (django-axes) tuned for a portal behind a reverse proxy."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _


class LoginRateLimitBackend(AxesStandaloneBackend):
    """Counts and blocks failed logins that come through a web request.

    Logins without a request (management commands, ``Client.login`` in tests) are not
    web attempts: they are passed on to the next backend instead of being refused.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(
            request, username=username, password=password, **kwargs
        )


def client_ip(request) -> str | None:
    """The visitor's address: REMOTE_ADDR, or the address our own proxies saw.

    ``PORTAL_TRUSTED_PROXY_COUNT`` is the number of proxies in front of the app that
    append to X-Forwarded-For (1 for the nginx of docker-compose.yml). Entries left of
    those were written by the client and cannot be trusted.
    """
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXY_COUNT", 0)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if proxies and len(hops) >= proxies:
        return hops[-proxies]
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, credentials=None, *args, **kwargs):
    """The page shown after too many failed logins, in Vietnamese, with status 429."""
    cooloff = settings.AXES_COOLOFF_TIME
    minutes = int(cooloff.total_seconds() // 60) if cooloff else None
    return render(
        request,
        "core/lockout.html",
        {
            "lockout_minutes": minutes,
            "lockout_title": _("Too many failed login attempts"),
        },
        status=429,
    )
