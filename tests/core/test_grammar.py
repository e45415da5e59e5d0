"""core.grammar: articles, contractions and gender over real names of Mexican institutions and bodies."""

import pytest

from core import grammar
from core.grammar import Named, bare_names, guess_article, join_list, of, quantity, to, with_article


@pytest.mark.parametrize(("name", "article"), [
    ("Instituto Electoral del Estado de México", "el"),
    ("Instituto de Transparencia, Acceso a la Información Pública y Protección de Datos Personales del "
     "Estado de México y Municipios", "el"),
    ("Contraloría del Estado de México", "la"),
    ("Secretaría de la Contraloría del Gobierno del Estado de México", "la"),
    ("Poder Judicial del Estado de México", "el"),
    ("Tribunal Superior de Justicia del Estado de México", "el"),
    ("Tribunal Electoral del Estado de México", "el"),
    ("Comisión de Derechos Humanos del Estado de México", "la"),
    ("Universidad Autónoma del Estado de México", "la"),
    ("Fiscalía General de Justicia del Estado de México", "la"),
    ("Legislatura del Estado de México", "la"),
    ("Ayuntamiento de Toluca", "el"),
    ("Sistema Anticorrupción del Estado de México y Municipios", "el"),
    ("Consejo Estatal de la Mujer y Bienestar Social", "el"),
    ("Junta de Caminos del Estado de México", "la"),
    ("Servicios Educativos Integrados al Estado de México", "los"),
    ("Mesa de Trabajo «Fortalecimiento de la Democracia»", "la"),
    ("Grupo Operativo de Trabajo del STL Estado de México", "el"),
    ("Secretariado Técnico Local de Gobierno Abierto del Estado de México", "el"),
    ("Unidad de Transparencia", "la"),
    ("Transparencia Mexicana", grammar.NO_ARTICLE),
    ("IEEM", "el"),
])
def test_the_article_is_guessed_from_the_first_noun(name, article):
    assert guess_article(name) == article


def test_contractions_of_de_and_a():
    assert of("Instituto Electoral del Estado de México") == "del Instituto Electoral del Estado de México"
    assert to("Instituto Electoral del Estado de México") == "al Instituto Electoral del Estado de México"
    assert of("Contraloría del Estado de México") == "de la Contraloría del Estado de México"
    assert to("Contraloría del Estado de México") == "a la Contraloría del Estado de México"
    assert of("Servicios Educativos Integrados al Estado de México") == (
        "de los Servicios Educativos Integrados al Estado de México")
    assert of("Transparencia Mexicana") == "de Transparencia Mexicana"
    assert to("Transparencia Mexicana") == "a Transparencia Mexicana"


def test_a_stored_article_wins_over_the_guess():
    assert with_article(Named("Colegio de Notarios", "el")) == "el Colegio de Notarios"
    assert of(Named("Observatorio Ciudadano", grammar.NO_ARTICLE)) == "de Observatorio Ciudadano"
    assert of(Named("IEEM", "el")) == "del IEEM"
    assert with_article(Named("Contraloría del Estado de México", "la"), capitalize=True) == (
        "La Contraloría del Estado de México")


def test_records_carry_their_article(db):
    from tests.factories import InstitutionFactory

    ieem = InstitutionFactory(name="Instituto Electoral del Estado de México", acronym="IEEM")
    assert ieem.grammatical_article == "el" and ieem.grammatical_gender == grammar.MASCULINE
    assert of(ieem) == "del Instituto Electoral del Estado de México (IEEM)"
    assert of(ieem.short_label) == "del IEEM"
    contraloria = InstitutionFactory(name="Contraloría del Estado de México", acronym="", article="la")
    assert to(contraloria) == "a la Contraloría del Estado de México"
    assert contraloria.grammatical_gender == grammar.FEMININE
    odd = InstitutionFactory(name="Transparencia Mexicana", acronym="", article=grammar.NO_ARTICLE, gender="f")
    assert of(odd) == "de Transparencia Mexicana" and odd.grammatical_gender == grammar.FEMININE


def test_lists_and_quantities():
    assert join_list(["el INFOEM"]) == "el INFOEM"
    assert join_list(["el INFOEM", "el IEEM"]) == "el INFOEM y el IEEM"
    assert join_list(["la Contraloría", "el INFOEM", "Instituto"]) == "la Contraloría, el INFOEM e Instituto"
    assert quantity(1, "acuerdo", "acuerdos") == "un acuerdo"
    assert quantity(1, "reunión", "reuniones", feminine=True) == "una reunión"
    assert quantity(9, "reunión", "reuniones", feminine=True) == "nueve reuniones"
    assert quantity(21, "sesión", "sesiones", feminine=True) == "veintiuna sesiones"
    assert quantity(21, "acuerdo", "acuerdos") == "veintiún acuerdos"
    assert quantity(120, "acuerdo", "acuerdos") == "120 acuerdos"


def test_bare_names_are_found():
    assert bare_names("Informe de actividades de Instituto Electoral") == ["de Instituto"]
    assert bare_names("a cargo de Contraloría del Estado") == ["de Contraloría"]
    assert bare_names("la Unidad de Transparencia de IEEM") == ["de IEEM"]
    assert bare_names("del Instituto, de la Contraloría, al IEEM, a la Mesa") == []
