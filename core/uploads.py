"""Checks for files members upload (minutes, evidence, document versions).

A file is judged by its content, never by its name or the browser's content type: a PDF must start
with ``%PDF-`` and contain an end-of-file marker, images must carry their magic numbers. The stored
name is generated, so names such as ``../x`` or ``informe.pdf.html`` never reach the disk.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# kind → (extension, check of the first bytes)
SIGNATURES = {
    "pdf": ("pdf", lambda head: head.startswith(b"%PDF-")),
    "png": ("png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    "jpeg": ("jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
}
KIND_NAMES = {"pdf": "PDF", "png": "PNG", "jpeg": "JPEG"}


def max_upload_bytes():
    return getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024)


def sniff(uploaded):
    """The kind of an uploaded file by its first bytes, or None."""
    uploaded.seek(0)
    head = uploaded.read(16)
    uploaded.seek(0)
    for kind, (_ext, matches) in SIGNATURES.items():
        if matches(head):
            return kind
    return None


def _looks_complete_pdf(uploaded):
    # A real PDF ends with %%EOF (within the last kilobyte); HTML renamed to .pdf does not.
    size = uploaded.size
    uploaded.seek(max(0, size - 1024))
    tail = uploaded.read()
    uploaded.seek(0)
    return b"%%EOF" in tail


def check_upload(uploaded, kinds=("pdf",)):
    """Validate an uploaded file; returns its kind. Raises ValidationError with a Spanish message."""
    if uploaded is None:
        return None
    limit = max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("El archivo pesa %(size)s MB; el máximo es %(limit)s MB."),
            code="too_big",
            params={"size": f"{uploaded.size / 1048576:.1f}", "limit": limit // 1048576},
        )
    if uploaded.size == 0:
        raise ValidationError(_("El archivo está vacío."), code="empty")
    kind = sniff(uploaded)
    if kind not in kinds or (kind == "pdf" and not _looks_complete_pdf(uploaded)):
        allowed = ", ".join(KIND_NAMES[k] for k in kinds)
        raise ValidationError(
            _("El archivo no es un %(allowed)s válido (se revisa su contenido, no su nombre)."),
            code="bad_type",
            params={"allowed": allowed},
        )
    return kind


def checked(uploaded, kinds=("pdf",)):
    """Check the file and give it a neutral name whose extension comes from its content.

    The models' ``upload_to`` functions then store it under a generated name in their own folder.
    """
    kind = check_upload(uploaded, kinds)
    if kind:
        uploaded.name = f"archivo.{SIGNATURES[kind][0]}"
    return uploaded
