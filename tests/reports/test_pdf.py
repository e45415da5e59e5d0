"""core.pdf: WeasyPrint in a bounded child process, fetching only the project's static files."""

import io
import sys

import pytest
from django.conf import settings
from pypdf import PdfReader

from core import pdf as pdflib
from core.pdf import STATIC_BASE, PDFRenderError, make_fetcher, render_pdf

STATIC_DIRS = [str(d) for d in settings.STATICFILES_DIRS]
SMALL_PAGE = ('<!DOCTYPE html><html lang="es-MX"><head><meta charset="utf-8"><title>Prueba de título</title>'
              '<link rel="stylesheet" href="/static/css/report.css"></head>'
              '<body class="report-document"><h1>Informe</h1><p>Año de la niñez</p></body></html>')


def test_the_fetcher_serves_the_projects_static_files():
    response = make_fetcher(STATIC_DIRS)(f"{STATIC_BASE}/static/css/report.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    f"{STATIC_BASE}/static/../../../../etc/passwd",
    f"{STATIC_BASE}/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    f"{STATIC_BASE}/static/css/../../pyproject.toml",
    f"{STATIC_BASE}/media/actas/secreta.pdf",
    "http://example.com/evil.css",
    "https://example.com/static/css/report.css",
    "data:text/css,body{}",
    "ftp://example.com/x",
    f"{STATIC_BASE}/static/css/no-existe.css",
])
def test_the_fetcher_refuses_anything_else(url):
    with pytest.raises(ValueError):
        make_fetcher(STATIC_DIRS)(url)


def test_a_document_that_asks_for_local_files_or_the_network_gets_nothing(monkeypatch):
    asked = []
    fetcher = make_fetcher(STATIC_DIRS)
    original = type(fetcher).fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(type(fetcher), "fetch", recording)
    monkeypatch.setattr(pdflib, "make_fetcher", lambda *args: fetcher)
    html = ('<html lang="es-MX"><title>t</title><body><img src="file:///etc/passwd" alt="x">'
            '<div style="background: url(http://example.com/x.png)">texto</div></body></html>')
    data = pdflib.write_pdf(html, STATIC_DIRS)
    assert data.startswith(b"%PDF")
    assert "file:///etc/passwd" in asked and "http://example.com/x.png" in asked
    assert b"root:" not in data


def test_the_pdf_is_tagged_titled_in_mexican_spanish_a4_and_embeds_its_fonts(db):
    reader = PdfReader(io.BytesIO(render_pdf(SMALL_PAGE)))
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "es-MX"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Prueba de título"
    page = reader.pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    fonts = page["/Resources"]["/Font"]
    descriptors = [font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
                   if "/DescendantFonts" in font.get_object() else font.get_object()["/FontDescriptor"]
                   for font in fonts.values()]
    assert descriptors and all("/FontFile2" in d or "/FontFile3" in d or "/FontFile" in d for d in descriptors)
    assert "Año de la niñez" in page.extract_text()


def test_a_render_that_takes_too_long_is_stopped_with_a_clear_message(db):
    with pytest.raises(PDFRenderError, match="tardó más de 1 segundos"):
        render_pdf(SMALL_PAGE, timeout=1, command=[sys.executable, "-c", "import time; time.sleep(30)"])


def test_a_render_that_needs_too_much_memory_is_stopped_with_a_clear_message(db):
    hungry = [sys.executable, "-c", "x = bytearray(900 * 1024 * 1024)"]
    with pytest.raises(PDFRenderError, match="memoria"):
        render_pdf(SMALL_PAGE, memory_mb=300, command=hungry)


def test_a_crashing_renderer_gives_a_spanish_message_without_internal_details(db):
    with pytest.raises(PDFRenderError) as error:
        render_pdf(SMALL_PAGE, command=[sys.executable, "-c", "raise SystemExit('/secreto/ruta: fallo')"])
    assert "No se pudo generar el PDF" in str(error.value)
    assert "/secreto" not in str(error.value)


def test_pdfs_are_made_in_children_of_a_warm_fork_server_with_the_same_limits(db):
    data = render_pdf(SMALL_PAGE)
    assert data.startswith(b"%PDF") and pdflib._FORK_SERVER["context"] is not None
    assert not pdflib._FORK_SERVER["broken"]
    # A forked child starts with the warm server's heap, whose free space may hold a small page: the
    # page under the limit must need fresh memory for sure, and at once (a hundred thousand short
    # words fitted in that free space until they were drawn, half a minute later). One eight-million
    # letter word asks Pango for tens of megabytes in one piece.
    long_page = SMALL_PAGE.replace("</body>", "<p>" + "palabra" * 1_200_000 + "</p></body>")
    with pytest.raises(PDFRenderError, match="memoria"):
        render_pdf(long_page, memory_mb=5)
    with pytest.raises(PDFRenderError, match="tardó más de"):
        render_pdf(SMALL_PAGE, timeout=0.001)
    # The server survives its children's failures.
    assert render_pdf(SMALL_PAGE).startswith(b"%PDF")


def test_without_a_fork_server_a_fresh_process_makes_the_pdf(db, monkeypatch):
    monkeypatch.setitem(pdflib._FORK_SERVER, "broken", True)
    assert render_pdf(SMALL_PAGE).startswith(b"%PDF")


def test_the_job_worker_warms_the_fork_server_before_its_first_job(db, monkeypatch):
    monkeypatch.setitem(pdflib._FORK_SERVER, "broken", False)
    assert pdflib.warm_up() is True
    assert pdflib._FORK_SERVER["context"] is not None


def test_a_script_without_a_main_guard_can_make_pdfs(tmp_path):
    """multiprocessing would run the caller's main script again in the child; core.pdf keeps it out."""
    import subprocess

    script = tmp_path / "sin_guarda.py"
    script.write_text(
        "import django, os\n"
        "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'stl_portal.settings_test')\n"
        "django.setup()\n"
        "from core.pdf import render_pdf\n"
        "print('inicio')\n"
        f"assert render_pdf({SMALL_PAGE!r}).startswith(b'%PDF')\n"
        "print('listo')\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                            cwd=settings.BASE_DIR, env={**__import__("os").environ,
                                                        "PYTHONPATH": str(settings.BASE_DIR)})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["inicio", "listo"]
