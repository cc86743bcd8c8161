"""Python's own character semantics, handed to the C++ analyzers for scikit-learn parity.

scikit-learn's analyzers rest on Python: ``re``'s ``\\w`` and ``\\s``, ``str.lower()`` and
``unicodedata`` (NFKD, ``combining``). Their Unicode version is the interpreter's, which
can differ from ICU's, so instead of trusting ICU the tables are computed here, once per
process on first use (about half a second), by asking this very interpreter about every
code point:

* ``\\w`` / ``\\s``: ``re.finditer`` over a string of all code points;
* ``str.lower()``, NFKD, ``encode("ascii", "ignore")`` and dropping combining characters:
  applied to all code points joined by NUL (a starter that maps to itself and is never
  reordered across, so the pieces split back one per code point);
* Cased / Case_Ignorable, which ``str.lower()`` consults for the final sigma and Python
  does not expose: probed through ``str.lower()`` itself (see :func:`_case_properties`).

Both accent strippers act per code point: NFKD decomposes each code point on its own and
only reorders combining marks among themselves, which both strippers drop (``'unicode'``
drops every combining character, ``'ascii'`` every non-ASCII one).
"""

from __future__ import annotations

import re
import threading
import unicodedata

import numpy as np

from . import _core

_LIMIT = 0x110000
_lock = threading.Lock()
_tables: _core.CharTables | None = None


def char_tables() -> _core.CharTables:
    """The tables of the running interpreter (computed on first call, then cached)."""
    global _tables
    if _tables is None:
        with _lock:
            if _tables is None:
                _tables = _build()
    return _tables


def _ranges(pattern: str, text: str) -> np.ndarray:
    """[first, last] pairs of the runs of `pattern` in `text` (positions = code points)."""
    spans = [(m.start(), m.end() - 1) for m in re.finditer(pattern, text)]
    return np.asarray(spans, dtype=np.uint32).reshape(-1)


def _utf32(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _from_utf32(codes: np.ndarray) -> str:
    return codes.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _pieces(joined: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Code points of the image of '\x00'.join(chr(1), ..., chr(0x10FFFF)) and the
    [start, end) of each code point's piece in it (index 0: code point 1)."""
    codes = _utf32(joined)
    nul = np.flatnonzero(codes == 0)
    if len(nul) != _LIMIT - 2:
        raise RuntimeError("unexpected NUL in a character mapping")
    starts = np.concatenate(([0], nul + 1))
    ends = np.concatenate((nul, [len(codes)]))
    return codes, starts, ends


def _mapping(joined: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(keys, offsets, values) of the code points whose piece in `joined` is not
    themselves."""
    codes, starts, ends = _pieces(joined)
    lengths = ends - starts
    points = np.arange(1, _LIMIT)
    first = codes[np.minimum(starts, len(codes) - 1)]
    differs = (lengths != 1) | (first != points)
    keys = points[differs].astype(np.uint32)
    offsets = np.zeros(len(keys) + 1, dtype=np.uint32)
    np.cumsum(lengths[differs], out=offsets[1:])
    in_piece = np.repeat(differs, lengths)  # one flag per non-NUL code point
    values = codes[codes != 0][in_piece] if len(codes) else codes
    return keys, offsets, np.ascontiguousarray(values, dtype=np.uint32)


def _last_of_pieces(joined: str) -> np.ndarray:
    codes, _, ends = _pieces(joined)
    return codes[ends - 1]


def _case_properties() -> tuple[np.ndarray, np.ndarray]:
    """Cased and Case_Ignorable as ``str.lower()`` sees them, from its final-sigma rule.

    Lowering ``"A" + c + "Σ"`` gives a final sigma iff c is case-ignorable (skipped back to
    the cased "A") or cased; lowering ``c + "Σ"`` after a NUL gives one iff c is cased and
    not case-ignorable. Case-ignorable wins when both hold, as it does in CPython's scan.
    """
    points = np.arange(1, _LIMIT, dtype=np.uint32)
    sigma, final = 0x3A3, 0x3C2
    probe = np.zeros((len(points), 4), dtype=np.uint32)
    probe[:, 0], probe[:, 1], probe[:, 2] = ord("A"), points, sigma
    after_a = _last_of_pieces(_from_utf32(probe.reshape(-1)[:-1]).lower())
    alone = _last_of_pieces(_from_utf32(probe[:, 1:].reshape(-1)[:-1]).lower())
    cased = np.concatenate(([False], alone == final))
    either = np.concatenate(([False], after_a == final))
    return _bool_ranges(cased), _bool_ranges(either & ~cased)


def _bool_ranges(flags: np.ndarray) -> np.ndarray:
    padded = np.concatenate(([False], flags, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    starts, ends = edges[0::2], edges[1::2] - 1
    return np.stack([starts, ends], axis=1).astype(np.uint32).reshape(-1)


def _build() -> _core.CharTables:
    points = np.arange(_LIMIT, dtype=np.uint32)
    everything = _from_utf32(points)
    joined = np.zeros(2 * (_LIMIT - 1) - 1, dtype=np.uint32)  # chr(1) NUL chr(2) NUL ...
    joined[0::2] = points[1:]
    rest = _from_utf32(joined)
    lower = _mapping(rest.lower())
    nfkd = unicodedata.normalize("NFKD", rest)
    combining = np.fromiter(map(unicodedata.combining, everything), dtype=np.uint8, count=_LIMIT)
    nfkd_codes = _utf32(nfkd)
    strip_unicode = _mapping(_from_utf32(nfkd_codes[combining[nfkd_codes] == 0]))
    strip_ascii = _mapping(_from_utf32(nfkd_codes[nfkd_codes < 128]))
    cased, ignorable = _case_properties()
    return _core.CharTables(
        unicode_version=unicodedata.unidata_version,
        word=_ranges(r"\w+", everything),
        space=_ranges(r"\s+", everything),
        cased=cased,
        case_ignorable=ignorable,
        lower_keys=lower[0],
        lower_offsets=lower[1],
        lower_values=lower[2],
        strip_unicode_keys=strip_unicode[0],
        strip_unicode_offsets=strip_unicode[1],
        strip_unicode_values=strip_unicode[2],
        strip_ascii_keys=strip_ascii[0],
        strip_ascii_offsets=strip_ascii[1],
        strip_ascii_values=strip_ascii[2],
    )
