"""The national landing page and an STL's own home in a real browser (issue 15): axe-core finds no
WCAG 2.1 AA violation at a phone's 390 px and a desktop's 1280 px, nothing is wider than the
screen, and the map's states are links a keyboard reaches, each named for its STL."""

from types import SimpleNamespace

import pytest

from tests import snapshots
from tests.browser.conftest import axe_violations
from tests.browser.test_public_design import browser_at  # noqa: F401 - the fixture
from tests.conftest import build_worlds_in_two_states
from tests.public.conftest import build_public_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_stls(_worlds):
    # Both worlds built together with their states and a public record, once per test worker, then
    # inserted again row for row (tests/snapshots.py): changing a world's STL after its snapshot would
    # build everything again for each test.
    both = snapshots.world_for(_worlds, "two_stls_with_states", build_two_stls)
    return both.world, both.other_world


def build_two_stls():
    world, other_world = build_worlds_in_two_states()
    build_public_record(world)
    return SimpleNamespace(world=world, other_world=other_world)


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("where", ["landing", "stl_home", "national_list"])
def test_landing_and_stl_home_pass_axe_at_phone_and_desktop_width(reading_page, live_server, two_stls, where,
                                                                 width):
    world, _other = two_stls
    path = {"landing": "/", "stl_home": f"/stl/{world.stl.identifier}/", "national_list": "/acuerdos/"}[where]
    page = reading_page(width)
    response = page.goto(live_server.url + path)
    assert response.status == 200
    assert axe_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_map_is_a_set_of_named_links(browser_at, live_server, two_stls):  # noqa: F811
    world, other = two_stls
    page = browser_at(1280, javascript=False)
    page.goto(live_server.url + "/")
    link = page.locator("svg.state-map a").filter(has=page.locator("text", has_text="CHIH"))
    assert link.get_attribute("aria-label") == f"CHIH: {other.stl.name} (Chihuahua)"
    page.get_by_role("link", name=f"{world.stl.name} (México)").click()
    assert page.url == f"{live_server.url}/stl/{world.stl.identifier}/"
    assert page.get_by_role("heading", level=1).inner_text() == world.stl.name
