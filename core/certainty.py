"""How sure the record is of a date: one choice for every dated record.

A date the documents give is *certain*. A date chosen to place a record on the calendar when the
documents give none (the demo's working meetings, «some day in June 2020») is *illustrative*: it is
shown, always with its caveat. A date nobody knows yet is *unknown*: the record may keep an
approximate day to sort by, but it is never shown; pages say «fecha por confirmar» instead.

A model declares one ``<field>_certainty`` beside each date it can doubt
(``certainty_field()``); pages print both with ``{% dated record "field" %}``
(core/templatetags/public_tags.py), open data carries the choice as it is, and the activity report
never states an uncertain date as a fact (reports/wording.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core.spanish import long_date


class DateCertainty(models.TextChoices):
    CERTAIN = "certain", _lazy("Cierta")
    ILLUSTRATIVE = "illustrative", _lazy("Ilustrativa")
    UNKNOWN = "unknown", _lazy("Desconocida")


UNCERTAIN = (DateCertainty.ILLUSTRATIVE, DateCertainty.UNKNOWN)


class CertaintyField(models.CharField):
    """A CharField of ``DateCertainty`` whose form field may be left out: a form (or an older client)
    that does not send it keeps the record's value, an empty choice means «cierta»."""

    def formfield(self, **kwargs):
        from django import forms

        # Empty stays empty in the form, so that Django keeps the record's value when the field was not
        # sent at all; an empty value that reaches the record is saved as «cierta» (pre_save).
        defaults = {"choices_form_class": forms.TypedChoiceField, "required": False, "empty_value": ""}
        defaults.update(kwargs)
        field = super().formfield(**defaults)
        field.choices = DateCertainty.choices  # no empty «---------» line: the default is «cierta»
        return field

    def to_python(self, value):
        return super().to_python(value) or DateCertainty.CERTAIN

    def pre_save(self, model_instance, add):
        if not getattr(model_instance, self.attname):
            setattr(model_instance, self.attname, DateCertainty.CERTAIN)
        return super().pre_save(model_instance, add)


def certainty_field(verbose_name=None):
    """The ``<date>_certainty`` field that goes beside a date field."""
    return CertaintyField(
        verbose_name or _lazy("certeza de la fecha"), max_length=12, choices=DateCertainty.choices,
        default=DateCertainty.CERTAIN,
        help_text=_lazy("Cierta: consta en los documentos. Ilustrativa: no consta; se muestra con la "
                        "advertencia «fecha ilustrativa». Desconocida: no se muestra; se lee «fecha por confirmar»."))


def date_certainty_of(record, name):
    """The certainty of ``record.<name>``: its ``<name>_certainty`` field (certain when it has none)."""
    return getattr(record, f"{name}_certainty", None) or DateCertainty.CERTAIN


def is_uncertain(record, name):
    return date_certainty_of(record, name) in UNCERTAIN


def caveat(certainty):
    """The words said beside (illustrative) or instead of (unknown) a date."""
    if certainty == DateCertainty.ILLUSTRATIVE:
        return _("fecha ilustrativa")
    if certainty == DateCertainty.UNKNOWN:
        return _("fecha por confirmar")
    return ""


def date_text(day, certainty):
    """A date as plain text with its caveat: «8 de abril de 2020», «8 de abril de 2020 (fecha
    ilustrativa)», «fecha por confirmar»; "" when there is no date and nothing to say."""
    if certainty == DateCertainty.UNKNOWN:
        return caveat(certainty)
    if not day:
        return ""
    text = long_date(day)
    if certainty == DateCertainty.ILLUSTRATIVE:
        text += f" ({caveat(certainty)})"
    return text


def date_html(day, certainty):
    """The same, for a page: the caveat is a visible badge (text, so screen readers read it too)."""
    if certainty == DateCertainty.UNKNOWN:
        return format_html('<span class="badge badge-example">{}</span>', caveat(certainty))
    if not day:
        return ""
    if certainty == DateCertainty.ILLUSTRATIVE:
        return format_html('{} <span class="badge badge-example">{}</span>', long_date(day), caveat(certainty))
    return long_date(day)


def check_certainty(record, *names):
    """An illustrative date must be a date: refuse the choice when the date is empty."""
    errors = {}
    for name in names:
        if getattr(record, f"{name}_certainty", None) == DateCertainty.ILLUSTRATIVE and not getattr(record, name):
            errors[f"{name}_certainty"] = _("Una fecha ilustrativa necesita una fecha: escríbala o márquela "
                                            "como desconocida.")
    if errors:
        raise ValidationError(errors)
