"""core/search.py: Spanish words without accents or case, stems, Spanish sort order, highlighting."""

import pytest

from core.search import highlight, normalize, query_terms, sort_key, stem, stems


def test_accents_and_case_do_not_matter():
    assert query_terms("participacion") == query_terms("PARTICIPACIÓN") == query_terms("participación")
    assert normalize("Metodología") == "metodologia"


@pytest.mark.parametrize("word, expected", [
    # Snowball Spanish over the unaccented word, as PostgreSQL's es_unaccent does it.
    ("metodologia", "metodologi"), ("metodologias", "metodologi"), ("transparencia", "transparent"),
    ("ciudadania", "ciudadani"), ("abierto", "abiert"), ("abiertos", "abiert"), ("democracia", "democraci"),
    ("fortalecimiento", "fortalec"), ("participativa", "particip"), ("rendicion", "rendicion"),
    ("cuentas", "cuent"), ("gobierno", "gobiern"), ("publicar", "public"), ("publicados", "public"),
])
def test_it_stems_like_postgresql(word, expected):
    assert stem(word) == expected
    assert stem(word) == stem.__wrapped__(word) == expected  # the kept stem is the one worked out again


def test_stop_words_are_not_searched():
    assert stems("la cultura de los datos") == ["cultur", "dat"]
    assert query_terms("de la y") == []


def test_sort_key_follows_spanish_order():
    titles = ["Cultura", "Círculos", "árbol", "Nube", "Ñandú", "Oso", "«Comité» ciudadano", "Año", "Anzuelo"]
    assert sorted(titles, key=sort_key) == [
        "Anzuelo", "Año", "árbol", "Círculos", "«Comité» ciudadano", "Cultura", "Nube", "Ñandú", "Oso"]


def test_highlight_marks_every_form_of_the_word_and_escapes_the_rest():
    html = highlight("<b>Participación</b> y participativa; PARTICIPACIÓN", "participacion")
    assert html == ("&lt;b&gt;<mark>Participación</mark>&lt;/b&gt; y participativa; "
                    "<mark>PARTICIPACIÓN</mark>")
    assert "<mark>" not in highlight("sin nada", "participacion")


def test_highlight_cuts_long_text_around_the_first_match():
    text = "relleno " * 100 + "la metodología aprobada " + "cola " * 100
    html = highlight(text, "metodologia", limit=120)
    assert "<mark>metodología</mark>" in html
    assert html.startswith("…") and html.endswith("…")
    assert len(html) < 200


def test_only_the_first_eight_words_are_searched_on_both_databases():
    from core.search import query_words

    query = "agua luz casa mesa silla puerta ventana techo piso pared de la"
    assert len(query_terms(query)) == 8
    assert query_words(query) == ["agua", "luz", "casa", "mesa", "silla", "puerta", "ventana", "techo"]
    assert query_words("la participación de los municipios") == ["participación", "municipios"]
