"""Who is asking: the client's address, behind as many proxies as settings trust."""

import hashlib
import hmac

from django.conf import settings


def client_ip(request) -> str:
    """The client's IP address.

    Behind nginx, REMOTE_ADDR is the proxy; set ``PORTAL_TRUSTED_PROXIES`` to the number
    of proxies in front of Django, and the address is taken from that position of
    X-Forwarded-For counted from the right (the part a client cannot forge).
    """
    proxies = getattr(settings, "PORTAL_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def visitor_key(request) -> str:
    """A short keyed hash of address and browser: distinct visitors without storing
    their address or setting a cookie."""
    raw = f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:256]}"
    return hmac.new(
        settings.SECRET_KEY.encode(), raw.encode(), hashlib.blake2s
    ).hexdigest()[:16]
