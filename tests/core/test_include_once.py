"""``{% include_once %}`` (core/templatetags/public_tags.py): the header's links, rendered once per page."""

from django.contrib.auth.models import AnonymousUser
from django.template import engines
from django.test import RequestFactory
from django.test.signals import template_rendered


def render(source, path="/compromisos/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    rendered = []

    def seen(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(seen)
    try:
        html = engines["django"].from_string("{% load public_tags %}" + source).render({}, request)
    finally:
        template_rendered.disconnect(seen)
    return html, rendered


def test_the_links_are_rendered_once_and_repeated_the_same():
    html, rendered = render('{% include_once "_nav_links.html" %}|{% include_once "_nav_links.html" %}|{{ u }}')
    first, second, leaked = html.split("|")
    assert first == second
    assert '<a href="/compromisos/" aria-current="page">Compromisos</a>' in first
    assert leaked == ""  # the links' own {% url … as u %} stays inside them
    assert rendered.count("_nav_links.html") == 1


def test_each_page_renders_its_own_links():
    on_sessions, _ = render('{% include_once "_nav_links.html" %}', path="/sesiones/")
    assert '<a href="/sesiones/" aria-current="page">Sesiones</a>' in on_sessions
    assert 'aria-current="page">Compromisos' not in on_sessions
