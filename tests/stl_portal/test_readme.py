"""The README tells a newcomer what they need, in the order the foundation issue asks for."""

import re
from pathlib import Path

README = Path(__file__).resolve().parents[2] / "README.md"


def headings():
    return re.findall(r"(?m)^## (.+)$", README.read_text(encoding="utf-8"))


def test_readme_sections_come_in_the_promised_order():
    wanted = ["Two commands", "What a visitor sees first", "Settings", "Dependencies"]
    found = [h for h in headings() if h in wanted]
    assert found == wanted


def test_readme_names_the_two_commands_and_every_setting():
    text = README.read_text(encoding="utf-8")
    for needle in ["make run", "make test", "DATABASE_URL", "DJANGO_SECRET_KEY", "DJANGO_DEBUG", "DJANGO_ALLOWED_HOSTS"]:
        assert needle in text
    # Spanish and English introduction come before the commands.
    intro = text.split("## Two commands")[0]
    assert "Secretariado Técnico Local" in intro and "Local Technical Secretariat" in intro
