"""An STL's identity (name, short name, logo, accent colour, contact and social links) for the pages,
feeds, calendars and PDFs that speak for it.

``current_stl(request)`` is the STL a request is about: ``request.stl`` when the per-STL site's
middleware set it, else the only STL of an installation that has exactly one, else None (a national
page speaks for no STL). ``Identity`` wraps it for templates; ``pdf_identity`` hands the logo's bytes
to ``core.pdf.render_pdf`` as an attachment, so WeasyPrint never opens the storage or a URL itself."""

import hashlib
from dataclasses import dataclass
from functools import cached_property

from django.urls import NoReverseMatch, get_script_prefix, reverse

from core.secrets import public_url
from core.uploads import sniff

from .models import Body
from .sites import root_prefix

LOGO_CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}


def only_stl():
    """The installation's STL when there is exactly one, else None."""
    stls = list(Body.objects.stls().order_by("pk")[:2])
    return stls[0] if len(stls) == 1 else None


def _in_view(request):
    """(the STL the request speaks for or None, whether several STLs' records may be in view), in
    one query, remembered on the request."""
    if request is not None and hasattr(request, "stl_count"):
        # The per-STL site's middleware already knows (stl_portal/sites.py): no query here.
        return request.stl, request.stl is None and request.stl_count > 1
    explicit = getattr(request, "stl", None) if request is not None else None
    if explicit is not None:
        return explicit, False
    memo = getattr(request, "_stl_in_view", None) if request is not None else None
    if memo is None:
        stls = list(Body.objects.stls().order_by("pk")[:2])
        memo = (stls[0] if len(stls) == 1 else None, len(stls) > 1)
        if request is not None:
            request._stl_in_view = memo
    return memo


def current_stl(request):
    """``request.stl`` (set by the per-STL site's middleware), else the only STL, else None."""
    return _in_view(request)[0]


def several_stls_in_view(request):
    """Whether a page may list records of more than one STL: no STL of its own (a national page)
    and more than one STL installed. Codes and sub-bodies then carry their STL's name."""
    return _in_view(request)[1]


def read_logo(stl):
    """(kind, bytes) of the STL's stored logo, checked again by content, or None."""
    if stl is None or not stl.logo:
        return None
    try:
        with stl.logo.storage.open(stl.logo.name, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        return None
    import io

    kind = sniff(io.BytesIO(data))
    return (kind, data) if kind in LOGO_CONTENT_TYPES else None


def logo_url(stl):
    """The public address of the STL's logo, versioned by the stored file's name (a new upload gets a
    new name, so caches never keep the old one), or ""."""
    if stl is None or not stl.logo:
        return ""
    try:
        url = reverse("public:stl_logo", args=[stl.identifier])
    except NoReverseMatch:
        return ""
    return f"{url}?v={_version(stl.logo.name)}"


def _version(name):
    """A short digest of the stored file's name: a new upload gets a new name, so a new address."""
    return hashlib.sha256(name.encode()).hexdigest()[:10]


def public_logo_url(identifier, name):
    """The absolute address (``STL_PUBLIC_URL``) of the logo stored as ``name`` of the STL
    ``identifier``, on the installation's plain addresses, for the open data; None without a logo."""
    if not name:
        return None
    path = reverse("public:stl_logo", args=[identifier])
    path = root_prefix() + path[len(get_script_prefix()):]
    return public_url(f"{path}?v={_version(name)}")


@dataclass
class Identity:
    stl: Body

    @property
    def name(self):
        return self.stl.name

    @property
    def short_name(self):
        return self.stl.short_name or self.stl.name

    @property
    def accent(self):
        return self.stl.accent or "guinda"

    @cached_property
    def logo_url(self):
        return logo_url(self.stl)

    @property
    def contact_email(self):
        return self.stl.contact_email

    @property
    def contact_phone(self):
        return self.stl.contact_phone

    @property
    def contact_address(self):
        return self.stl.contact_address

    @cached_property
    def social_links(self):
        return list(self.stl.social_links.all())

    @property
    def has_contact(self):
        return bool(self.contact_email or self.contact_phone or self.contact_address or self.social_links)


def identity_of(stl):
    return Identity(stl) if stl is not None else None


PDF_LOGO_NAME = {"png": "logotipo.png", "jpeg": "logotipo.jpg"}


def pdf_identity(stl):
    """Context for the PDFs' shared header (templates/_pdf_stl_header.html) and the attachments to
    pass to ``render_pdf``: ``(context, attachments)``."""
    from core.pdf import attachment_url

    context = {"pdf_stl": stl, "pdf_logo_url": ""}
    attachments = {}
    logo = read_logo(stl)
    if logo:
        kind, data = logo
        name = PDF_LOGO_NAME[kind]
        attachments[name] = data
        context["pdf_logo_url"] = attachment_url(name)
    return context, attachments
