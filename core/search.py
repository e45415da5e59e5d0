"""Search that speaks Spanish, on PostgreSQL and on SQLite, with the same results.

Text is compared the way a reader expects: accents and case do not matter («participacion»,
«PARTICIPACIÓN» and «participación» are one word), and words are reduced to their stem
(«metodologías» finds «metodología»).

- On **PostgreSQL** a record's text becomes a ``tsvector`` with the text search configuration
  ``es_unaccent`` (Spanish Snowball stemmer after ``unaccent``; created by the migration
  ``core/migrations/0002_spanish_search``), title words weighing more than the body; a GIN index over
  that same expression keeps it fast, and ``ts_rank`` orders the results.
- On **SQLite** (development, tests) each searchable record stores ``search_text``: the same stems,
  worked out in Python by :func:`stems` (the same Snowball algorithm over the unaccented word, so both
  databases agree), title words first; a search asks that every query stem is there.

Highlighting is done here in Python for both (:func:`highlight`), so a page marks the same words
whatever the database. Sorting by title follows Spanish order with :func:`sort_key` (accents and case
ignored, «ñ» after «n»), stored in ``sort_title``.
"""

import functools
import re
import unicodedata

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection, models
from django.db.models import Case, F, FloatField, Q, Value, When
from django.db.models.functions import Collate, StrIndex
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

CONFIG = "es_unaccent"
MAX_TERMS = 8
WORD = re.compile(r"\w+", re.UNICODE)

# PostgreSQL's Spanish stop words (tsearch_data/spanish.stop) that have no accent: ``unaccent`` runs
# before the stop list, so only these can ever match.
STOP_WORDS = frozenset("""
de la que el en y a los del se las por un para con no una su al lo como pero sus le ya o este porque
esta entre cuando muy sin sobre me hasta hay donde quien desde todo nos durante todos uno les ni contra
otros ese eso ante ellos e esto antes algunos unos yo otro otras otra tanto esa estos mucho quienes nada
muchos cual poco ella estar estas algunas algo nosotros mi mis te ti tu tus ellas nosotras vosostros
vosostras os tuyo tuya tuyos tuyas suyo suya suyos suyas nuestro nuestra nuestros nuestras vuestro
vuestra vuestros vuestras esos esas estoy estamos estemos estaremos estaba estabas estabais estaban
estuve estuviste estuvo estuvimos estuvisteis estuvieron estuviera estuvieras estuvierais estuvieran
estuviese estuvieses estuvieseis estuviesen estando estado estada estados estadas estad he has ha hemos
han haya hayas hayamos hayan habremos hube hubiste hubo hubimos hubisteis hubieron hubiera hubieras
hubierais hubieran hubiese hubieses hubieseis hubiesen habiendo habido habida habidos habidas soy eres
es somos sois son sea seas seamos sean seremos era eras erais eran fui fuiste fue fuimos fuisteis fueron
fuera fueras fuerais fueran fuese fueses fueseis fuesen sintiendo sentido sentida sentidos sentidas
siente sentid tengo tienes tiene tenemos tienen tenga tengas tengamos tengan tendremos tuve tuviste tuvo
tuvimos tuvisteis tuvieron tuviera tuvieras tuvierais tuvieran tuviese tuvieses tuvieseis tuviesen
teniendo tenido tenida tenidos tenidas tened
""".split())


def normalize(text):
    """Lower case without accents: «PARTICIPACIÓN» → «participacion» (ñ → n, like ``unaccent``)."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


# --- The Snowball Spanish stemmer (snowballstem.org/algorithms/spanish/stemmer.html) -----------

_VOWELS = set("aeiouáéíóúü")
_STEP0_PRONOUNS = ("selas", "selos", "sela", "selo", "las", "les", "los", "nos", "me", "se", "la", "le", "lo")
_STEP0_BEFORE = {"iéndo": "iendo", "ándo": "ando", "ár": "ar", "ér": "er", "ír": "ir",
                 "ando": "ando", "iendo": "iendo", "ar": "ar", "er": "er", "ir": "ir"}
_STEP1 = [
    (("amientos", "imientos", "amiento", "imiento", "anzas", "ismos", "ables", "ibles", "istas", "anza", "icos",
      "icas", "ismo", "able", "ible", "ista", "osos", "osas", "ico", "ica", "oso", "osa"), "delete"),
    (("aciones", "adoras", "adores", "ancias", "ación", "adora", "antes", "ancia", "ador", "ante"), "ic"),
    (("logías", "logía"), "log"),
    (("uciones", "ución"), "u"),
    (("encias", "encia"), "ente"),
    (("amente",), "amente"),
    (("mente",), "mente"),
    (("idades", "idad"), "idad"),
    (("ivas", "ivos", "iva", "ivo"), "iv"),
]
_STEP1_SUFFIXES = sorted(((s, rule) for group, rule in _STEP1 for s in group), key=lambda p: -len(p[0]))
_STEP2A = sorted(("ya", "ye", "yan", "yen", "yeron", "yendo", "yo", "yó", "yas", "yes", "yais", "yamos"),
                 key=len, reverse=True)
_STEP2B_GU = ("en", "es", "éis", "emos")
_STEP2B = sorted(set("""
arían arías arán arás aríais aría aréis aríamos aremos ará aré erían erías erán erás eríais ería eréis
eríamos eremos erá eré irían irías irán irás iríais iría iréis iríamos iremos irá iré aba ada ida ía ara
iera ad ed id ase iese aste iste an aban ían aran ieran asen iesen aron ieron ado ido ando iendo ió ar er
ir as abas adas idas ías aras ieras ases ieses ís áis abais íais arais ierais aseis ieseis asteis isteis
ados idos amos ábamos íamos imos áramos iéramos iésemos ásemos
""".split()) | set(_STEP2B_GU), key=len, reverse=True)
_ACCENTS = str.maketrans("áéíóú", "aeiou")


def _regions(word):
    n = len(word)

    def after_non_vowel_following_vowel(start):
        for i in range(start + 1, n):
            if word[i] not in _VOWELS and word[i - 1] in _VOWELS:
                return i + 1
        return n

    r1 = after_non_vowel_following_vowel(0)
    r2 = after_non_vowel_following_vowel(r1)
    rv = n
    if n >= 2:
        if word[1] not in _VOWELS:
            rv = next((i + 1 for i in range(2, n) if word[i] in _VOWELS), n)
        elif word[0] in _VOWELS and word[1] in _VOWELS:
            rv = next((i + 1 for i in range(2, n) if word[i] not in _VOWELS), n)
        else:
            rv = 3 if n >= 3 else n
    return rv, r1, r2


def _longest(word, suffixes):
    return next((s for s in suffixes if word.endswith(s)), None)


@functools.lru_cache(maxsize=16384)
def stem(word):
    """The Snowball Spanish stem of one lower-case word. Kept per process: every save of a searchable
    record stems all its words, and a record's words repeat (a 70-word text: 1 ms, then 80 µs)."""
    if len(word) < 2:
        return word
    rv, r1, r2 = _regions(word)

    # Step 0: attached pronoun.
    pronoun = _longest(word, _STEP0_PRONOUNS)
    if pronoun and len(word) - len(pronoun) >= rv:
        base = word[:-len(pronoun)]
        before = _longest(base, sorted(_STEP0_BEFORE, key=len, reverse=True))
        if before and len(base) - len(before) >= rv:
            word = base[:-len(before)] + _STEP0_BEFORE[before]
        elif base.endswith("uyendo") and len(base) - 5 >= rv:
            word = base

    # Step 1: standard suffixes.
    step1_done = False
    suffix, rule = next(((s, r) for s, r in _STEP1_SUFFIXES if word.endswith(s)), (None, None))
    if suffix:
        start = len(word) - len(suffix)
        if rule == "delete" and start >= r2:
            word, step1_done = word[:start], True
        elif rule == "ic" and start >= r2:
            word, step1_done = word[:start], True
            if word.endswith("ic") and len(word) - 2 >= r2:
                word = word[:-2]
        elif rule in ("log", "u", "ente") and start >= r2:
            word, step1_done = word[:start] + {"log": "log", "u": "u", "ente": "ente"}[rule], True
        elif rule == "amente" and start >= r1:
            word, step1_done = word[:start], True
            if word.endswith("iv") and len(word) - 2 >= r2:
                word = word[:-2]
                if word.endswith("at") and len(word) - 2 >= r2:
                    word = word[:-2]
            else:
                for pre in ("os", "ic", "ad"):
                    if word.endswith(pre) and len(word) - 2 >= r2:
                        word = word[:-2]
                        break
        elif rule == "mente" and start >= r2:
            word, step1_done = word[:start], True
            for pre in ("ante", "able", "ible"):
                if word.endswith(pre) and len(word) - len(pre) >= r2:
                    word = word[:-len(pre)]
                    break
        elif rule == "idad" and start >= r2:
            word, step1_done = word[:start], True
            for pre in ("abil", "ic", "iv"):
                if word.endswith(pre) and len(word) - len(pre) >= r2:
                    word = word[:-len(pre)]
                    break
        elif rule == "iv" and start >= r2:
            word, step1_done = word[:start], True
            if word.endswith("at") and len(word) - 2 >= r2:
                word = word[:-2]

    if not step1_done:
        # Step 2a: verb suffixes beginning with «y» (the suffix within RV, after «u»).
        done = False
        region = word[rv:]
        suffix = _longest(region, _STEP2A)
        if suffix and word[:-len(suffix)].endswith("u"):
            word, done = word[:-len(suffix)], True
        if not done:
            # Step 2b: other verb suffixes, within RV.
            region = word[rv:]
            suffix = _longest(region, _STEP2B)
            if suffix:
                word = word[:-len(suffix)]
                if suffix in _STEP2B_GU and word.endswith("gu"):
                    word = word[:-1]

    # Step 3: residual suffix.
    rv = min(rv, len(word))
    suffix = _longest(word, ("os", "a", "o", "á", "í", "ó", "e", "é"))
    if suffix and len(word) - len(suffix) >= rv:
        word = word[:-len(suffix)]
        if suffix in ("e", "é") and word.endswith("gu") and len(word) - 1 >= rv:
            word = word[:-1]
    return word.translate(_ACCENTS)


def words(text):
    return WORD.findall(text or "")


def stems(text):
    """The stems of a text as PostgreSQL's ``es_unaccent`` makes them: unaccent, drop stop words,
    stem. Underscores and digits are kept as they come."""
    result = []
    for word in words(normalize(text)):
        if word in STOP_WORDS or "_" in word:
            continue
        result.append(stem(word) if word.isalpha() else word)
    return result


def query_terms(query):
    """The distinct stems of what a visitor typed, at most MAX_TERMS of them."""
    terms = []
    for term in stems(query):
        if term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def query_words(query):
    """The words typed that give those MAX_TERMS stems, for PostgreSQL to parse itself."""
    kept, seen = [], set()
    for word in words(query):
        found = stems(word)
        if not found:
            continue
        if found[0] not in seen:
            if len(seen) == MAX_TERMS:
                break
            seen.add(found[0])
        kept.append(word)
    return kept


def search_text(title_text, body_text):
    """What SQLite searches: « title stems | body stems » (spaces around every stem)."""
    return f" {' '.join(stems(title_text))} | {' '.join(stems(body_text))} "


SPANISH_ORDER = str.maketrans({"ñ": "n{"})  # «{» sorts right after «z»: «ñ» after every «n…»


def sort_key(text):
    """A key whose byte order is Spanish alphabetical order: «Círculos» before «Cultura», «nube»
    before «ñandú», case and punctuation ignored."""
    lowered = (text or "").lower().translate(SPANISH_ORDER)
    plain = "".join(c for c in unicodedata.normalize("NFKD", lowered) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9{ ]+", " ", plain).split())[:300]


def by_title(prefix=""):
    """Order by a record's ``sort_title`` byte by byte (PostgreSQL's database collation could be a
    locale that ignores spaces)."""
    field = F(f"{prefix}sort_title")
    if connection.vendor == "postgresql":
        return Collate(field, "C")
    return field


class Searchable(models.Model):
    """A record found by the search: ``search_title_fields`` weigh more than ``search_body_fields``.

    ``search_text`` and ``sort_title`` are worked out on every save (and by the bulk loaders through
    :meth:`refresh_search_columns`); they are never edited nor published."""

    search_title_fields = ("title",)
    search_body_fields = ()

    search_text = models.TextField(_("texto para la búsqueda"), blank=True, default="", editable=False)
    sort_title = models.CharField(_("clave de orden alfabético"), max_length=300, blank=True, default="",
                                  editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.refresh_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_text", "sort_title"}
        super().save(*args, **kwargs)

    def _joined(self, names):
        return " \n".join(str(getattr(self, name) or "") for name in names)

    def refresh_search_columns(self):
        self.search_text = search_text(self._joined(self.search_title_fields),
                                       self._joined(self.search_body_fields))
        self.sort_title = sort_key(self._joined(self.search_title_fields))


SEARCH_COLUMNS = ("search_text", "sort_title")


def document_vector(model):
    """The ``tsvector`` of a searchable model on PostgreSQL: title fields weight A, body fields B.
    The migration that creates the GIN index compiles this same expression."""
    vector = SearchVector(*model.search_title_fields, config=CONFIG, weight="A")
    if model.search_body_fields:
        vector = vector + SearchVector(*model.search_body_fields, config=CONFIG, weight="B")
    return vector


def search(queryset, query):
    """The records of ``queryset`` that contain every word of ``query`` (as stems), annotated with
    ``rank`` (higher is better). ``None`` when the query has no word to look for."""
    terms = query_terms(query)
    if not terms:
        return None
    model = queryset.model
    if connection.vendor == "postgresql":
        tsquery = SearchQuery(" ".join(query_words(query)), config=CONFIG, search_type="plain")
        return queryset.annotate(search_vector=document_vector(model)).filter(search_vector=tsquery).annotate(
            rank=SearchRank(F("search_vector"), tsquery))
    condition = Q()
    rank = Value(0.0, output_field=FloatField())
    queryset = queryset.alias(_separator=StrIndex("search_text", Value(" | ")))
    for index, term in enumerate(terms):
        token = f" {term} "
        condition &= Q(search_text__contains=token)
        queryset = queryset.alias(**{f"_position{index}": StrIndex("search_text", Value(token))})
        rank = rank + Case(When(**{f"_position{index}__lt": F("_separator")}, then=Value(1.0)),
                           default=Value(0.4), output_field=FloatField())
    return queryset.filter(condition).annotate(rank=rank)


def highlight(text, query_or_terms, limit=None):
    """``text`` escaped, with the words whose stem the query looks for in ``<mark>``; ``limit`` cuts
    it to about that many characters around the first match."""
    terms = set(query_terms(query_or_terms) if isinstance(query_or_terms, str) else query_or_terms)
    text = text or ""
    if limit and len(text) > limit:
        first = None
        for match in WORD.finditer(text):
            if _matches(match.group(), terms):
                first = match.start()
                break
        start = max(0, (first or 0) - limit // 3)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < (first or start) else start
        end = min(len(text), start + limit)
        space = text.rfind(" ", start, end)
        end = space if end < len(text) and space > start else end
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    parts, last = [], 0
    for match in WORD.finditer(text):
        if _matches(match.group(), terms):
            parts.append(escape(text[last:match.start()]))
            parts.append(f"<mark>{escape(match.group())}</mark>")
            last = match.end()
    parts.append(escape(text[last:]))
    return mark_safe("".join(parts))


def _matches(word, terms):
    plain = normalize(word)
    return bool(terms) and plain not in STOP_WORDS and (stem(plain) if plain.isalpha() else plain) in terms


def index_name(model_name):
    return f"{model_name[:20]}_fts_es"


def add_search_index(app_label, model_name, title_fields, body_fields):
    """A migration operation: fill ``search_text`` and ``sort_title`` of the rows already there, and
    on PostgreSQL add the GIN index over the expression :func:`search` queries (not in the model's
    ``Meta``, so SQLite never sees it)."""
    from django.contrib.postgres.indexes import GinIndex
    from django.db import migrations

    def vector():
        result = SearchVector(*title_fields, config=CONFIG, weight="A")
        if body_fields:
            result = result + SearchVector(*body_fields, config=CONFIG, weight="B")
        return result

    def forwards(apps, schema_editor):
        model = apps.get_model(app_label, model_name)
        rows = list(model._default_manager.using(schema_editor.connection.alias).all())
        for row in rows:
            title = " \n".join(str(getattr(row, name) or "") for name in title_fields)
            body = " \n".join(str(getattr(row, name) or "") for name in body_fields)
            row.search_text, row.sort_title = search_text(title, body), sort_key(title)
        model._default_manager.using(schema_editor.connection.alias).bulk_update(
            rows, ["search_text", "sort_title"], batch_size=500)
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.add_index(model, GinIndex(vector(), name=index_name(model_name)))
            # by_title() orders with COLLATE "C"; the models' own index on sort_title serves SQLite.
            schema_editor.execute(f'CREATE INDEX "{model_name[:20]}_sort_c" ON '
                                  f'{schema_editor.quote_name(model._meta.db_table)} (sort_title COLLATE "C")')

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            model = apps.get_model(app_label, model_name)
            schema_editor.remove_index(model, GinIndex(vector(), name=index_name(model_name)))
            schema_editor.execute(f'DROP INDEX IF EXISTS "{model_name[:20]}_sort_c"')

    return migrations.RunPython(forwards, backwards)
