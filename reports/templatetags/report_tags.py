from django import template

from core import grammar
from core.spanish import long_date
from reports import wording

register = template.Library()


@register.filter
def spanish_date(day):
    """date(2020, 4, 8) → «8 de abril de 2020»; empty for no date."""
    return long_date(day) if day else ""


@register.simple_tag
def say(name, *args):
    """A sentence of ``reports.wording``: {% say "session_sentence" entry %}. Returned as plain text,
    so the template escapes it."""
    return getattr(wording, name)(*args)


@register.filter(name="de")
def of(thing):
    """{{ institution|de }} → «del Instituto…», «de la Contraloría…»."""
    return grammar.of(thing)


@register.filter(name="art")
def with_article(thing):
    return grammar.with_article(thing)


@register.filter(name="Art")
def with_article_capitalized(thing):
    return grammar.with_article(thing, capitalize=True)


for _name in ("older_sessions_sentence", "meetings_paragraphs", "drafts_closing", "agreement_items",
              "version_date_confirmed"):
    register.filter(_name, getattr(wording, _name))


@register.filter
def css_string(text):
    """A value inside a CSS string ("…") of the PDF's own stylesheet: quotes, backslashes and angle
    brackets escaped, so a name cannot end the string or the style element."""
    from django.utils.safestring import mark_safe

    out = []
    for char in str(text):
        if char in '\\"<>&' or ord(char) < 32:
            out.append(f"\\{ord(char):x} ")
        else:
            out.append(char)
    return mark_safe("".join(out))
