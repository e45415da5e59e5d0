"""Spanish grammar for names of institutions and bodies: the article, the contractions and the
agreement of gender, as an official document writes them.

A name carries its article: «el Instituto Electoral del Estado de México», «la Contraloría del
Estado de México», «los Servicios de Salud», «Transparencia Mexicana» (none). Records may store it
(``article``: "el", "la", "los", "las", or ``NO_ARTICLE``); when they do not, ``guess_article``
reads it from the first noun of the name. Then:

    with_article("Instituto Electoral…", "el")  → «el Instituto Electoral…»
    of("Instituto Electoral…", "el")            → «del Instituto Electoral…»
    to("Instituto Electoral…", "el")            → «al Instituto Electoral…»
    of("Contraloría del Estado…", "la")          → «de la Contraloría del Estado…»

The functions know no model: anything with ``name`` and (optionally) ``article`` is a name, and so
is a plain string.
"""

import re
import unicodedata

MASCULINE = "m"
FEMININE = "f"
NO_ARTICLE = "-"
ARTICLES = ("el", "la", "los", "las")

# First nouns of institution and body names whose gender the ending does not tell, or that an
# ending rule would get wrong. Keys are lower case without accents.
_MASCULINE_NOUNS = {
    "instituto", "poder", "tribunal", "consejo", "ayuntamiento", "sistema", "organo", "secretariado",
    "grupo", "comite", "centro", "colegio", "congreso", "gobierno", "municipio", "organismo",
    "observatorio", "programa", "fideicomiso", "despacho", "servicio", "registro", "archivo",
    "colectivo", "frente", "movimiento", "foro", "laboratorio", "partido", "banco", "fondo",
    "museo", "hospital", "juzgado", "cabildo", "patronato", "departamento", "area",
    "equipo", "plan", "eje", "mecanismo", "facilitador", "representante", "ente", "personal",
}
_FEMININE_NOUNS = {
    "contraloria", "secretaria", "comision", "universidad", "fiscalia", "coordinacion", "direccion",
    "unidad", "mesa", "junta", "legislatura", "asociacion", "fundacion", "red", "camara",
    "procuraduria", "defensoria", "consejeria", "subsecretaria", "oficina", "agencia", "auditoria",
    "organizacion", "alianza", "sociedad", "federacion", "confederacion", "academia", "escuela",
    "facultad", "iniciativa", "plataforma", "gaceta", "tesoreria", "sindicatura", "presidencia",
    "gubernatura", "administracion", "autoridad", "corte", "sala", "vocalia", "union", "liga",
    "catedra", "clinica", "biblioteca", "casa", "radio", "asamblea", "ciudadania",
}
# Names that are read without an article (proper names of organisations).
_NO_ARTICLE_FIRST_WORDS = {"transparencia", "mexico", "fundar", "articulo", "causa", "borde"}


def _plain(word):
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def _first_word(name):
    match = re.search(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+", name or "")
    return match.group(0) if match else ""


def guess_gender(name):
    """The grammatical gender of a name's first noun: ``MASCULINE`` or ``FEMININE``."""
    word = _plain(_first_word(name))
    singular = word[:-1] if word.endswith("s") and len(word) > 3 else word
    for candidate in (word, singular, singular[:-1] if word.endswith("es") else singular):
        if candidate in _MASCULINE_NOUNS:
            return MASCULINE
        if candidate in _FEMININE_NOUNS:
            return FEMININE
    if re.search(r"(cion|sion|dad|tad|tud|ia|ez|umbre|a)$", singular):
        return FEMININE
    return MASCULINE


def guess_article(name):
    """The article a name is read with: "el", "la", "los", "las", or ``NO_ARTICLE``.

    An acronym alone («IEEM», «INFOEM») is read with "el" (el Instituto, el Organismo: store the
    article when it is another); a name that starts with a proper name gets none; a plural first
    noun («Servicios de Salud») gets "los"/"las"."""
    first = _first_word(name)
    if not first:
        return NO_ARTICLE
    if first.isupper() and len(first) > 1:
        return "el"
    plain = _plain(first)
    if plain in _NO_ARTICLE_FIRST_WORDS:
        return NO_ARTICLE
    gender = guess_gender(name)
    plural = plain.endswith("s") and len(plain) > 3 and plain not in {"pais", "mes"} and not plain.endswith(
        ("is", "us"))
    if plural:
        return "los" if gender == MASCULINE else "las"
    return "el" if gender == MASCULINE else "la"


def gender_of_article(article):
    return FEMININE if article in ("la", "las") else MASCULINE


class Named:
    """A name with its article, for text that names a thing another way (its acronym, say)."""

    def __init__(self, name, article):
        self.name = self.display_name = name
        self.article = article

    def __str__(self):
        return self.name


def _parts(thing):
    """(name, article) of a string or of an object with ``display_name``/``name`` and ``article``."""
    if isinstance(thing, str):
        return thing, guess_article(thing)
    name = getattr(thing, "display_name", None) or getattr(thing, "name", "") or str(thing)
    article = getattr(thing, "grammatical_article", None) or getattr(thing, "article", "") or ""
    if not article:
        article = guess_article(getattr(thing, "name", "") or name)
    return name, article


def article_of(thing):
    return _parts(thing)[1]


def with_article(thing, capitalize=False):
    """«el Instituto…», «la Contraloría…», «Transparencia Mexicana»."""
    name, article = _parts(thing)
    text = name if article == NO_ARTICLE else f"{article} {name}"
    return _cap(text) if capitalize else text


def of(thing):
    """«del Instituto…», «de la Contraloría…», «de los Servicios…», «de Transparencia Mexicana»."""
    name, article = _parts(thing)
    if article == "el":
        return f"del {name}"
    if article == NO_ARTICLE:
        return f"de {name}"
    return f"de {article} {name}"


def to(thing):
    """«al Instituto…», «a la Contraloría…»."""
    name, article = _parts(thing)
    if article == "el":
        return f"al {name}"
    if article == NO_ARTICLE:
        return f"a {name}"
    return f"a {article} {name}"


def by(thing):
    """«por el Instituto…», «por la Contraloría…»."""
    return f"por {with_article(thing)}"


def agree(gender, masculine, feminine):
    """The word that agrees with ``gender``: agree(FEMININE, "representado", "representada")."""
    return feminine if gender == FEMININE else masculine


def _cap(text):
    return text[:1].upper() + text[1:]


def capfirst(text):
    return _cap(text)


def join_list(items, conjunction="y"):
    """«A», «A y B», «A, B y C»; «e» before a word that starts with the sound «i»."""
    items = [str(item) for item in items if str(item)]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    last = items[-1]
    if conjunction == "y" and re.match(r"^(i|hi)(?![aeiouáéíóú])", _plain(last)):
        conjunction = "e"
    if conjunction == "o" and re.match(r"^(o|ho)", _plain(last)):
        conjunction = "u"
    return f"{', '.join(items[:-1])} {conjunction} {last}"


def quantity(count, singular, plural, feminine=False):
    """«un acuerdo», «una reunión», «dos acuerdos», «21 sesiones» (numbers in words up to 99)."""
    from core.spanish import cardinal

    if count == 1:
        return f"{'una' if feminine else 'un'} {singular}"
    word = cardinal(count)
    if feminine and word.endswith("uno"):
        word = word[:-3] + "una"
    elif word == "veintiuno":
        word = "veintiún"
    elif word.endswith("uno"):
        word = word[:-1]
    return f"{word} {plural}"


# Phrases the report must never print: a name that needs an article without it.
BARE_PATTERNS = [
    r"\b(?:de|a|en|por|con)\s+(?:Instituto|Contraloría|Secretaría|Poder|Tribunal|Comisión|Consejo|"
    r"Universidad|Fiscalía|Secretariado|Grupo|Mesa|Junta|Ayuntamiento|Sistema|Legislatura|"
    r"Coordinación|Dirección|Unidad)\b",
    r"\b(?:de|a)\s+(?:IEEM|INFOEM)\b",
]


def bare_names(text):
    """Places in ``text`` where a name that needs its article stands bare («de Instituto», «a
    Contraloría», «de IEEM»)."""
    found = []
    for pattern in BARE_PATTERNS:
        found.extend(match.group(0) for match in re.finditer(pattern, text))
    return found
