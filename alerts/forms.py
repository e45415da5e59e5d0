from django import forms
from django.utils.translation import gettext_lazy as _


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Su correo electrónico"), max_length=254,
        help_text=_("Solo para enviarle los avisos; no se publica ni se comparte."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
