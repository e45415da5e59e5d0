"""Small pieces the public pages share: pagination that never fails, file downloads of public
records, the «last changed» moment of the record, and ETag / Last-Modified of the public files."""

import functools
import hashlib
import mimetypes
import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag

from core.generation import current_generation

PAGE_SIZE = 20
PUBLIC_FILE_SECONDS = 3600


def paginate(request, queryset, per_page=PAGE_SIZE):
    """A page of ``queryset``; junk, negative or huge page numbers give the first or last page."""
    paginator = Paginator(queryset, per_page)
    page = paginator.get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return page, query.urlencode()


def serve_file(field_file, download_name):
    """Stream a stored file (minutes, a document version, evidence) or answer 404."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as error:
        raise Http404 from error
    extension = field_file.name.rsplit(".", 1)[-1].lower() if "." in field_file.name else "bin"
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    return FileResponse(handle, as_attachment=True, filename=f"{download_name}.{extension}",
                        content_type=content_type)


def history_models():
    """Every history table of the portal's records (one per tracked model)."""
    return [model for model in apps.get_models()
            if model._meta.app_label in settings.STL_RECORD_APPS and model.__name__.startswith("Historical")]


def record_last_changed(request=None, *args, **kwargs):
    """When anything in the record last changed: the newest history row. History rows also record
    deletions, which the records' own ``updated_at`` cannot show."""
    latest = None
    for model in history_models():
        value = model.objects.aggregate(latest=Max("history_date"))["latest"]
        if value and (latest is None or value > latest):
            latest = value
    return latest


def public_file(view):
    """ETag and Last-Modified for a file built from the public record (open data, feeds, calendars),
    and the built file kept in the cache under the write generation (``core/generation.py``).

    Any committed write changes the generation, so the file is rebuilt from committed data at once
    (never an hour late because a slow transaction's history row carries an older time). The ETag
    is a hash of the file's bytes, so a write that does not change the public file (a draft, a
    private session) keeps the ETag; Last-Modified moves only when the bytes change.
    """

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        # The scheme and host too: feeds and calendars hold absolute links.
        address = f"{request.scheme}://{request.get_host()}{request.path}?{request.META.get('QUERY_STRING', '')}"
        digest = hashlib.sha256(address.encode("utf-8", "surrogatepass")).hexdigest()
        key = f"stl:public-file:{current_generation()}:{digest}"
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            etag = hashlib.sha256(response.content).hexdigest()[:32]
            stored = (response, etag, _last_modified(digest, etag))
            cache.set(key, stored, PUBLIC_FILE_SECONDS)
        response, etag, last_modified = stored
        quoted = quote_etag(etag)
        conditional = get_conditional_response(request, etag=quoted, last_modified=last_modified,
                                               response=response)
        if conditional is not response:
            return conditional
        response["ETag"] = quoted
        response["Last-Modified"] = http_date(last_modified)
        return response

    return wrapped


def _last_modified(digest, etag):
    """When these bytes were first served: kept with the ETag it belongs to; a new ETag gets the
    present moment (always later than the one before, so If-Modified-Since never hides a change)."""
    meta_key = f"stl:public-file-meta:{digest}"
    meta = cache.get(meta_key)
    if meta is not None and meta[0] == etag:
        return meta[1]
    moment = int(time.time())
    if meta is not None:
        moment = max(moment, meta[1] + 1)
    cache.set(meta_key, (etag, moment), None)
    return moment


def show_counts(field, counts):
    """Write «label (n)» on every option of a filter's choice field; ``counts`` maps an option's value
    (the ``to_field_name`` of a model choice, the key of a plain choice) to how many records it has.
    The empty «Todos» option stays as it is."""
    from django import forms

    if isinstance(field, forms.ModelChoiceField):
        key = field.to_field_name or "pk"
        plain = field.label_from_instance
        field.label_from_instance = lambda obj: f"{plain(obj)} ({counts.get(getattr(obj, key), 0)})"
    else:
        field.choices = [(value, f"{label} ({counts.get(value, 0)})" if value else label)
                         for value, label in field.choices]
