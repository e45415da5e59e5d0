"""Subscription requests are counted per address and per client in the shared cache: a form filled
in by a script runs out of tries long before it can flood anyone."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from workgroups.throttling import client_ip

WINDOW_SECONDS = 3600


def _hit(key, limit):
    """Count one request under ``key``; False when the limit for the window is already reached."""
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count <= limit


def allow_request(request, email):
    address = hashlib.sha256(email.encode()).hexdigest()
    by_client = _hit(f"alerts:client:{client_ip(request)}", settings.STL_ALERTS_REQUESTS_PER_CLIENT)
    by_address = _hit(f"alerts:address:{address}", settings.STL_ALERTS_REQUESTS_PER_ADDRESS)
    return by_client and by_address
