"""dyad's exceptions: one class per Status code of the C++ library (include/dyad/status.h).

Every error the library reports reaches Python as one of these, with the message `dyad`
prints on the command line (``Status::ToString()``: ``"NotFound: x.model: cannot open
..."``). Each class also derives from the nearest built-in exception, so ``except
FileNotFoundError`` or ``except ValueError`` work as a Python user expects.
"""

from __future__ import annotations


class Error(Exception):
    """Base class of dyad's errors. ``code`` is the C++ Status code name."""

    code = "Internal"


class InvalidArgumentError(Error, ValueError):
    """A bad option, record or dictionary value (Status kInvalidArgument)."""

    code = "InvalidArgument"


class NotFoundError(Error, FileNotFoundError):
    """A file that does not exist (Status kNotFound)."""

    code = "NotFound"


class IOError(Error, OSError):  # noqa: A001 - the Status code's name
    """A file that cannot be read or written (Status kIOError)."""

    code = "IOError"


class CorruptionError(Error):
    """A damaged model or store file; the message names the byte offset (kCorruption)."""

    code = "Corruption"


class UnsupportedError(Error):
    """A model or store format version this dyad does not read (Status kUnsupported)."""

    code = "Unsupported"


class ResourceExhaustedError(Error, MemoryError):
    """A budget was exceeded (Status kResourceExhausted)."""

    code = "ResourceExhausted"


class InternalError(Error, RuntimeError):
    """A bug in dyad (Status kInternal)."""

    code = "Internal"


class InputWarning(UserWarning):
    """A record ``code_many(..., errors="skip")`` skipped: ``"docs:N: message"``."""


_BY_CODE = {cls.code: cls for cls in (InvalidArgumentError, NotFoundError, IOError,
                                      CorruptionError, UnsupportedError,
                                      ResourceExhaustedError, InternalError)}


def raise_status(code: str, message: str) -> None:
    """Raises the class of Status code name ``code`` (called by the extension module)."""
    raise _BY_CODE.get(code, InternalError)(message)
