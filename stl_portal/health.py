"""``/salud/``: is the portal able to serve? It asks the database for a real table.

For the proxy, the load balancer or a monitor: 200 with ``{"estado": "bien"}`` when the database
answers, 503 with ``{"estado": "sin servicio"}`` when it does not. Never cached, exempt from the HTTPS
redirect (a load balancer asks over plain http), and it says nothing about the installation beyond that.
"""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


def database_answers():
    """True when the database answers a query on a real table."""
    try:
        with connection.cursor() as cursor:
            # A real table, not "SELECT 1": SQLite would happily answer that from an empty new file.
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            cursor.fetchone()
    except DatabaseError:
        return False
    return True


@never_cache
@require_safe
def health(request):
    if not database_answers():
        return JsonResponse({"estado": "sin servicio", "base_de_datos": "sin conexión"}, status=503)
    return JsonResponse({"estado": "bien", "base_de_datos": "bien"})
