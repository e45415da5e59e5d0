import datetime

import pytest

from core.spanish import cardinal, long_date, ordinal


@pytest.mark.parametrize(("number", "word"), [
    (1, "Primera"), (2, "Segunda"), (3, "Tercera"), (4, "Cuarta"), (7, "Séptima"), (10, "Décima"),
    (12, "Décima Segunda"), (21, "Vigésima Primera"),
])
def test_ordinals_in_words(number, word):
    assert ordinal(number, capitalize=True) == word


def test_masculine_ordinal():
    assert ordinal(1, feminine=False) == "primero"


def test_dates_written_out():
    assert long_date(datetime.date(2020, 4, 8)) == "8 de abril de 2020"
    assert long_date(datetime.date(2019, 10, 15)) == "15 de octubre de 2019"


def test_cardinals():
    assert cardinal(9) == "nueve"
    assert cardinal(21) == "veintiuno"
    assert cardinal(45) == "cuarenta y cinco"
    assert cardinal(150) == "150"
