"""Errors that reach the user as a message, never as a traceback.

Every problem with input names the file, the row and the field, and what was
expected, so that the user can fix the source and try again. The CLI turns an
:class:`InputError` into one line on stderr and exit code 2.

Messages are in the user's language (Dutch by default, English on request), with no
English inside Dutch. They are written as a :class:`Msg` holding both languages at the
place they are raised: a message is built there from the values at hand (file, row,
value found, what was expected), in layers below :mod:`sterkte.report`, so it cannot
use the ``report.labels`` catalogue, whose entries are display words filled in by the
report layer. ``str()`` of an error stays English, for logs, the audit trail and the
JSON API's machine-facing text; the CLI and the web pages show ``render(lang)``. A
plain ``str`` message is still accepted and shown as is in both languages.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from typing import Any


@dataclass(frozen=True)
class Msg:
    """One message in Dutch (``nl``) and English (``en``)."""

    nl: str
    en: str

    def render(self, lang: str = "nl") -> str:
        return self.en if lang == "en" else self.nl

    def __str__(self) -> str:
        return self.en


def render(message: str | Msg, lang: str = "nl") -> str:
    """``message`` in ``lang`` (a plain ``str`` as is)."""
    return message.render(lang) if isinstance(message, Msg) else message


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file.

    ``row`` is the 1-based line number as a spreadsheet or editor shows it
    (the header is row 1); ``None`` when the problem concerns the whole file.
    """

    file: str | Msg  # a Msg when it names no file but a place in words ("de stand")
    row: int | None
    field: str | None
    message: str | Msg

    def render(self, lang: str = "nl") -> str:
        """``file, rij 3, kolom 'x': bericht`` (``row``/``column`` in English)."""
        en = lang == "en"
        where = render(self.file, lang)
        if self.row is not None:
            where += f", {'row' if en else 'rij'} {self.row}"
        if self.field:
            where += f", {'column' if en else 'kolom'} '{self.field}'"
        return f"{where}: {render(self.message, lang)}"

    def __str__(self) -> str:
        return self.render("en")


class SterkteError(Exception):
    """Base class of errors meant for the user.

    The first argument may be a :class:`Msg`; ``str(exc)`` is then its English text
    and :meth:`render` gives it in the user's language.
    """

    def __init__(self, *args: object) -> None:
        self.msg: Msg | None = args[0] if args and isinstance(args[0], Msg) else None
        super().__init__(*(str(a) if isinstance(a, Msg) else a for a in args))

    def render(self, lang: str = "nl") -> str:
        """The message in ``lang`` (``nl`` or ``en``), for the user."""
        return self.msg.render(lang) if self.msg is not None else str(self)

    def bilingual(self) -> Msg:
        """The message in both languages, to carry into another error."""
        return Msg(self.render("nl"), self.render("en"))


class InputError(SterkteError):
    """Input that cannot be accepted. Carries one or more :class:`Problem`."""

    def __init__(self, problems: Problem | list[Problem]) -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def render(self, lang: str = "nl") -> str:
        return "\n".join(p.render(lang) for p in self.problems)

    @classmethod
    def at(
        cls, file: str | Msg, message: str | Msg, *, row: int | None = None,
        field: str | None = None,
    ) -> InputError:
        return cls(Problem(file=file, row=row, field=field, message=message))


def message_of(exc: BaseException) -> Msg:
    """What ``exc`` said in both languages, to carry into another error: a
    :class:`SterkteError`'s message, a ``ValueError(Msg(…))``'s :class:`Msg`, else
    ``str(exc)`` as is in both."""
    if isinstance(exc, SterkteError):
        return exc.bilingual()
    said = exc.args[0] if exc.args else None
    return said if isinstance(said, Msg) else Msg(str(exc), str(exc))


# What the operating system said (``OSError.strerror`` is English), in Dutch.
_OS_NL = {errno.ENOENT: "bestand of map niet gevonden", errno.EACCES: "geen toegang",
          errno.EPERM: "geen toestemming", errno.EISDIR: "is een map",
          errno.ENOTDIR: "een deel van het pad is geen map", errno.ENOSPC: "de schijf is vol",
          errno.EROFS: "alleen-lezen bestandssysteem", errno.EIO: "invoer-/uitvoerfout",
          errno.ENAMETOOLONG: "de bestandsnaam is te lang"}


def os_reason(exc: OSError) -> str:
    """Why the operating system refused, in Dutch (the English is ``exc.strerror``)."""
    if exc.errno in _OS_NL:
        return _OS_NL[exc.errno]
    return f"systeemfout {errno.errorcode.get(exc.errno or 0, exc.errno)}"


def unreadable(file: str, exc: OSError) -> InputError:
    """The error for a file the operating system would not let us read."""
    return InputError.at(file, Msg(f"kan niet worden gelezen: {os_reason(exc)}",
                                   f"cannot read: {exc.strerror}"))


_NOT_TEXT = Msg("geen tekst (het bevat NUL-bytes): verwacht tekst in UTF-8",
                "not text (it contains NUL bytes): expected UTF-8 text")
_SAVE_UTF8 = Msg("sla het bestand op als UTF-8", "save the file as UTF-8")


def decode_text(name: str, data: bytes, not_text: Msg = _NOT_TEXT,
                save_as: Msg = _SAVE_UTF8) -> str:
    """The bytes of the file ``name`` as text: UTF-8 (a byte-order mark is no data) or
    UTF-16 with its mark. Else an :class:`InputError` naming the file: ``not_text`` for
    bytes no text holds (NUL), or the line of the first byte that is not UTF-8 and how to
    save it (``save_as``)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError.at(name, Msg(f"geen geldige UTF-16-tekst ({exc.reason})",
                                          f"not valid UTF-16 text ({exc.reason})")) from None
    if b"\x00" in data:
        raise InputError.at(name, not_text)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        bad = data[exc.start]
        raise InputError.at(name, Msg(
            f"geen UTF-8-tekst (byte 0x{bad:02x} is onleesbaar): verwacht UTF-8; {save_as.nl}",
            f"not UTF-8 text (byte 0x{bad:02x} cannot be read): expected UTF-8; {save_as.en}"),
            row=data[: exc.start].count(b"\n") + 1) from None


def read_text(entry: Traversable, where: str | None = None, not_text: Msg = _NOT_TEXT) -> str:
    """The text of the file ``entry`` (named ``where`` to the user, its own name when None),
    read by :func:`decode_text`; an :class:`InputError` naming it when it cannot be read."""
    name = str(entry) if where is None else where
    try:
        data = entry.read_bytes()
    except OSError as exc:
        raise unreadable(name, exc) from None
    return decode_text(name, data, not_text)


# pydantic's error types (its messages are English) → Dutch; the English stays pydantic's.
_PYDANTIC_NL = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld: niet toegestaan",
    "string_type": "verwacht een tekst",
    "int_type": "verwacht een geheel getal",
    "int_parsing": "verwacht een geheel getal",
    "int_from_float": "verwacht een geheel getal",
    "float_type": "verwacht een getal",
    "float_parsing": "verwacht een getal",
    "finite_number": "verwacht een eindig getal",
    "bool_type": "verwacht true of false",
    "bool_parsing": "verwacht true of false",
    "date_type": "verwacht een datum JJJJ-MM-DD",
    "date_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_from_datetime_parsing": "verwacht een datum JJJJ-MM-DD",
    "date_from_datetime_inexact": "verwacht een datum JJJJ-MM-DD zonder tijd",
    "datetime_type": "verwacht een datum en tijd",
    "datetime_parsing": "verwacht een datum en tijd",
    "list_type": "verwacht een lijst",
    "tuple_type": "verwacht een lijst",
    "dict_type": "verwacht een mapping (sleutel: waarde)",
    "model_type": "verwacht een mapping (sleutel: waarde)",
    "model_attributes_type": "verwacht een mapping (sleutel: waarde)",
    "enum": "verwacht een van {expected}",
    "literal_error": "verwacht een van {expected}",
    "greater_than": "verwacht een getal groter dan {gt}",
    "greater_than_equal": "verwacht een getal van ten minste {ge}",
    "less_than": "verwacht een getal kleiner dan {lt}",
    "less_than_equal": "verwacht een getal van hoogstens {le}",
    "too_short": "verwacht ten minste {min_length} element(en), gevonden {actual_length}",
    "too_long": "verwacht hoogstens {max_length} element(en), gevonden {actual_length}",
    "string_too_short": "verwacht ten minste {min_length} teken(s)",
    "string_too_long": "verwacht hoogstens {max_length} teken(s)",
    "string_pattern_mismatch": "past niet bij het patroon {pattern}",
}


def pydantic_message(err: Mapping[str, Any]) -> Msg:
    """One of pydantic's ``errors()`` as a :class:`Msg`: a ``ValueError(Msg)`` raised in a
    validator as it was written, a known error type in Dutch, else pydantic's own words
    in both (its type then tells the Dutch reader what went wrong)."""
    ctx = err.get("ctx") or {}
    said = ctx.get("error")
    if isinstance(said, ValueError) and said.args and isinstance(said.args[0], Msg):
        return said.args[0]
    en = str(err.get("msg", ""))
    nl = _PYDANTIC_NL.get(str(err.get("type")))
    if nl is None:
        return Msg(f"ongeldige waarde ({err.get('type')}): {en}", en)
    expected = str(ctx.get("expected", "")).replace(" or ", " of ")
    values = {**{k: str(v) for k, v in ctx.items()}, "expected": expected}
    try:
        return Msg(nl.format(**values), en)
    except (KeyError, IndexError):
        return Msg(nl.split(" {")[0], en)
