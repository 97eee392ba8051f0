"""The client's address behind the reverse proxies the settings trust."""

from django.conf import settings


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
