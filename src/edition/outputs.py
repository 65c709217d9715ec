"""Output folders the tool owns: where it may write, what it may remove, and how it swaps a site.

A folder the tool writes carries a marker file of its own (``.edition-output``). The tool
replaces or removes only folders with that marker (or ones it has just created), and refuses an
``--out`` that holds someone else's files, the project folder itself, or a folder that contains
the project's ``raw/`` or ``tei/``. A new site is built beside the old one and swapped in by an
exchange of whole folders, so ``build/html`` is always the old or the new site, never half of one.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .diagnostics import EditionError

MARKER = ".edition-output"
MARKER_TEXT = ("This folder is written by the `edition` command and replaced on every build: "
               "do not keep your own files here.\n")
LOCK_NAME = ".edition.lock"


def is_ours(folder: Path) -> bool:
    return (folder / MARKER).is_file()


def mark(folder: Path) -> None:
    """Put the marker in ``folder`` (made if need be). A new folder is made under a temporary
    name and renamed once marked, so that a kill never leaves it there without its marker."""
    if folder.is_dir():
        (folder / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        return
    folder.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        (fresh / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        fresh.chmod(0o755)
        os.rename(fresh, folder)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise


def check_out_dir(out: Path, root: Path, default: bool = False) -> Path:
    """Return ``out`` resolved if the tool may write (and replace) it; otherwise raise.

    ``default``: the folder is the project's own build/<stage> (the user did not name it), which
    a build from before the marker existed may have left unmarked."""
    target = out.resolve()
    project = root.resolve()
    protected = [project / "raw", project / "tei"]
    if target == project:
        raise EditionError("--out is the project folder: give a folder of its own, e.g. build/site",
                           file=out)
    for folder in protected:
        if target == folder or folder.is_relative_to(target) or target.is_relative_to(folder):
            raise EditionError(f"--out would overlap the project's {folder.name}/ folder: "
                               "give a folder of its own", file=out)
    if target.exists() and not target.is_dir():
        raise EditionError("--out is a file, not a folder", file=out)
    if target.is_dir() and not default and not is_ours(target) and any(target.iterdir()):
        raise EditionError(f"--out holds files the edition did not write (no {MARKER} marker): "
                           "give an empty or new folder", file=out)
    return target


def remove_ours(folder: Path) -> None:
    """Remove a folder the tool wrote (it has the marker); anything else is left alone.
    The marker goes last: a removal killed half-way leaves a folder still known as ours."""
    if not (folder.is_dir() and not folder.is_symlink() and is_ours(folder)):
        return
    for child in folder.iterdir():
        if child.name == MARKER:
            continue
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    (folder / MARKER).unlink()
    folder.rmdir()


def staging_for(out: Path) -> Path:
    """The folder a new site is built in, beside ``out``; a leftover from a killed build goes.
    Refuses at once (before any work) when ``out`` could not be replaced at the end."""
    if not replaceable(out):
        raise EditionError("not replaced: this folder holds files the edition did not write",
                           file=out)
    staging = out.with_name(f".{out.name}.building")
    if staging.exists():
        if not is_ours(staging):
            raise EditionError("a folder of this name exists and was not written by the edition; "
                               "move it away", file=staging)
        remove_ours(staging)
    for half_made in staging.parent.glob(f"{staging.name}.*"):  # mark() killed half-way
        if half_made.is_dir() and not half_made.is_symlink():
            remove_ours(half_made) if is_ours(half_made) else _remove_if_empty(half_made)
    mark(staging)
    return staging


def _remove_if_empty(folder: Path) -> None:
    if not any(folder.iterdir()):
        folder.rmdir()


def replaceable(out: Path) -> bool:
    """True if the tool may replace ``out``: absent, empty, marked, or a site of an earlier
    version of the tool (from before the marker: index.html, assets/ and tei/ and nothing else
    that a person would keep there is checked by the CLI's --out guard)."""
    if not out.exists():
        return True
    if not out.is_dir() or out.is_symlink():
        return False
    if is_ours(out) or not any(out.iterdir()):
        return True
    return all((out / name).exists() for name in ("index.html", "assets", "tei"))


def swap_in(staging: Path, out: Path) -> None:
    """Put the site in ``staging`` at ``out`` in one step; the former site (if any) is removed.

    On Linux the two folders are exchanged atomically (renameat2 RENAME_EXCHANGE): a reader or a
    kill sees the old site or the new one. Elsewhere the old one is renamed away first."""
    if not replaceable(out):
        raise EditionError("not replaced: this folder holds files the edition did not write",
                           file=out)
    if not out.exists():
        os.rename(staging, out)
        return
    former = staging
    if not _exchange(staging, out):
        former = out.with_name(f".{out.name}.old")
        remove_ours(former)
        os.rename(out, former)
        os.rename(staging, out)
    if is_ours(former):
        remove_ours(former)
    else:
        shutil.rmtree(former)  # a site of an earlier version (checked replaceable above)


_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the C library already loaded: no lookup
    except OSError:
        return False
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    done = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the file system cannot: fall back to two renames
    raise OSError(code, os.strerror(code), str(b))


def copy_atomic(src: Path, dst: Path) -> None:
    """Copy a file so that ``dst`` is the whole file or absent (never a truncated copy)."""
    tmp = dst.with_name(f".{dst.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


_held: dict[Path, tuple[int, int]] = {}


@contextmanager
def project_lock(build_dir: Path) -> Iterator[None]:
    """Hold ``build_dir/.edition.lock`` while writing; a second run stops with a clear message.

    Re-entrant within one process (``build`` runs convert, pdf and html, each of which locks)."""
    key = build_dir.resolve()
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held[key]
            _held[key] = (fd, depth - 1)
        return
    build_dir.mkdir(parents=True, exist_ok=True)
    path = build_dir / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        raise EditionError("another edition command is writing this project (lock held); "
                           "wait for it to finish and run again", file=path) from None
    _held[key] = (fd, 1)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        del _held[key]
        os.close(fd)  # closing releases the lock; the file stays (removing it would race)
