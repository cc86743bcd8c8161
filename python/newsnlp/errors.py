"""Exceptions raised by newsnlp.

Each class mirrors one C++ exception of ``newsnlp/error.hpp`` and also derives from the
built-in exception users already catch (``ValueError``, ``OSError``, ...). This module
never imports ``newsnlp._core``: the extension looks these classes up at import time.
"""

from __future__ import annotations


class NewsnlpError(Exception):
    """Base class of every newsnlp error."""


class InvalidArgumentError(NewsnlpError, ValueError):
    """A parameter or an input value is not acceptable; the message names the fix."""


class InvalidUtf8Error(InvalidArgumentError):
    """Input bytes are not well-formed UTF-8.

    Attributes:
        byte_offset: offset of the first bad byte in the document.
        document: index of the document in a batch, or None for a single text.
    """

    byte_offset: int = -1
    document: int | None = None


class LoneSurrogateError(NewsnlpError, UnicodeEncodeError):
    """A ``str`` holds a lone surrogate (as ``"\\ud800"``), which is no text and has no
    UTF-8; the message names the document and the code point. Pass ``errors="replace"``
    to read it as U+FFFD. Also a ``UnicodeEncodeError`` with its usual fields."""


class NotFittedError(NewsnlpError, RuntimeError):
    """A model method that needs ``fit`` was called before it."""


class NewsnlpIOError(NewsnlpError, OSError):
    """A file could not be read or written, or a model file is corrupt.

    Attributes:
        path: the file concerned.
    """

    path: str = ""


__all__ = [
    "InvalidArgumentError",
    "InvalidUtf8Error",
    "LoneSurrogateError",
    "NewsnlpError",
    "NewsnlpIOError",
    "NotFittedError",
]
