"""HTML to PDF with WeasyPrint, in a child process bounded in time and memory.

``render_pdf(html)`` hands the HTML to a child process whose address space and CPU time are capped
with ``resource.setrlimit`` and which is killed after a timeout: a runaway document costs one child
process, never the web worker or the job worker. Whatever goes wrong comes back as
``PDFRenderError`` with a Spanish message that staff can read.

The child is forked from a warm process: multiprocessing's fork server, started once per process
with WeasyPrint already imported (about a second saved on every PDF). Where a fork server cannot
start, or when a test gives its own ``command``, the child is a fresh ``python -m core.pdf``.

Inside the child, WeasyPrint fetches resources only through ``StaticOnlyFetcher``: URLs under
``STATIC_BASE`` are served from the project's static folders; everything else (``file://``,
``http(s)://`` elsewhere, ``data:``…) is refused. The one exception is ``attachments``: bytes the
caller read from our own storage (an STL's logo) and hands over by name; they are served at
``attachment_url(name)`` and nothing else under that prefix is, so the child never opens a stored
file or address itself. Fonts come from the system through fontconfig and
are embedded in the PDF. The PDF is tagged (PDF/UA-1) and A4 comes from the stylesheet.
"""

import contextlib
import json
import logging
import mimetypes
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

# The origin the report templates' static URLs are resolved against; it never reaches the network.
STATIC_BASE = "https://static.portal-stl.invalid"
PDF_VARIANT = "pdf/ua-1"
ATTACHMENT_PATH = "/adjuntos/"


def attachment_url(name):
    """Where a PDF's template refers to an attachment handed to ``render_pdf(attachments=…)``."""
    return STATIC_BASE + ATTACHMENT_PATH + name

logger = logging.getLogger(__name__)


def _(text):
    """gettext when Django is loaded (the web process), the text itself in the bare child process."""
    try:
        from django.utils.translation import gettext

        return gettext(text)
    except Exception:  # pragma: no cover - the child process never formats these messages
        return text


class PDFRenderError(Exception):
    """The PDF could not be made; ``str(error)`` is a message for staff, in Spanish."""


def _static_dirs():
    from django.conf import settings

    dirs = [Path(d) for d in getattr(settings, "STATICFILES_DIRS", [])]
    if getattr(settings, "STATIC_ROOT", None):
        dirs.append(Path(settings.STATIC_ROOT))
    return [str(d) for d in dirs]


def _limit(timeout, memory_mb):
    import resource

    limit_bytes = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    cpu = int(timeout) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def _timed_out(timeout):
    logger.warning("PDF rendering stopped after %s s", timeout)
    return PDFRenderError(
        _("La generación del PDF tardó más de %(seconds)s segundos y se detuvo. Intente con un "
          "periodo más corto o más tarde.") % {"seconds": int(timeout)})


def _failed(detail, returncode):
    logger.warning("PDF rendering failed (exit %s): %s", returncode, detail)
    out_of_memory = ("MemoryError", "Cannot allocate memory", "Resource temporarily unavailable")
    if any(sign in detail for sign in out_of_memory):
        return PDFRenderError(
            _("La generación del PDF excedió la memoria permitida y se detuvo. Intente con un "
              "periodo más corto."))
    return PDFRenderError(_("No se pudo generar el PDF. El portal sigue funcionando: intente de nuevo "
                            "o avise a la administración."))


_FORK_SERVER = {"context": None, "broken": False}


def _fork_context():
    """multiprocessing's fork server with WeasyPrint preloaded, or None where it cannot run."""
    if _FORK_SERVER["broken"]:
        return None
    if _FORK_SERVER["context"] is None:
        import multiprocessing

        try:
            context = multiprocessing.get_context("forkserver")
        except ValueError:
            _FORK_SERVER["broken"] = True
            return None
        context.set_forkserver_preload(["core.pdf", "core.pdf_warm"])
        _FORK_SERVER["context"] = context
    return _FORK_SERVER["context"]


def warm_up():
    """Start the fork server now (the job worker does, before its first job), so that even the first
    PDF skips importing WeasyPrint."""
    if _fork_context() is None:
        return False
    from multiprocessing import forkserver

    try:
        forkserver.ensure_running()
        # The server imports its preloaded modules before it answers: one tiny PDF waits for that.
        _render_forked(_FORK_SERVER["context"], "<html><body><p>.</p></body></html>", [], "/static/", 120, 2048)
    except (OSError, PDFRenderError):
        logger.exception("The PDF fork server could not start")
        _FORK_SERVER["broken"] = True
        return False
    return True


def _child(connection, html, static_dirs, static_url, timeout, memory_mb, attachments=None):
    """In the forked child: limits first, then the PDF (or the error's text) back through the pipe."""
    try:
        _limit(timeout, memory_mb)
        pdf = write_pdf(html, static_dirs, static_url, attachments)
    except BaseException as error:  # everything goes back as text; the parent decides
        import traceback

        connection.send_bytes(b"ERR" + "".join(traceback.format_exception(error)).encode("utf-8", "replace"))
    else:
        connection.send_bytes(pdf)
    finally:
        connection.close()


@contextlib.contextmanager
def _main_module_hidden():
    """The child needs only core.pdf: keep multiprocessing from running the caller's main script
    again in it (a script without an ``if __name__ == "__main__"`` guard would start over)."""
    main = sys.modules.get("__main__")
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__") if hasattr(main, name)}
    try:
        if "__file__" in saved:
            del main.__file__
        main.__spec__ = None
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


def _render_forked(context, html, static_dirs, static_url, timeout, memory_mb, attachments=None):
    receiver, sender = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(sender, html, static_dirs, static_url, timeout, memory_mb,
                                                   attachments), daemon=True)
    with _main_module_hidden():
        process.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            process.kill()
            raise _timed_out(timeout)
        try:
            data = receiver.recv_bytes()
        except EOFError:
            data = b""
    finally:
        receiver.close()
        process.join(5)
        if process.is_alive():
            process.kill()
            process.join()
    if not data.startswith(b"%PDF"):
        detail = data[3:].decode("utf-8", "replace")[-4000:] if data.startswith(b"ERR") else (
            f"el proceso terminó con el código {process.exitcode}")
        if process.exitcode is not None and process.exitcode < 0 and not data:
            import signal

            if -process.exitcode == signal.SIGXCPU:
                raise _timed_out(timeout)
            # Cairo, Pango and GLib abort when an allocation fails under the memory limit; the
            # kernel's OOM killer sends SIGKILL.
            if -process.exitcode in (signal.SIGABRT, signal.SIGTRAP, signal.SIGSEGV, signal.SIGBUS, signal.SIGKILL):
                detail = "MemoryError (" + detail + ")"
        elif process.exitcode == 1 and not data:
            # The child catches every error and sends it back; one that could not even do that ran
            # out of memory while reporting (formatting a traceback needs memory too).
            detail = "MemoryError (" + detail + ")"
        raise _failed(detail, process.exitcode)
    return data


def _checked_attachments(attachments):
    import re

    attachments = dict(attachments or {})
    for name, data in attachments.items():
        if not re.fullmatch(r"[a-z0-9][a-z0-9.-]{0,80}", name) or not isinstance(data, bytes):
            raise ValueError(f"Adjunto no válido para el PDF: {name[:80]!r}")
    return attachments


def render_pdf(html, *, timeout=None, memory_mb=None, command=None, attachments=None):
    """The PDF of ``html`` as bytes, made in a bounded child process. ``attachments`` maps simple
    names to bytes (read by the caller from our own storage) that the document may use at
    ``attachment_url(name)``."""
    import base64

    from django.conf import settings

    attachments = _checked_attachments(attachments)

    timeout = timeout or getattr(settings, "REPORT_PDF_TIMEOUT", 60)
    memory_mb = memory_mb or getattr(settings, "REPORT_PDF_MEMORY_MB", 1024)
    context = _fork_context() if command is None else None
    if context is not None:
        try:
            return _render_forked(context, html, _static_dirs(), settings.STATIC_URL, timeout, memory_mb,
                                  attachments)
        except OSError:
            logger.exception("The PDF fork server could not start; using a fresh process")
            _FORK_SERVER["broken"] = True
    payload = json.dumps({
        "html": html,
        "static_dirs": _static_dirs(),
        "static_url": settings.STATIC_URL,
        "attachments": {name: base64.b64encode(data).decode("ascii") for name, data in attachments.items()},
    }).encode("utf-8")

    def limit():
        _limit(timeout, memory_mb)

    command = command or [sys.executable, "-m", "core.pdf"]
    try:
        result = subprocess.run(
            command, input=payload, capture_output=True, timeout=timeout, preexec_fn=limit,
            cwd=str(settings.BASE_DIR), env={**os.environ, "PYTHONPATH": str(settings.BASE_DIR)},
        )
    except subprocess.TimeoutExpired as error:
        raise _timed_out(timeout) from error
    except OSError as error:
        logger.exception("PDF rendering could not start")
        raise PDFRenderError(_("No se pudo iniciar la generación del PDF. Intente más tarde.")) from error
    if result.returncode != 0 or not result.stdout.startswith(b"%PDF"):
        raise _failed(result.stderr.decode("utf-8", "replace")[-4000:], result.returncode)
    return result.stdout


# The child process --------------------------------------------------------------------------------

def make_fetcher(static_dirs, static_url="/static/", attachments=None):
    """A WeasyPrint URL fetcher that serves the project's static files and the given attachments
    (by exact name), and refuses everything else."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    roots = [Path(d).resolve() for d in static_dirs]
    prefix = STATIC_BASE + static_url
    attached = dict(attachments or {})

    class StaticOnlyFetcher(URLFetcher):
        def __init__(self):
            super().__init__(allowed_protocols=("https",), allow_redirects=False)

        def fetch(self, url, headers=None):
            if url.startswith(STATIC_BASE + ATTACHMENT_PATH):
                name = url[len(STATIC_BASE + ATTACHMENT_PATH):]
                if name not in attached:
                    raise ValueError(f"Adjunto inexistente: {name[:200]}")
                mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, attached[name], {"Content-Type": mime})
            if not url.startswith(prefix) or "?" in url or "#" in url:
                raise ValueError(f"Recurso no permitido en el informe: {url[:200]}")
            relative = url[len(prefix):]
            relative = unquote(relative)
            for root in roots:
                candidate = (root / relative).resolve()
                if candidate.is_relative_to(root) and candidate.is_file():
                    mime = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, candidate.read_bytes(), {"Content-Type": mime})
            raise ValueError(f"Archivo estático inexistente: {relative[:200]}")

    return StaticOnlyFetcher()


def write_pdf(html, static_dirs, static_url="/static/", attachments=None):
    from weasyprint import HTML

    document = HTML(string=html, base_url=STATIC_BASE + "/",
                    url_fetcher=make_fetcher(static_dirs, static_url, attachments))
    return document.write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)


def main():
    import base64

    payload = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    attachments = {name: base64.b64decode(data) for name, data in (payload.get("attachments") or {}).items()}
    pdf = write_pdf(payload["html"], payload["static_dirs"], payload.get("static_url", "/static/"), attachments)
    sys.stdout.buffer.write(pdf)
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    main()
