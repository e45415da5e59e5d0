"""The 32 entidades federativas of Mexico with their INEGI codes (Marco Geoestadístico), a short
abbreviation, and a place on a tile map (column, row): a cartogram where each state is one square,
near its neighbours. Real outlines are not shipped: the tile map is exact about which states there
are and reads the same on a phone, to a screen reader and in print."""

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True)
class State:
    code: str  # INEGI's two-digit key, «15» for México
    name: str
    abbreviation: str
    column: int
    row: int


STATES = [
    State("01", "Aguascalientes", "AGS", 2, 2),
    State("02", "Baja California", "BC", 0, 0),
    State("03", "Baja California Sur", "BCS", 0, 1),
    State("04", "Campeche", "CAMP", 7, 3),
    State("05", "Coahuila de Zaragoza", "COAH", 3, 0),
    State("06", "Colima", "COL", 1, 4),
    State("07", "Chiapas", "CHIS", 6, 4),
    State("08", "Chihuahua", "CHIH", 2, 0),
    State("09", "Ciudad de México", "CDMX", 4, 3),
    State("10", "Durango", "DGO", 2, 1),
    State("11", "Guanajuato", "GTO", 3, 2),
    State("12", "Guerrero", "GRO", 2, 4),
    State("13", "Hidalgo", "HGO", 5, 2),
    State("14", "Jalisco", "JAL", 1, 3),
    State("15", "México", "MEX", 3, 3),
    State("16", "Michoacán de Ocampo", "MICH", 2, 3),
    State("17", "Morelos", "MOR", 3, 4),
    State("18", "Nayarit", "NAY", 1, 2),
    State("19", "Nuevo León", "NL", 4, 0),
    State("20", "Oaxaca", "OAX", 5, 4),
    State("21", "Puebla", "PUE", 4, 4),
    State("22", "Querétaro", "QRO", 4, 2),
    State("23", "Quintana Roo", "QROO", 8, 3),
    State("24", "San Luis Potosí", "SLP", 4, 1),
    State("25", "Sinaloa", "SIN", 1, 1),
    State("26", "Sonora", "SON", 1, 0),
    State("27", "Tabasco", "TAB", 6, 3),
    State("28", "Tamaulipas", "TAMPS", 5, 0),
    State("29", "Tlaxcala", "TLAX", 5, 3),
    State("30", "Veracruz de Ignacio de la Llave", "VER", 5, 1),
    State("31", "Yucatán", "YUC", 8, 2),
    State("32", "Zacatecas", "ZAC", 3, 1),
]

STATE_BY_CODE = {state.code: state for state in STATES}
CHOICES = [(state.code, state.name) for state in STATES]


def _plain(text):
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().lower()
    return " ".join(text.replace(",", " ").split())


# How people also write them, for reading a free-text «entidad».
_ALIASES = {"estado de mexico": "15", "edomex": "15", "mexico": "15", "cdmx": "09", "distrito federal": "09",
            "coahuila": "05", "michoacan": "16", "veracruz": "30", "queretaro de arteaga": "22"}


def state_from_text(text):
    """The state a free text names («Estado de México» → «15»), or ""."""
    plain = _plain(text)
    if not plain:
        return ""
    for state in STATES:
        if _plain(state.name) == plain:
            return state.code
    return _ALIASES.get(plain, "")
