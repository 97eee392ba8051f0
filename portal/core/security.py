"""Admin login protection (django-axes) tuned for a portal behind a reverse proxy."""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext as _

# AXES_CLIENT_IP_CALLABLE names it here; it lives apart so that apps can read the
# client's address without importing django-axes, which a host may not install.
from .proxies import client_ip  # noqa: F401


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
