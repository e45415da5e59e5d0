"""What every record of the four apps shares: a stable public identifier, a revision counter
for optimistic locking, and its history (django-simple-history)."""

import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def new_identifier(text=""):
    """A readable, unique-enough identifier: a slug of the text and a random suffix."""
    base = slugify(text)[:60].strip("-") or "registro"
    return f"{base}-{secrets.token_hex(4)}"


class StaleRecordError(ValidationError):
    """Raised when somebody saved the record after the form was opened."""


class Record(models.Model):
    identifier = models.SlugField(
        _("identificador"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Identificador estable en los datos abiertos y en las direcciones web, "
                    "p. ej. «stl-edomex». Se genera si se deja vacío."),
    )
    revision = models.PositiveIntegerField(_("revisión"), default=0, editable=False)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.identifier:
            self.identifier = new_identifier(self.identifier_source())
        self.revision = (self.revision or 0) + 1
        super().save(*args, **kwargs)

    def identifier_source(self):
        return str(self)

    def save_if_unchanged(self, expected_revision, **kwargs):
        """Save only if nobody else saved since the revision the editor started from.

        Locks the row first, so two editors cannot both pass the check.
        """
        if self.pk is not None:
            current = (
                type(self)._default_manager.select_for_update()
                # No ordering: a Meta.ordering through a nullable key would join a table that
                # PostgreSQL cannot lock on the nullable side of an outer join.
                .filter(pk=self.pk).order_by("pk").values_list("revision", flat=True).first()
            )
            if current is not None and current != expected_revision:
                raise StaleRecordError(
                    _("Alguien más guardó este registro mientras usted lo editaba. "
                      "Revise los cambios actuales y vuelva a intentarlo; lo que escribió se conserva."),
                    code="stale",
                )
            self.revision = current if current is not None else self.revision
        self.save(**kwargs)


def field_error(field, message, code=None):
    """A ValidationError on one field that keeps its code (a dict of strings would drop it)."""
    if isinstance(message, ValidationError):
        return ValidationError({field: message})
    return ValidationError({field: ValidationError(message, code=code)})


def check_period(start, end, start_field="start_date", end_field="end_date"):
    """End dates are never before start dates."""
    if start and end and end < start:
        raise field_error(end_field, _("La fecha de término no puede ser anterior a la fecha de inicio."), "end_before_start")
