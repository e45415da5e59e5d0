"""Small pieces the public pages share: pagination that never fails, file downloads of public
records, and the «last changed» moment of the public record for ETag / Last-Modified."""

import hashlib
import mimetypes

from django.apps import apps
from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import FileResponse, Http404

PAGE_SIZE = 20



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


def record_etag(request=None, *args, **kwargs):
    latest = record_last_changed()
    base = f"{request.path if request else ''}|{latest.isoformat() if latest else 'vacío'}"
    return hashlib.sha256(base.encode()).hexdigest()[:32]


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
