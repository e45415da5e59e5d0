"""Imported once by the PDF fork server (core/pdf.py): WeasyPrint and the fonts it uses, loaded and
laid out once, so that every child forked from the server starts warm."""

from weasyprint import HTML

HTML(string='<html lang="es-MX"><body style="font-family: \'DejaVu Serif\'"><p>Informe: '
            '<b style="font-family: \'DejaVu Sans\'">año</b> <code style="font-family: \'DejaVu Sans Mono\'">'
            '0123abcdef</code></p></body></html>').write_pdf()
