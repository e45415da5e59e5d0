"""The portal's icons: simple line drawings on a 24 × 24 grid, drawn by us (no icon font, no
licence to track), written inline by ``{% icon "name" %}`` so they need no request, print in the
PDF and obey the CSP (no style attribute: colour and size come from the stylesheet, ``.icon``).

An icon beside words is decoration (``aria-hidden``); an icon alone must get a label from its
link or button."""

from django.utils.html import format_html
from django.utils.safestring import mark_safe

PATHS = {
    "calendar": "M4 6h16v14H4z M4 10h16 M8 3v5 M16 3v5",
    "clock": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M12 7v5l3 3",
    "mail": "M3 6h18v12H3z M3 6l9 7l9-7",
    "check": "M5 12l5 5l9-10",
    "alert": "M12 3l10 18H2z M12 10v5 M12 18v.5",
    "x": "M6 6l12 12 M18 6L6 18",
    "document": "M6 3h8l5 5v13H6z M14 3v5h5 M9 13h7 M9 17h7",
    "download": "M12 4v11 M7 10l5 5l5-5 M5 20h14",
    "people": "M9 11a3.5 3.5 0 1 0 0-7a3.5 3.5 0 1 0 0 7z M3 20c0-3.5 2.7-6 6-6s6 2.5 6 6 M16 4.5a3.5 3.5 0 0 1 0 6.5 M18 14c2 .7 3 2.8 3 6",
    "flag": "M5 21V4 M5 4h12l-2 4l2 4H5",
    "target": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18z M12 8a4 4 0 1 0 0 8a4 4 0 1 0 0-8z M12 11.5v1",
    "gavel": "M14 4l6 6 M11 7l6 6 M12.5 5.5l-5 5 M4 20l7-7 M3 21h9",
    "place": "M12 21s-7-6.5-7-12a7 7 0 0 1 14 0c0 5.5-7 12-7 12z M12 7a2 2 0 1 0 0 4a2 2 0 1 0 0-4z",
    "data": "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3s-3.6 3-8 3s-8-1.3-8-3z M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6 M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
    "menu": "M4 7h16 M4 12h16 M4 17h16",
    "filter": "M4 5h16l-6 8v6l-4-2v-4z",
    "print": "M7 9V3h10v6 M5 9h14v8H5z M8 14h8v7H8z",
    "rss": "M5 5a14 14 0 0 1 14 14 M5 11a8 8 0 0 1 8 8 M6 18.5v.5",
    "arrow-right": "M5 12h14 M13 6l6 6l-6 6",
    "search": "M11 4a7 7 0 1 0 0 14a7 7 0 1 0 0-14z M16 16l5 5",
    "home": "M3 11l9-8l9 8 M5 9.5V21h14V9.5 M10 21v-6h4v6",
}


def icon_svg(name, label=""):
    """An inline SVG of the icon ``name``; with ``label`` it is announced, otherwise hidden."""
    if name not in PATHS:
        raise KeyError(f"unknown icon {name!r}; known: {', '.join(sorted(PATHS))}")
    if label:
        a11y = format_html('role="img" aria-label="{}"', label)
    else:
        a11y = mark_safe('aria-hidden="true"')
    return format_html(
        '<svg class="icon icon-{}" viewBox="0 0 24 24" width="20" height="20" {} focusable="false">'
        '<path d="{}"/></svg>', name, a11y, PATHS[name])
