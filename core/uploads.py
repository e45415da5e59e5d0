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


def _looks_like_svg(uploaded):
    uploaded.seek(0)
    head = uploaded.read(512).lstrip().lower()
    uploaded.seek(0)
    return head.startswith((b"<?xml", b"<svg", b"<!doctype svg")) or b"<svg" in head


def _check_image(uploaded, max_pixels):
    """The image must decode (Pillow) and stay within ``max_pixels``: a PNG header glued to
    anything else, or a decompression bomb, is refused."""
    from PIL import Image

    invalid = ValidationError(_("La imagen está dañada o no se puede leer."), code="bad_image")
    try:
        uploaded.seek(0)
        with Image.open(uploaded) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    _("La imagen mide %(width)s × %(height)s píxeles; es demasiado grande."),
                    code="too_many_pixels", params={"width": width, "height": height})
            image.verify()
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for a broken file
        raise invalid from error
    finally:
        uploaded.seek(0)


def check_upload(uploaded, kinds=("pdf",), max_bytes=None, max_pixels=None):
    """Validate an uploaded file; returns its kind. Raises ValidationError with a Spanish message.

    With ``max_pixels``, images (PNG, JPEG) must also decode within that size. SVG is never accepted
    (it can carry scripts), and the message says so."""
    if uploaded is None:
        return None
    limit = max_bytes or max_upload_bytes()
    if uploaded.size > limit:
        raise ValidationError(
            _("El archivo pesa %(size)s MB; el máximo es %(limit)s MB."),
            code="too_big",
            params={"size": f"{uploaded.size / 1048576:.1f}", "limit": f"{limit / 1048576:g}"},
        )
    if uploaded.size == 0:
        raise ValidationError(_("El archivo está vacío."), code="empty")
    kind = sniff(uploaded)
    if kind is None and _looks_like_svg(uploaded):
        raise ValidationError(_("No se aceptan imágenes SVG (pueden contener código); suba un PNG o JPEG."),
                              code="svg")
    if kind not in kinds or (kind == "pdf" and not _looks_complete_pdf(uploaded)):
        allowed = ", ".join(KIND_NAMES[k] for k in kinds)
        raise ValidationError(
            _("El archivo no es un %(allowed)s válido (se revisa su contenido, no su nombre)."),
            code="bad_type",
            params={"allowed": allowed},
        )
    if max_pixels and kind in ("png", "jpeg"):
        _check_image(uploaded, max_pixels)
    return kind


LOGO_MAX_BYTES = 1024 * 1024


def validate_logo(value):
    """Model-field validator of a logo: a newly uploaded file must be a readable PNG or JPEG of at
    most 1 MB and 4000 × 4000 px; it is then renamed after its content (the stored name is generated
    by the field's ``upload_to``). A file already stored is left alone."""
    if not value or getattr(value, "_committed", True):
        return
    uploaded = getattr(value, "file", value)
    kind = check_upload(uploaded, kinds=("png", "jpeg"), max_bytes=LOGO_MAX_BYTES, max_pixels=16_000_000)
    value.name = f"logotipo.{SIGNATURES[kind][0]}"


def checked(uploaded, kinds=("pdf",)):
    """Check the file and give it a neutral name whose extension comes from its content.

    The models' ``upload_to`` functions then store it under a generated name in their own folder.
    """
    kind = check_upload(uploaded, kinds)
    if kind:
        uploaded.name = f"archivo.{SIGNATURES[kind][0]}"
    return uploaded
