"""Keyed digests and the portal's public address, for what the portal stores or mails instead of
a request: one way to remember a secret (a confirmation key, an address, a client) without keeping
it, and one way to write a link that leaves the site."""

from django.conf import settings
from django.utils.crypto import salted_hmac


def keyed_digest(value, purpose="stl"):
    """An HMAC-SHA256 of ``value`` under the secret key and ``purpose`` (Django's salted_hmac)."""
    return salted_hmac(f"portal-stl.{purpose}", str(value), algorithm="sha256").hexdigest()


def public_url(path=""):
    """``path`` on the portal's public address (``STL_PUBLIC_URL``), for e-mail and documents."""
    return settings.STL_PUBLIC_URL.rstrip("/") + path
