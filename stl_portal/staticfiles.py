"""The static files storage of production: WhiteNoise's hashed names with Brotli and gzip copies,
made again only for the files that changed since the last ``collectstatic``.

WhiteNoise compresses every collected file at each ``collectstatic`` (about 270 files, Django admin's
vendor JavaScript among them: several CPU-seconds). A redeploy from the same release, or one that
changed a few files, does not need that: a compressed copy that is already there and was made from
the same content is kept. "The same content" is known by one of two marks:

- the file's name is one of the hashed names of the manifest: that name carries the hash of its
  content, so the copy beside it was made from the same bytes;
- or the copy's modification time is the file's own, which WhiteNoise gives every copy it writes:
  a file collected again (changed) gets a new modification time and is compressed again.

Copies are written to a temporary file and renamed into place, so a ``collectstatic`` killed half
way never leaves a half-written copy that a later one would trust.
"""

import os
import tempfile

from whitenoise.compress import Compressor
from whitenoise.storage import CompressedManifestStaticFilesStorage


class AtomicCompressor(Compressor):
    """WhiteNoise's compressor, writing each compressed copy atomically (temporary file, then rename)."""

    def write_data(self, path, data, suffix, stat_result):
        filename = path + suffix
        folder, base = os.path.split(filename)
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{base}.", suffix=".tmp")
        try:
            with os.fdopen(descriptor, "wb") as output:
                output.write(data)
            os.chmod(temporary, 0o644)
            os.utime(temporary, ns=(stat_result.st_atime_ns, stat_result.st_mtime_ns))
            os.replace(temporary, filename)
        except BaseException:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise
        return filename


class IncrementalCompressedManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """``CompressedManifestStaticFilesStorage`` that keeps the compressed copies still good."""

    def create_compressor(self, **kwargs):
        return AtomicCompressor(**kwargs)

    def compress_files(self, paths):
        suffixes = self.compressed_suffixes()
        hashed = set(self.hashed_files.values())
        to_compress = []
        for path in paths:
            if self.has_good_copies(path, path in hashed, suffixes):
                for suffix in suffixes:
                    yield path, path + suffix
            else:
                to_compress.append(path)
        yield from super().compress_files(to_compress)

    def compressed_suffixes(self):
        compressor = self.create_compressor(quiet=True)
        return [suffix for suffix, used in ((".br", compressor.use_brotli), (".gz", compressor.use_gzip)) if used]

    def has_good_copies(self, name, is_hashed, suffixes):
        """Whether every compressed copy of ``name`` is there and made from its present content.

        A file without them (never compressed, compressing did not pay off, or a run stopped
        between its two copies) is left to WhiteNoise, which compresses it or decides not to."""
        full_path = self.path(name)
        try:
            source = os.stat(full_path)
            copies = [os.stat(full_path + suffix) for suffix in suffixes]
        except FileNotFoundError:
            return False
        if not is_hashed:
            return all(copy.st_mtime_ns == source.st_mtime_ns for copy in copies)
        # The same content in a file written again (a CSS file whose references Django rewrote):
        # its copies take its new time, as WhiteNoise's own do.
        for suffix, copy in zip(suffixes, copies, strict=True):
            if copy.st_mtime_ns != source.st_mtime_ns:
                os.utime(full_path + suffix, ns=(source.st_atime_ns, source.st_mtime_ns))
        return True
