"""What every member form shares: Spanish errors next to the field, uploads checked by content, and
optimistic locking so that two people editing one record never silently overwrite each other."""

from django import forms
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .records import StaleRecordError
from .uploads import checked


class RecordForm(forms.ModelForm):
    """A ModelForm for a ``Record``: carries the revision the editor started from.

    ``save_checked()`` saves in one transaction only if nobody saved the record meanwhile; otherwise
    it adds a form error and returns None, and the form keeps what the person typed.
    """

    revision_seen = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["revision_seen"] = self.instance.revision

    def save_checked(self, commit_m2m=True):
        expected = self.cleaned_data.get("revision_seen")
        obj = super().save(commit=False)
        try:
            with transaction.atomic():
                if obj.pk is not None:
                    obj.save_if_unchanged(expected if expected is not None else -1)
                else:
                    obj.save()
                if commit_m2m:
                    self.save_m2m()
        except StaleRecordError as error:
            self.add_error(None, error)
            return None
        return obj


def pdf_field(label, required=False, help_text=None):
    return forms.FileField(
        label=label,
        required=required,
        help_text=help_text or _("PDF de hasta 10 MB; se revisa su contenido."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


def clean_upload(form, field, kinds=("pdf",)):
    """For ``clean_<field>`` methods: the uploaded file checked by content (or the current one)."""
    uploaded = form.cleaned_data.get(field)
    if uploaded and hasattr(uploaded, "size") and not getattr(uploaded, "_committed", False):
        return checked(uploaded, kinds)
    return uploaded
