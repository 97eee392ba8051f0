"""Who is asking: the client's address, behind as many proxies as settings trust."""

import hashlib
from functools import lru_cache

from django.conf import settings

from portal.core.proxies import client_ip as core_client_ip


def client_ip(request) -> str:
    """The client's IP address, behind as many proxies as PORTAL_TRUSTED_PROXY_COUNT
    says (the one rule the admin login lockout uses too)."""
    return core_client_ip(request) or "unknown"


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
