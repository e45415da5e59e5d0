"""Spanish words for numbers and dates, as an official document writes them."""

import datetime

MONTHS = [
    "enero", "febrero", "marzo", "abril", "mayo", "junio",
    "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre",
]

_ORDINAL_UNITS = ["", "primer", "segund", "tercer", "cuart", "quint", "sext", "séptim", "octav", "noven"]
_ORDINAL_TENS = ["", "décim", "vigésim", "trigésim", "cuadragésim", "quincuagésim",
                 "sexagésim", "septuagésim", "octogésim", "nonagésim"]


def ordinal(number, feminine=True, capitalize=False):
    """1 → «primera», 12 → «décima segunda», up to 99; beyond that, «100.ª»."""
    if not isinstance(number, int) or number < 1:
        raise ValueError("ordinal needs a positive whole number")
    ending = "a" if feminine else "o"
    if number >= 100:
        word = f"{number}.{'ª' if feminine else 'º'}"
    else:
        tens, units = divmod(number, 10)
        parts = []
        if tens:
            parts.append(_ORDINAL_TENS[tens] + ending)
        if units:
            parts.append(_ORDINAL_UNITS[units] + ending)
        word = " ".join(parts)
    if capitalize:
        word = " ".join(part[:1].upper() + part[1:] for part in word.split(" "))
    return word


def long_date(day):
    """date(2020, 4, 8) → «8 de abril de 2020»."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def month_year(day):
    return f"{MONTHS[day.month - 1]} de {day.year}"


_UNITS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve",
          "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete",
          "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés",
          "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"]
_TENS = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"]


def cardinal(number):
    """Numbers in words up to 99 (9 → «nueve»); larger numbers stay as digits."""
    if number < 0 or number > 99:
        return str(number)
    if number < 30:
        return _UNITS[number]
    tens, units = divmod(number, 10)
    return _TENS[tens] + (f" y {_UNITS[units]}" if units else "")
