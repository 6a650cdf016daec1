"""Atomic file writes: a temporary file in the target folder, then a rename.

A failure at any point leaves no output file, or the previous one untouched,
and no temporary file: on an error, on Ctrl-C (SIGINT) and on SIGTERM alike.
An error names the output file, never the temporary one.
"""

from __future__ import annotations

import contextlib
import os
import signal
import tempfile
import threading
from pathlib import Path


class _Terminated(BaseException):
    """SIGTERM arrived during a write (raised so that the temporary file is removed)."""


@contextlib.contextmanager
def _sigterm_raises():
    """While inside, SIGTERM raises :class:`_Terminated` (in the main thread, unless SIGTERM is ignored)."""
    if threading.current_thread() is not threading.main_thread() or signal.getsignal(signal.SIGTERM) == signal.SIG_IGN:
        yield
        return

    def on_sigterm(signum, frame):
        raise _Terminated

    try:
        previous = signal.signal(signal.SIGTERM, on_sigterm)
    except (ValueError, OSError):  # no signals here (an embedded interpreter)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _naming(path: Path, exc: OSError) -> OSError:
    """The same error, naming the output file rather than the temporary one."""
    if exc.errno is None:
        return exc
    return type(exc)(exc.errno, exc.strerror, str(path))


def write_atomic(path: str | os.PathLike, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` atomically and return the path."""
    path = Path(path)
    if not path.parent.exists():
        raise FileNotFoundError(f"cannot write {path}: folder {path.parent} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    terminated = False
    with _sigterm_raises():
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        except OSError as exc:
            raise _naming(path, exc) from None
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(payload)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; an output file gets the usual mode
            os.replace(tmp, path)
        except BaseException as exc:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            if isinstance(exc, _Terminated):
                terminated = True
            elif isinstance(exc, OSError):
                raise _naming(path, exc) from None
            else:
                raise
    if terminated:  # the temporary file is gone: now end as SIGTERM would have
        os.kill(os.getpid(), signal.SIGTERM)
        raise SystemExit(128 + signal.SIGTERM)  # if a handler let us live, still stop the write's caller
    return path
