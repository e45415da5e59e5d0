"""Production's static files storage (stl_portal/staticfiles.py): a redeploy's ``collectstatic``
compresses again only the files that changed, and never trusts a half-written compressed copy."""

import gzip
import json
import os

import brotli
import pytest
from django.core.management import call_command
from django.test import override_settings

from stl_portal import staticfiles

STORAGE = "stl_portal.staticfiles.IncrementalCompressedManifestStaticFilesStorage"
STYLESHEET = "body { background: url('../img/punto.svg'); }\n" + "p { color: #123456; margin: 0 auto; }\n" * 40
IMAGE = '<svg xmlns="http://www.w3.org/2000/svg">' + '<circle r="1"/>' * 40 + "</svg>\n"

pytestmark = pytest.mark.own_sqlite_site


def script(version):
    return "".join(f"function paso{index}() {{ return '{version}-{index}'; }}\n" for index in range(60))


@pytest.fixture
def site(tmp_path, monkeypatch):
    """Static sources in a folder of their own, collected into another with production's storage;
    ``site.collect()`` runs collectstatic and returns the names it compressed."""
    source, root = tmp_path / "fuentes", tmp_path / "static"
    for name, text in {"css/sitio.css": STYLESHEET, "img/punto.svg": IMAGE, "js/app.js": script("uno")}.items():
        (source / name).parent.mkdir(parents=True, exist_ok=True)
        (source / name).write_text(text)
    compressed = []
    compress = staticfiles.AtomicCompressor.compress

    def counting_compress(self, path):
        compressed.append(path[len(str(root)) + 1:])
        return compress(self, path)

    monkeypatch.setattr(staticfiles.AtomicCompressor, "compress", counting_compress)

    def collect():
        compressed.clear()
        call_command("collectstatic", "--noinput", "--verbosity", "0")
        return set(compressed)

    with override_settings(
        STATIC_ROOT=root, STATICFILES_DIRS=[source],
        STATICFILES_FINDERS=["django.contrib.staticfiles.finders.FileSystemFinder"],
        STORAGES={"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                  "staticfiles": {"BACKEND": STORAGE}},
    ):
        yield type("Site", (), {"source": source, "root": root, "collect": staticmethod(collect)})


def manifest(root):
    return json.loads((root / "staticfiles.json").read_text())["paths"]


def copies(root):
    """Every compressed copy: name -> (bytes, inode), and that it holds its file's present bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.suffix in (".br", ".gz"):
            data = path.read_bytes()
            plain = brotli.decompress(data) if path.suffix == ".br" else gzip.decompress(data)
            assert plain == path.with_suffix("").read_bytes(), path
            found[str(path.relative_to(root))] = (data, path.stat().st_ino)
    return found


def test_a_second_collectstatic_compresses_nothing_and_keeps_the_same_copies(site):
    first = site.collect()
    names = manifest(site.root)
    assert first == {"css/sitio.css", "img/punto.svg", "js/app.js", *names.values()}
    before = copies(site.root)
    assert {name for name in before if name.endswith(".br")} == {f"{name}.br" for name in first}

    assert site.collect() == set()
    assert manifest(site.root) == names
    assert copies(site.root) == before  # the same bytes, the same files: none was written again
    assert not [path for path in site.root.rglob("*.tmp")]


def test_a_changed_file_is_compressed_again_and_only_it(site):
    site.collect()
    old = manifest(site.root)
    changed = site.source / "js/app.js"
    changed.write_text(script("dos"))
    later = changed.stat().st_mtime + 5  # collectstatic copies again a file newer by a second or more
    os.utime(changed, (later, later))

    assert site.collect() == {"js/app.js", manifest(site.root)["js/app.js"]}
    assert manifest(site.root)["js/app.js"] != old["js/app.js"]
    after = copies(site.root)  # each copy holds its file's present bytes: js/app.js's are new
    assert gzip.decompress(after["js/app.js.gz"][0]).decode() == script("dos")


def test_a_copy_not_made_from_the_present_file_is_made_again(site):
    site.collect()
    hashed_script = manifest(site.root)["js/app.js"]
    # An unhashed copy that is not the file's (another time than the file's own), and a hashed file
    # with only one of its two copies (a run stopped between them).
    (site.root / "css/sitio.css.gz").write_bytes(gzip.compress(b"otro contenido"))
    (site.root / f"{hashed_script}.gz").unlink()

    assert site.collect() == {"css/sitio.css", hashed_script}
    copies(site.root)


def test_a_compressed_copy_is_never_left_half_written(site, monkeypatch):
    def killed(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(staticfiles.os, "replace", killed)
    with pytest.raises(KeyboardInterrupt):
        site.collect()
    assert not [path for path in site.root.rglob("*") if path.suffix in (".br", ".gz", ".tmp")]
    monkeypatch.undo()
