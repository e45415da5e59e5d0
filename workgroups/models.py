"""Who is who: bodies (an STL, its operational group, its working tables), institutions,
people, seats and memberships, and the accounts members log in with."""

import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core import grammar
from core.certainty import certainty_field, check_certainty
from core.records import Record, check_period, field_error
from core.uploads import validate_logo

from . import states


class GrammarFields(models.Model):
    """The article and gender a name is read with in Spanish («el Instituto…», «la Contraloría…»);
    left empty, they are guessed from the name (core/grammar.py)."""

    class Article(models.TextChoices):
        EL = "el", "el"
        LA = "la", "la"
        LOS = "los", "los"
        LAS = "las", "las"
        NONE = grammar.NO_ARTICLE, _("sin artículo")

    class Gender(models.TextChoices):
        MASCULINE = grammar.MASCULINE, _("masculino")
        FEMININE = grammar.FEMININE, _("femenino")

    article = models.CharField(
        _("artículo"), max_length=3, choices=Article.choices, blank=True,
        help_text=_("Con el que se lee el nombre: «el» Instituto, «la» Contraloría. Vacío: se deduce del nombre."),
    )
    gender = models.CharField(
        _("género gramatical"), max_length=1, choices=Gender.choices, blank=True,
        help_text=_("Vacío: se deduce del artículo o del nombre."),
    )

    class Meta:
        abstract = True

    @property
    def grammatical_article(self):
        return self.article or grammar.guess_article(self.name)

    @property
    def grammatical_gender(self):
        if self.gender:
            return self.gender
        if self.article in grammar.ARTICLES:
            return grammar.gender_of_article(self.article)
        return grammar.guess_gender(self.name)


class OwnedOrShared(models.Model):
    """Whose record an institution or a person is: one STL's (the open-data file of that STL carries
    it), or, with a key, shared by every STL of the installation (a national body, a state court),
    which files refer to by that key. Neither (records written before this existed, used by several
    STLs) travels with the file of each STL that uses it."""

    stl = models.ForeignKey(
        "workgroups.Body", verbose_name=_("secretariado"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", limit_choices_to={"kind": "stl"},
        help_text=_("El secretariado al que pertenece. Vacío si es compartido (tiene clave)."),
    )
    key = models.SlugField(
        _("clave compartida"), max_length=60, unique=True, null=True, blank=True,
        help_text=_("Solo para lo que comparten todos los secretariados de la instalación (un organismo "
                    "nacional, un tribunal del estado), p. ej. «scjn». La fija el personal; los archivos de "
                    "datos abiertos de cada secretariado la citan y, al importarlos, se reconoce por ella."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.key = self.key or None
        super().save(*args, **kwargs)

    def clean_ownership(self):
        self.key = self.key or None
        if self.key and self.stl_id:
            raise field_error("stl", _("Lo que tiene clave compartida no pertenece a un solo secretariado; "
                                       "deje vacío el secretariado o quite la clave."), "shared_and_owned")
        if self.stl_id and self.stl.kind != "stl":
            raise field_error("stl", _("Debe ser un secretariado, no uno de sus órganos."), "not_an_stl")

    @property
    def is_shared(self):
        return bool(self.key)


class Institution(GrammarFields, OwnedOrShared, Record):
    class Kind(models.TextChoices):
        GUARANTOR = "guarantor", _("Órgano garante")
        PUBLIC_BODY = "public_body", _("Ente público")
        CIVIL_SOCIETY = "civil_society", _("Sociedad civil")
        ACADEMIA = "academia", _("Academia")
        OTHER = "other", _("Otra")

    name = models.CharField(_("nombre"), max_length=300,
                            help_text=_("p. ej. «Instituto Electoral del Estado de México»"))
    acronym = models.CharField(_("siglas"), max_length=40, blank=True, help_text=_("p. ej. «IEEM»"))
    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.PUBLIC_BODY)
    website = models.URLField(_("sitio web"), blank=True)
    # Institutions dissolved by law (transparency bodies since 2025) end on a date; their seats, open
    # commitments and the axes they lead pass to the successor from then (cocreation/succession.py).
    # What was recorded before keeps the old institution, so every page shows the name of its date.
    ended_on = models.DateField(_("se extinguió el"), null=True, blank=True)
    successor = models.ForeignKey("self", verbose_name=_("institución que la sucede"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="predecessors")

    class Meta:
        verbose_name = _("institución")
        verbose_name_plural = _("instituciones")
        ordering = ["name"]

    def __str__(self):
        return self.acronym or self.name

    def identifier_source(self):
        return self.acronym or self.name

    @property
    def display_name(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def short_label(self):
        """The acronym, read with the article of the full name («el IEEM»), else the name."""
        return grammar.Named(self.acronym or self.name, self.grammatical_article)

    def clean(self):
        self.clean_ownership()
        if self.successor_id and not self.ended_on:
            raise field_error("ended_on", _("Indique desde cuándo la sucede otra institución."), "date_missing")
        if self.successor_id and self.successor_id == self.pk:
            raise field_error("successor", _("Una institución no se sucede a sí misma."), "self_successor")


def logo_path(instance, filename):
    """Logos are stored under a generated name whose extension comes from the checked content."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    extension = extension if extension in ("png", "jpg") else "bin"
    return f"logotipos/{uuid.uuid4().hex}.{extension}"


# The accent colours an STL may choose: the tokens ``--stl-accent-<value>`` of static/css/portal.css
# (docs/design.md), each dark enough for white text on it and for text of its colour on white (AA).
class Accent(models.TextChoices):
    GUINDA = "guinda", _("Guinda")
    AZUL = "azul", _("Azul")
    VERDE = "verde", _("Verde")
    MORADO = "morado", _("Morado")
    TERRACOTA = "terracota", _("Terracota")
    GRAFITO = "grafito", _("Grafito")


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-.]{7,30}( ?(ext\.?|extensión) ?[0-9]{1,6})?$",
    _("Escriba el teléfono con números, espacios, guiones o paréntesis, p. ej. «+52 722 123 4567»."),
    code="bad_phone",
)


class BodyQuerySet(models.QuerySet):
    def stls(self):
        return self.filter(kind=Body.Kind.STL)


class Body(GrammarFields, Record):
    class Kind(models.TextChoices):
        STL = "stl", _("Secretariado Técnico Local")
        OPERATIONAL_GROUP = "operational_group", _("Grupo operativo de trabajo")
        WORKING_TABLE = "working_table", _("Mesa de trabajo")

    class Numbering(models.TextChoices):
        ANNUAL = "annual", _("Por año (la numeración reinicia cada año)")
        CONTINUOUS = "continuous", _("Continua (la numeración sigue de un año a otro)")

    kind = models.CharField(_("tipo"), max_length=20, choices=Kind.choices, default=Kind.STL)
    name = models.CharField(
        _("nombre"), max_length=300,
        help_text=_("p. ej. «Secretariado Técnico Local de Gobierno Abierto del Estado de México»"),
    )
    short_name = models.CharField(_("nombre corto"), max_length=80, blank=True,
                                  help_text=_("p. ej. «STL Estado de México»"))
    jurisdiction = models.CharField(_("entidad"), max_length=120, blank=True,
                                    help_text=_("p. ej. «Estado de México»"))
    state = models.CharField(
        _("entidad federativa"), max_length=2, choices=states.CHOICES, blank=True,
        help_text=_("La entidad del secretariado (clave del INEGI), para el mapa de la página nacional. "
                    "Vacío: se deduce de «entidad»."),
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("secretariado al que pertenece"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="children",
        help_text=_("El grupo operativo y las mesas de trabajo pertenecen a un secretariado."),
    )
    description = models.TextField(_("descripción"), blank=True)
    quorum_seats = models.PositiveSmallIntegerField(
        _("asientos necesarios para el quórum"), null=True, blank=True,
        help_text=_("Déjelo vacío para la regla general: más de la mitad de los asientos con voto."),
    )
    session_numbering = models.CharField(
        _("numeración de las sesiones"), max_length=12, choices=Numbering.choices,
        default=Numbering.ANNUAL,
    )
    session_prefix = models.CharField(
        _("prefijo de las claves de acuerdo"), max_length=20, blank=True,
        help_text=_("p. ej. «STL» para claves como STL/SO/03/2020-01"),
    )

    notice_days = models.PositiveSmallIntegerField(
        _("días de anticipación de la convocatoria"), default=5,
        help_text=_("Días naturales antes de una sesión ordinaria en que debe publicarse su convocatoria, p. ej. 5."),
    )
    notice_days_extraordinary = models.PositiveSmallIntegerField(
        _("días de anticipación de una convocatoria extraordinaria"), default=1,
        help_text=_("Para sesiones extraordinarias, reuniones y eventos, p. ej. 1."),
    )

    # The STL's identity (only an STL uses these): shown in the public header and footer, the feeds,
    # calendars and PDFs (workgroups/identity.py).
    logo = models.FileField(
        _("logotipo"), upload_to=logo_path, blank=True, max_length=200, validators=[validate_logo],
        help_text=_("PNG o JPEG de hasta 1 MB, de preferencia cuadrado; se revisa su contenido. "
                    "No se aceptan SVG."),
    )
    accent = models.CharField(
        _("color"), max_length=20, choices=Accent.choices, default=Accent.GUINDA,
        help_text=_("Color de acento del portal público, de la paleta accesible del diseño."),
    )
    contact_email = models.EmailField(_("correo de contacto"), blank=True,
                                      help_text=_("Se publica en el pie de página."))
    contact_phone = models.CharField(_("teléfono de contacto"), max_length=40, blank=True,
                                     validators=[phone_validator], help_text=_("p. ej. «+52 722 123 4567»"))
    contact_address = models.TextField(_("domicilio"), blank=True, max_length=400,
                                       help_text=_("Domicilio postal de la secretaría técnica."))

    objects = BodyQuerySet.as_manager()

    class Meta:
        verbose_name = _("órgano")
        verbose_name_plural = _("órganos")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name

    def get_absolute_url(self):
        return reverse("public:body_detail", args=[self.identifier])

    def clean(self):
        if self.kind == self.Kind.STL and self.parent_id:
            raise ValidationError({"parent": _("Un secretariado no pertenece a otro órgano.")})
        if self.kind != self.Kind.STL:
            if not self.parent_id:
                raise ValidationError(
                    {"parent": _("El grupo operativo y las mesas de trabajo pertenecen a un secretariado.")}
                )
            if self.parent.kind != self.Kind.STL:
                raise ValidationError({"parent": _("El órgano superior debe ser un secretariado.")})
            if self.state:
                raise ValidationError({"state": _("Solo el secretariado tiene entidad federativa; el grupo "
                                                  "operativo y las mesas de trabajo son de la suya.")})

    @property
    def state_code(self):
        """The STL's state: the one chosen, else the one its «entidad» names (or "")."""
        return self.state or states.state_from_text(self.jurisdiction)

    @property
    def site_url(self):
        """The home of this STL's own public site (``/stl/<identifier>/``)."""
        from .sites import root_prefix

        return f"{root_prefix()}stl/{self.stl.identifier}/"

    @property
    def name_with_stl(self):
        """A sub-body with its STL («Grupo operativo — STL Chihuahua»); an STL by its own name."""
        return f"{self} — {self.stl_label}" if self.parent_id else str(self)

    @property
    def stl_label(self):
        """The STL's short name, to say whose record this is where several STLs are shown together."""
        stl = self.stl
        return stl.short_name or stl.name

    @property
    def stl(self):
        """The STL this body belongs to (itself for an STL)."""
        return self if self.kind == self.Kind.STL or self.parent_id is None else self.parent

    @property
    def stl_id(self):
        return self.pk if self.kind == self.Kind.STL or self.parent_id is None else self.parent_id

    def voting_seats(self):
        return self.seats.filter(counts_for_quorum=True)

    def notice_days_for(self, kind):
        """Days of notice a session of ``kind`` needs: the ordinary rule, or the shorter one."""
        return self.notice_days if kind in ("ordinary", "installation") else self.notice_days_extraordinary

    def quorum_required(self, seat_count=None):
        """Seats that must be present: the body's own rule, else more than half."""
        if seat_count is None:
            seat_count = self.voting_seats().count()
        if self.quorum_seats:
            return self.quorum_seats
        return seat_count // 2 + 1


class SocialLink(Record):
    """One of an STL's social network profiles, shown in the public footer."""

    class Network(models.TextChoices):
        FACEBOOK = "facebook", "Facebook"
        X = "x", "X (Twitter)"
        INSTAGRAM = "instagram", "Instagram"
        YOUTUBE = "youtube", "YouTube"
        LINKEDIN = "linkedin", "LinkedIn"
        TIKTOK = "tiktok", "TikTok"
        MASTODON = "mastodon", "Mastodon"
        WEBSITE = "website", _("Sitio web")

    # The host names each network's profiles live on (any subdomain too); Mastodon and a website may
    # be anywhere.
    HOSTS = {
        Network.FACEBOOK: ("facebook.com", "fb.com"),
        Network.X: ("x.com", "twitter.com"),
        Network.INSTAGRAM: ("instagram.com",),
        Network.YOUTUBE: ("youtube.com",),
        Network.LINKEDIN: ("linkedin.com",),
        Network.TIKTOK: ("tiktok.com",),
    }

    stl = models.ForeignKey("Body", verbose_name=_("secretariado"), on_delete=models.CASCADE,
                            related_name="social_links", limit_choices_to={"kind": "stl"})
    network = models.CharField(_("red"), max_length=20, choices=Network.choices)
    url = models.URLField(_("dirección"), max_length=300, help_text=_("p. ej. «https://x.com/stl_edomex»"))
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("red social")
        verbose_name_plural = _("redes sociales")
        ordering = ["stl", "order", "network"]
        constraints = [
            models.UniqueConstraint(fields=["stl", "url"], name="social_link_unique_per_stl",
                                    violation_error_message=_("Esa dirección ya está en la lista."),
                                    violation_error_code="duplicate"),
        ]

    def __str__(self):
        return f"{self.get_network_display()}: {self.url}"

    def identifier_source(self):
        return f"{self.network}"

    def clean(self):
        if self.stl_id and self.stl.kind != Body.Kind.STL:
            raise field_error("stl", _("Las redes sociales son de un secretariado."), "not_stl")
        if not self.url:
            return
        parts = urlsplit(self.url)
        if parts.scheme != "https":
            raise field_error("url", _("La dirección debe empezar con «https://»."), "not_https")
        hosts = self.HOSTS.get(self.network)
        host = (parts.hostname or "").lower()
        if hosts and not any(host == known or host.endswith("." + known) for known in hosts):
            raise field_error("url", _("Esa dirección no es de %(network)s.")
                              % {"network": self.get_network_display()}, "wrong_host")


class Seat(Record):
    """A post on a body (Popolo Post): e.g. «Representante de los entes públicos»."""

    class Role(models.TextChoices):
        GUARANTOR = "guarantor", _("Representante del órgano garante")
        PUBLIC_BODIES = "public_bodies", _("Representante de los entes públicos")
        CIVIL_SOCIETY = "civil_society", _("Representante de la sociedad civil")
        FACILITATOR = "facilitator", _("Facilitador")
        OTHER = "other", _("Otro")

    body = models.ForeignKey(Body, verbose_name=_("órgano"), on_delete=models.PROTECT,
                             related_name="seats")
    label = models.CharField(_("nombre del asiento"), max_length=200,
                             help_text=_("p. ej. «Representante de los entes públicos»"))
    role = models.CharField(_("carácter"), max_length=20, choices=Role.choices, default=Role.OTHER)
    counts_for_quorum = models.BooleanField(_("cuenta para el quórum y vota"), default=True)
    order = models.PositiveSmallIntegerField(_("orden"), default=0)

    class Meta:
        verbose_name = _("asiento")
        verbose_name_plural = _("asientos")
        ordering = ["body", "order", "label"]

    def __str__(self):
        return self.label

    def members_on(self, day, role=None):
        qs = self.memberships.active_on(day)
        return qs.filter(role=role) if role else qs


class Person(OwnedOrShared, Record):
    name = models.CharField(_("nombre"), max_length=200)
    email = models.EmailField(_("correo electrónico"), blank=True,
                              help_text=_("Nunca se publica."))
    institution = models.ForeignKey(
        Institution, verbose_name=_("institución"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="staff",
        help_text=_("Institución para la que trabaja, si la hay."),
    )

    class Meta:
        verbose_name = _("persona")
        verbose_name_plural = _("personas")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        self.clean_ownership()


class MembershipQuerySet(models.QuerySet):
    def active_on(self, day):
        return self.filter(Q(start_date__lte=day) | Q(start_date__isnull=True)).filter(
            Q(end_date__gte=day) | Q(end_date__isnull=True)
        )


class Membership(Record):
    """A person on a body, on behalf of an institution, for a period (Popolo Membership)."""

    class Role(models.TextChoices):
        HOLDER = "holder", _("Titular")
        ALTERNATE = "alternate", _("Suplente")
        PARTICIPANT = "participant", _("Integrante")

    body = models.ForeignKey(Body, verbose_name=_("órgano"), on_delete=models.PROTECT,
                             related_name="memberships")
    seat = models.ForeignKey(Seat, verbose_name=_("asiento"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="memberships")
    person = models.ForeignKey(Person, verbose_name=_("persona"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="memberships",
                               help_text=_("Puede quedar vacío si solo se conoce la institución."))
    institution = models.ForeignKey(Institution, verbose_name=_("en representación de"), null=True,
                                    blank=True, on_delete=models.PROTECT, related_name="memberships",
                                    help_text=_("Vacío cuando el asiento no representa a una institución, "
                                                "p. ej. la sociedad civil o el facilitador."))
    role = models.CharField(_("calidad"), max_length=12, choices=Role.choices, default=Role.HOLDER)
    label = models.CharField(_("cargo"), max_length=200, blank=True,
                             help_text=_("p. ej. «Representante Suplente de los Entes Públicos»"))
    start_date = models.DateField(_("desde"), null=True, blank=True)
    start_date_certainty = certainty_field(_("certeza del inicio"))
    end_date = models.DateField(_("hasta"), null=True, blank=True)
    end_date_certainty = certainty_field(_("certeza del término"))

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("integración")
        verbose_name_plural = _("integraciones")
        ordering = ["body", "seat__order", "role", "start_date"]

    def __str__(self):
        who = self.person or self.institution or self.label
        where = self.seat or self.body
        return f"{who} — {self.get_role_display()} — {where}"

    def clean(self):
        check_period(self.start_date, self.end_date)
        check_certainty(self, "start_date", "end_date")
        if self.seat_id and self.body_id and self.seat.body_id != self.body_id:
            raise ValidationError({"seat": _("El asiento pertenece a otro órgano.")})
        if self.role in (self.Role.HOLDER, self.Role.ALTERNATE) and not self.seat_id:
            raise ValidationError({"seat": _("Titulares y suplentes ocupan un asiento.")})
        if self.seat_id and self.role in (self.Role.HOLDER, self.Role.ALTERNATE):
            self._check_no_overlap()

    def _check_no_overlap(self):
        """One holder and one alternate per seat at a time."""
        others = Membership.objects.filter(seat_id=self.seat_id, role=self.role).exclude(pk=self.pk)
        if self.end_date:
            others = others.filter(Q(start_date__lte=self.end_date) | Q(start_date__isnull=True))
        if self.start_date:
            others = others.filter(Q(end_date__gte=self.start_date) | Q(end_date__isnull=True))
        if others.exists():
            raise field_error("start_date", _("Ese asiento ya tiene %(role)s en esas fechas.")
                 % {"role": self.get_role_display().lower()}, "overlap")

    def is_active_on(self, day):
        return (self.start_date is None or self.start_date <= day) and (
            self.end_date is None or self.end_date >= day
        )


class Account(Record):
    """The link between a login and the STL work it may do."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Integrante")
        FACILITATOR = "facilitator", _("Facilitador")
        STAFF = "staff", _("Personal (informes y cuentas)")
        MONITOR = "monitor", _("Seguimiento y evaluación (indicadores del MRI)")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("usuario"),
                                on_delete=models.PROTECT, related_name="account")
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.PROTECT,
                            related_name="accounts", limit_choices_to={"kind": Body.Kind.STL})
    institution = models.ForeignKey(Institution, verbose_name=_("institución"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="accounts")
    person = models.ForeignKey(Person, verbose_name=_("persona"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="accounts")
    role = models.CharField(_("rol"), max_length=12, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("cuenta")
        verbose_name_plural = _("cuentas")
        ordering = ["stl", "user__username"]

    def __str__(self):
        return f"{self.user.get_username()} ({self.get_role_display()}, {self.stl})"

    def identifier_source(self):
        return f"cuenta-{self.user.get_username()}"

    def clean(self):
        if self.stl_id and self.stl.kind != Body.Kind.STL:
            raise ValidationError({"stl": _("Una cuenta pertenece a un secretariado.")})
        if self.role == self.Role.MEMBER and not self.institution_id:
            raise ValidationError({"institution": _("Un integrante actúa por una institución.")})

    @property
    def sees_everything_of_stl(self):
        return self.role in (self.Role.FACILITATOR, self.Role.STAFF)

    def deactivate(self):
        """Accounts are never deleted, so history keeps its authors."""
        self.user.is_active = False
        self.user.save(update_fields=["is_active"])
        self.save()


class StlHost(Record):
    """A host name that serves one STL's public site at the plain addresses («gobiernoabierto.chihuahua.gob.mx»
    → the STL of Chihuahua), instead of ``/stl/<identifier>/`` of the shared installation. The
    server must answer that name (``DJANGO_ALLOWED_HOSTS`` and the proxy's certificate)."""

    host = models.CharField(
        _("nombre de host"), max_length=253, unique=True,
        help_text=_("Sin «https://» ni ruta, p. ej. «gobiernoabierto.chihuahua.gob.mx». Debe estar también en "
                    "DJANGO_ALLOWED_HOSTS."),
    )
    stl = models.ForeignKey(Body, verbose_name=_("secretariado"), on_delete=models.CASCADE, related_name="hosts",
                            limit_choices_to={"kind": Body.Kind.STL})

    class Meta:
        verbose_name = _("host de un secretariado")
        verbose_name_plural = _("hosts de los secretariados")
        ordering = ["host"]

    def __str__(self):
        return self.host

    def identifier_source(self):
        return self.host

    def clean(self):
        host = (self.host or "").strip().lower().rstrip(".")
        if not HOST_NAME.fullmatch(host):
            raise field_error("host", _("Escriba solo el nombre de host, p. ej. «gobiernoabierto.chihuahua.gob.mx», "
                                        "sin «https://», puerto ni ruta."), "host_invalid")
        self.host = host
        if self.stl_id and self.stl.kind != Body.Kind.STL:
            raise field_error("stl", _("El host lleva al sitio de un secretariado."), "not_stl")


HOST_NAME = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*")
