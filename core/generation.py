"""The write generation: a random token in the shared cache that every write to the portal's
records replaces (the signals are connected by ``stl_portal.cache``, right away and again when the
transaction commits). Whatever is cached from the records (public pages, open-data files) is keyed
by it, so nothing cached before a committed write is served after it, in any process or server.

It lives in ``core`` so that every layer can read it; only the project package decides when it
changes.
"""

import uuid

from django.core.cache import cache

GENERATION_KEY = "stl:page-generation"


def current_generation():
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    return generation


def bump_generation():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
