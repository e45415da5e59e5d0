"""Small helpers several test packages share."""

from urllib.parse import quote

from django.db import connection


def database_url_for_children():
    """A DATABASE_URL for a child process (a worker, a server) that points at this test's database."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings.get("USER") or "", safe="")
    password = quote(settings.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings.get("HOST") or "localhost"
    port = f":{settings['PORT']}" if settings.get("PORT") else ""
    return f"postgres://{auth}{host}{port}/{settings['NAME']}"


def png_bytes(size=(48, 48), colour=(138, 28, 74)):
    """A real, small PNG (Pillow), e.g. an STL's logo."""
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()
