"""Files written so that a reader sees the old one or the whole new one, never a part.

A crash, a full disk or a kill at any moment must leave what was there: each file is written
to a temporary name beside its final one (same filesystem, so the rename is atomic), flushed
and fsync'ed, renamed, and the folder fsync'ed so the rename itself persists. The artifact
(artifact.py) and the generated script (convert.py) are both written this way.
"""
import contextlib
import os
import tempfile


@contextlib.contextmanager
def temporary_files(folder):
    """Make new empty files next to their final names, so each rename is atomic (same filesystem);
    whichever is not renamed into place by the end is removed, whatever happened."""
    os.makedirs(folder, exist_ok=True)
    temps = []

    def temporary(name):
        fd, path = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        os.close(fd)
        temps.append(path)
        return path

    try:
        yield temporary
    finally:
        for path in temps:
            if os.path.exists(path):
                os.unlink(path)


def write_synced(path, write):
    """Write through `write(handle)`, then flush and fsync so the rename never exposes a partial file."""
    with open(path, "wb") as handle:
        write(handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)  # readable by the service's user, like a normally created file


def fsync_dir(folder):
    """Persist the renames themselves."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(path, text):
    """Write `text` (UTF-8) to `path` so that a reader sees the old file or the whole new one, never half."""
    folder, name = os.path.split(os.path.abspath(path))
    with temporary_files(folder) as temporary:
        temp = temporary(name)
        write_synced(temp, lambda h: h.write(text.encode("utf-8")))
        os.replace(temp, path)
        fsync_dir(folder)
