import datetime

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.spanish import long_date as _long_date

register = template.Library()


@register.filter
def long_date(value):
    """date(2020, 4, 8) → «8 de abril de 2020»; a moment is shown on its Mexico City date."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return _long_date(value) if value else ""


@register.filter
def long_datetime(value):
    """A moment as «30 de noviembre de 2026, 20:37 h», on Mexico City's clock."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{_long_date(value)}, {value:%H:%M} h"


@register.filter
def percent(value):
    """An average (float or None) as a whole percentage, None kept for «no data»."""
    return None if value is None else round(value)


@register.filter
def highlight(value, terms):
    """The text escaped, with the words the search looked for in ``<mark>`` (core.search)."""
    from core.search import highlight as _highlight

    return _highlight(str(value or ""), terms or [])


@register.filter
def excerpt(value, terms):
    """About 240 characters of a long text around the first word found, highlighted."""
    from core.search import highlight as _highlight

    return _highlight(str(value or ""), terms or [], limit=240)
@register.simple_tag
def icon(name, label=""):
    """``{% icon "calendar" %}``: one of core/icons.py, inline (decorative unless given a label)."""
    from core.icons import icon_svg

    return icon_svg(name, label)


@register.simple_tag(takes_context=True)
def include_once(context, template_name):
    """``{% include template_name %}``, rendered once per page and repeated where it is asked again:
    the header's links appear twice (the phone's menu and the wide screen's list), the same markup
    both times, and rendering them (a dozen ``{% url %}`` and ``{% translate %}``) was about a tenth
    of a page's time."""
    key = ("include_once", template_name)
    rendered = context.render_context.get(key)
    if rendered is None:
        template = context.template.engine.get_template(template_name)
        with context.push():
            rendered = template.render(context)
        context.render_context[key] = rendered
    return rendered


@register.simple_tag(takes_context=True)
def nav_current(context, url):
    """``aria-current`` for a header link: "page" on the page itself, "true" inside its section."""
    request = context.get("request")
    path = getattr(request, "path", "")
    if not path:
        return ""
    if path == url:
        return mark_safe(' aria-current="page"')
    if url != "/" and path.startswith(url):
        return mark_safe(' aria-current="true"')
    return ""


@register.filter
def active_filters(form, skip="q,orden"):
    """How many of a bound filter form's fields (other than the search and the order) hold a value."""
    if not getattr(form, "is_bound", False):
        return 0
    skipped = set(skip.split(","))
    return sum(1 for name in form.fields if name not in skipped and (form.data.get(name) or "").strip())


@register.simple_tag
def dated(record, name):
    """``{% dated commitment "start_date" %}``: the date in words with its certainty (core/certainty.py):
    «fecha ilustrativa» beside it, or «fecha por confirmar» instead of it."""
    from core.certainty import date_certainty_of, date_html

    return date_html(getattr(record, name, None), date_certainty_of(record, name))


@register.simple_tag
def dated_text(record, name):
    """The same as plain text (a CSV cell, a title attribute)."""
    from core.certainty import date_certainty_of, date_text

    return date_text(getattr(record, name, None), date_certainty_of(record, name))
