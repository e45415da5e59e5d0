"""Browser tests: Playwright driving Debian's Chromium, never a downloaded one.

The tests run in Debian's ``chromium-headless-shell`` (/usr/bin/chromium-headless-shell): the same
Chromium build as /usr/bin/chromium, as its headless shell, which is what Playwright itself uses for
headless runs. It opens a page in half the time of the full browser in headless mode (measured on
this 2-core machine: new context + page + axe-core check 0.55 s against 1.15 s). ``full_chromium``
is /usr/bin/chromium itself, for the smoke test that proves the full browser works too.

Use the ``page`` fixture with pytest-django's ``live_server``; log a member in with
``browser_login(page, live_server, account)``. Without Chromium the tests are skipped on a
developer's machine and fail in CI (CI=1), where `make test` installs both packages.
"""

import contextlib
import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
HEADLESS_SHELL = "/usr/bin/chromium-headless-shell"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
# axe-core (npm, package.json) and the WCAG 2.1 AA tags its checks run.
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _launch(playwright, executable):
    if not Path(executable).exists():
        if os.environ.get("CI"):
            pytest.fail(f"{executable} is missing: make test installs Debian's chromium and chromium-headless-shell")
        pytest.skip(f"{executable} is missing (install Debian's chromium and chromium-headless-shell)")
    return playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)


@pytest.fixture(scope="session")
def playwright_driver():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def chromium(playwright_driver):
    """Debian's headless shell of Chromium, one per test worker."""
    browser = _launch(playwright_driver, HEADLESS_SHELL)
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def full_chromium(playwright_driver):
    """Debian's full Chromium (/usr/bin/chromium) in headless mode."""
    browser = _launch(playwright_driver, CHROMIUM)
    yield browser
    browser.close()


PHONE = {"viewport": {"width": 375, "height": 740}, "is_mobile": True}


def new_page(browser, **options):
    """A page in a new context of ``browser`` (Spanish of Mexico, 15 s timeouts); closing it is the
    caller's (``page.context.close()``)."""
    page = browser.new_context(locale="es-MX", **options).new_page()
    page.set_default_timeout(15_000)
    return page


@contextlib.contextmanager
def opened_page(browser, **options):
    """``new_page(browser, **options)``, closed afterwards."""
    page = new_page(browser, **options)
    context = page.context
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def page(chromium):
    with opened_page(chromium, viewport={"width": 1280, "height": 900}) as page:
        yield page


@pytest.fixture
def phone_page(chromium):
    with opened_page(chromium, **PHONE) as page:
        yield page


def axe_violations(page):
    """axe-core's violations of WCAG 2.1 AA on ``page``: (rule, help, the first five nodes) each."""
    if not AXE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{AXE} is missing: `make test` runs npm install")
        pytest.skip("axe-core is missing (run npm install)")
    # Evaluated through the DevTools protocol: the portal's CSP (rightly) refuses an injected <script>.
    # A reading page has it already (its context's init script); any other page gets it here.
    if not page.evaluate("typeof axe === 'object'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    # Every rule of the tags runs; passes and the rest are not collected node by node (resultTypes).
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_21_AA)
    return [(v["id"], v["help"], [n["target"] for n in v["nodes"]][:5]) for v in result["violations"]]


@pytest.fixture(scope="session")
def _reading_pages():
    pages = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def reading_page(chromium, _reading_pages):
    """``reading_page(width, height=800)``: a page for reading the portal as an anonymous visitor with
    JavaScript on, a phone below 600 px. One page per size is kept on each test worker, its cookies
    cleared for each test: the next test's visit then runs in the same Chromium renderer, which
    already has axe-core compiled (a new context's first check compiles its 550 kB again). Its
    context evaluates axe-core in every page it opens (an init script, sent to Chromium once), so
    ``axe_violations`` does not send the 550 kB through Playwright again at each check."""

    def at(width, height=800):
        page = _reading_pages.get((width, height))
        if page is None or page.is_closed():
            page = _reading_pages[(width, height)] = new_page(
                chromium, viewport={"width": width, "height": height}, is_mobile=width < 600)
            if AXE.exists():
                page.context.add_init_script(path=AXE)
        page.context.clear_cookies()
        return page

    return at


def browser_login(page, live_server, account, password="contraseña-de-prueba-1"):
    page.goto(f"{live_server.url}/cuentas/entrar/")
    page.get_by_label("Nombre de usuario").fill(account.user.username)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Entrar").click()
