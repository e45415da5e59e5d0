import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opendata import format as opendata

DOCS = Path(settings.BASE_DIR) / "docs"
SCHEMA_PATH = DOCS / "open-data.schema.json"
GUIDE_PATH = DOCS / "open-data.md"
START, END = "<!-- campos: generado por manage.py open_data_schema -->", "<!-- fin de los campos -->"


def schema_text():
    return json.dumps(opendata.build_schema(), ensure_ascii=False, indent=2) + "\n"


def _type_of(spec):
    kinds = spec.get("type", "")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    words = {"string": "texto", "integer": "entero", "boolean": "booleano", "array": "lista", "null": "null"}
    text = " o ".join(words.get(k, k) for k in kinds if k)
    if spec.get("format") == "date":
        text = text.replace("texto", "fecha")
    if spec.get("format") == "date-time":
        text = text.replace("texto", "fecha y hora")
    if "enum" in spec:
        text += ": " + ", ".join(f"`{v}`" for v in spec["enum"] if v not in ("", None))
    return text or "objeto"


def fields_markdown():
    schema = opendata.build_schema()
    lines = []
    for key, definition in schema["$defs"].items():
        lines += [f"### `{key}`", "", definition.get("description", ""), "",
                  "| campo | tipo | obligatorio | significado |", "| --- | --- | --- | --- |"]
        required = set(definition["required"])
        for name, spec in definition["properties"].items():
            meaning = spec.get("description", "").replace("|", "\\|").replace("\n", " ")
            lines.append(f"| `{name}` | {_type_of(spec)} | {'sí' if name in required else 'no'} | {meaning} |")
            if spec.get("type") == "array" and "properties" in spec.get("items", {}):
                item = spec["items"]
                item_required = set(item.get("required", []))
                for sub, sub_spec in item["properties"].items():
                    sub_meaning = sub_spec.get("description", "").replace("|", "\\|")
                    lines.append(f"| `{name}[].{sub}` | {_type_of(sub_spec)} | "
                                 f"{'sí' if sub in item_required else 'no'} | {sub_meaning} |")
        lines.append("")
    return "\n".join(lines)


def guide_text(current):
    if START not in current or END not in current:
        raise CommandError("docs/open-data.md perdió las marcas de la sección generada.")
    head, rest = current.split(START, 1)
    _old, tail = rest.split(END, 1)
    return f"{head}{START}\n\n{fields_markdown()}\n{END}{tail}"


class Command(BaseCommand):
    help = ("Escribe docs/open-data.schema.json y la tabla de campos de docs/open-data.md a partir de "
            "los modelos. Con --check solo comprueba que estén al día.")

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true")

    def handle(self, *args, check=False, **options):
        schema = schema_text()
        current_guide = GUIDE_PATH.read_text(encoding="utf-8")
        guide = guide_text(current_guide)
        if check:
            if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != schema:
                raise CommandError("docs/open-data.schema.json no coincide con los modelos: "
                                   "ejecute manage.py open_data_schema.")
            if guide != current_guide:
                raise CommandError("docs/open-data.md no coincide con los modelos: ejecute manage.py open_data_schema.")
            return
        SCHEMA_PATH.write_text(schema, encoding="utf-8")
        GUIDE_PATH.write_text(guide, encoding="utf-8")
        self.stdout.write(f"Escritos {SCHEMA_PATH} y {GUIDE_PATH}.")
