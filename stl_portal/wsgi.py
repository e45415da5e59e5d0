import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "stl_portal.settings")
django_application = get_wsgi_application()

# Pages cached for anonymous visitors are answered before Django builds a request (stl_portal/cache.py).
from stl_portal.cache import CachedPagesWSGI  # noqa: E402

application = CachedPagesWSGI(django_application)
