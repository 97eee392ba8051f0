"""Who is asking: the client's address, behind as many proxies as settings trust."""

import hashlib
from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver


@lru_cache(maxsize=1)
def _trusted_proxies() -> int:
    # Read once: a missing setting costs an exception on every request otherwise.
    return int(getattr(settings, "PORTAL_TRUSTED_PROXIES", 0) or 0)


@receiver(setting_changed)
def _forget_settings(setting, **kwargs):
    if setting in {"PORTAL_TRUSTED_PROXIES", "SECRET_KEY"}:
        _trusted_proxies.cache_clear()


def client_ip(request) -> str:
    """The client's IP address.

    Behind nginx, REMOTE_ADDR is the proxy; set ``PORTAL_TRUSTED_PROXIES`` to the number
    of proxies in front of Django, and the address is taken from that position of
    X-Forwarded-For counted from the right (the part a client cannot forge).
    """
    proxies = _trusted_proxies()
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


@lru_cache(maxsize=4)
def _hash_key(secret: str) -> bytes:
    return hashlib.blake2s(secret.encode()).digest()


def visitor_identity(request) -> str:
    """Address and browser: who counts as one visitor. Kept in process memory only."""
    return f"{client_ip(request)}|{request.META.get('HTTP_USER_AGENT', '')[:256]}"


def hash_identity(identity: str) -> str:
    """A short keyed hash of a visitor identity, what the counter stores: distinct
    visitors without storing their address or setting a cookie. (Keyed BLAKE2s, not
    HMAC: one native call.)"""
    return hashlib.blake2s(
        identity.encode(), key=_hash_key(settings.SECRET_KEY), digest_size=8
    ).hexdigest()


def visitor_key(request) -> str:
    return hash_identity(visitor_identity(request))
