"""dyad for Python: news text in, CAMEO political events out, through the same C++ Engine
as the ``dyad`` command (doc/python.md).

    import dyad
    engine = dyad.Engine()                      # loads the model and dictionaries once
    engine.code("Russia invited the Taliban to Moscow for talks.", date="2024-05-01")
    events = engine.code_many(df)               # DataFrame with id, date, text columns
    store = dyad.read_store("events.db")        # a `dyad code --db` store

``Engine.code`` returns the events as dicts with exactly the fields of ``dyad code``'s
JSONL (doc/formats/events.md); ``code_many``, ``read_events``, ``read_store`` and
``dyad.dask`` return DataFrames with the store's column names (``EVENT_COLUMNS``). The
GIL is released while documents are coded, and an Engine may be shared by threads.
Errors are ``dyad.Error`` subclasses carrying the message the command line prints.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import warnings
from typing import Any, Iterable, Iterator, Mapping, Sequence, Union

import pandas as pd

from . import _dyad
from ._errors import (CorruptionError, Error, InputWarning, InternalError,
                      InvalidArgumentError, IOError, NotFoundError,
                      ResourceExhaustedError, UnsupportedError)
from ._frame import EVENT_COLUMN_NAMES, EVENT_COLUMNS, events_frame, is_missing
from .store import Store, read_store

__all__ = ["Engine", "read_events", "read_store", "Store", "EVENT_COLUMNS",
           "EVENT_COLUMN_NAMES", "Error", "InvalidArgumentError", "NotFoundError",
           "IOError", "CorruptionError", "UnsupportedError", "ResourceExhaustedError",
           "InternalError", "InputWarning", "repair_names"]
__version__ = "0.1.0"

PathLike = Union[str, "os.PathLike[str]"]
Documents = Union[pd.DataFrame, Iterable[Mapping[str, Any]]]

# The optional document fields besides id, text and date (doc/formats/input.md).
_META_FIELDS = ("title", "url", "source", "lang")


def repair_names() -> list[str]:
    """The names of the tree repairs, in the order they run (doc/repairs.md)."""
    return _dyad.repair_names()


def _type_name(value: Any) -> str:
    return type(value).__name__


def _date_text(value: Any) -> str | None:
    """A record's date as the text the C++ side normalises ("2024-05-01", "20240501",
    an ISO date-time); datetime, date, Timestamp and numpy datetime64 are accepted."""
    if isinstance(value, str):
        return value
    if isinstance(value, (_dt.date, pd.Timestamp)):  # datetime is a date
        return value.strftime("%Y-%m-%d")
    if hasattr(value, "dtype") and str(getattr(value, "dtype", "")).startswith("datetime64"):
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)  # 20190821 written as a number, as JSONL allows
    raise TypeError(f"bad date {value!r}")


def _record(id_: Any, text: Any, date: Any, meta: Sequence[Any]) -> tuple | str:
    """One document as the extension module takes it: a 7-tuple of str-or-None, or the
    problem message (the JSONL reader's wording, doc/formats/input.md)."""
    if is_missing(id_):
        return "missing id"
    if hasattr(id_, "item") and not isinstance(id_, str):
        id_ = id_.item()  # numpy scalar
    if isinstance(id_, int) and not isinstance(id_, bool):
        id_ = str(id_)
    elif not isinstance(id_, str):
        return f"id is not a string (a Python {_type_name(id_)})"
    if is_missing(text):
        return "missing text"
    if not isinstance(text, str):
        return f"text is not a string (a Python {_type_name(text)})"
    if is_missing(date):
        date = None
    else:
        try:
            date = _date_text(date)
        except TypeError as e:
            return str(e)
    fields = []
    for name, value in zip(_META_FIELDS, meta):
        if is_missing(value):
            value = None
        elif not isinstance(value, str):
            return f"{name} is not a string (a Python {_type_name(value)})"
        fields.append(value)
    return (id_, text, date, *fields)


def _records(docs: Documents) -> Iterator[tuple | str]:
    """The documents of a DataFrame (columns id, text, optional date/title/url/source/
    lang) or of an iterable of dicts with those keys, one record at a time."""
    if isinstance(docs, pd.DataFrame):
        missing = [c for c in ("id", "text") if c not in docs.columns]
        if missing:
            raise InvalidArgumentError(
                "InvalidArgument: the DataFrame has no column " + ", ".join(missing))
        n = len(docs)
        cols = [docs[c].tolist() if c in docs.columns else [None] * n
                for c in ("id", "text", "date") + _META_FIELDS]
        for row in zip(*cols):
            yield _record(row[0], row[1], row[2], row[3:])
        return
    for doc in docs:
        if not isinstance(doc, Mapping):
            yield f"not a document (a Python {_type_name(doc)})"
            continue
        yield _record(doc.get("id"), doc.get("text"), doc.get("date"),
                      [doc.get(k) for k in _META_FIELDS])


class Engine:
    """The dyad Engine: the model and the dictionaries, loaded once.

    Every argument is the ``dyad code`` option of the same name; None means its default:
      model: the model file (--model; default $DYAD_MODEL, else the shipped model).
      dictionaries: dictionary layers, bottom first (--dict): "DIR" replaces the
        built-in set, "+DIR" layers DIR on top of it; a single str is one layer.
      require_dyad: only events with both a source and a target (--require-dyad).
      event_filter: the learned event filter file, or "none" (--event-filter).
      gazetteer: the gazetteer file, or "none" (--gazetteer).
      repairs: False codes the parser's trees without tree repairs (--no-repairs).
      disabled_repairs: names of single repairs to leave out (--disable-repair).

    Raises NotFoundError / IOError (a path), CorruptionError (a damaged model),
    UnsupportedError (a model format version) or InvalidArgumentError (no verb
    dictionary, an unknown repair name). Malformed dictionary lines are skipped, as the
    CLI does, and listed in ``dictionary_errors``.

    Thread-safety: every method may be called from several threads at once.
    """

    def __init__(self, model: PathLike | None = None,
                 dictionaries: PathLike | Sequence[PathLike] | None = None,
                 require_dyad: bool = False, event_filter: PathLike | None = None,
                 gazetteer: PathLike | None = None, repairs: bool = True,
                 disabled_repairs: Sequence[str] = ()) -> None:
        #: The options this engine was opened with (``dyad.dask`` re-opens it per worker).
        self.options: dict[str, Any] = Engine.normalize_options(
            model=model, dictionaries=dictionaries, require_dyad=require_dyad,
            event_filter=event_filter, gazetteer=gazetteer, repairs=repairs,
            disabled_repairs=disabled_repairs)
        self._engine = _dyad.Engine(**self.options)

    @staticmethod
    def normalize_options(model: PathLike | None = None,
                          dictionaries: PathLike | Sequence[PathLike] | None = None,
                          require_dyad: bool = False, event_filter: PathLike | None = None,
                          gazetteer: PathLike | None = None, repairs: bool = True,
                          disabled_repairs: Sequence[str] = ()) -> dict[str, Any]:
        """Engine's arguments as plain, picklable values (paths as str, lists)."""
        if isinstance(dictionaries, (str, os.PathLike)):
            dictionaries = [dictionaries]

        def fspath(p: PathLike | None) -> str | None:
            return None if p is None else os.fspath(p)

        return {"model": fspath(model),
                "dictionaries": None if dictionaries is None else [os.fspath(d) for d in dictionaries],
                "require_dyad": bool(require_dyad), "event_filter": fspath(event_filter),
                "gazetteer": fspath(gazetteer), "repairs": bool(repairs),
                "disabled_repairs": list(disabled_repairs)}

    @property
    def model_path(self) -> str:
        """The model file in use."""
        return self._engine.model_path

    @property
    def model_metadata(self) -> str:
        """The model's "key: value" metadata lines (training data, dev scores, ...)."""
        return self._engine.model_metadata

    @property
    def dictionaries(self) -> str:
        """The dictionary set in use: "built-in (DIR)", the layers, or the files."""
        return self._engine.dictionaries

    @property
    def dictionary_errors(self) -> list[str]:
        """Malformed dictionary lines that were skipped, as "file:line: message"."""
        return self._engine.dictionary_errors

    def code(self, text: str, date: Any = None, id: str | int | None = None) -> list[dict]:
        """Codes one document and returns its events, in sentence order, as dicts with the
        fields of ``dyad code``'s JSONL output (doc/formats/events.md).

        date: "YYYY-MM-DD", "YYYYMMDD", an ISO date-time, a datetime/date/Timestamp, or
        None (then a dateline such as "MOSCOW, Aug 21 (Reuters) -" may date it).
        id: the document id the events carry (default "doc").
        Raises InvalidArgumentError for an empty text or id or a bad date (the messages
        of `dyad code`: "empty text", "bad date '...'"). The GIL is released meanwhile.
        """
        record = _record("doc" if id is None else id, text, date, [None] * len(_META_FIELDS))
        if isinstance(record, str):
            raise InvalidArgumentError("InvalidArgument: " + record)
        return [json.loads(line) for line in self._engine.code(record[1], record[2], record[0])]

    def code_many(self, docs: Documents, threads: int | None = None,
                  errors: str = "raise") -> pd.DataFrame:
        """Codes documents and returns all their events as one DataFrame (EVENT_COLUMNS),
        in input order — the events `dyad code` writes for the same documents.

        docs: a DataFrame with columns ``id`` and ``text`` (and optionally ``date``,
          ``title``, ``url``, ``source``, ``lang``), or an iterable of dicts with those
          keys; it is read lazily, so a generator streams. An id may be a str or an int.
        threads: worker threads (default: all cores, as `dyad code`); the events never
          depend on it. The GIL is released while coding.
        errors: "raise" (default): a record that cannot be coded (no id or text, a bad
          date, a duplicate id) raises InvalidArgumentError "InvalidArgument: docs:N:
          message", N its 1-based position; "skip": it is skipped with an InputWarning of
          that message, as `dyad code` skips and reports it.
        The run's counts (documents, sentences, events, problems, ...) are in
        ``frame.attrs["dyad"]``.
        """
        if errors not in ("raise", "skip"):
            raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
        if threads is not None and threads < 1:
            raise ValueError("threads must be at least 1")
        lines, stats, problems = self._engine.code_many(
            _records(docs), threads or 0, errors == "raise")
        for problem in problems:
            warnings.warn(problem, InputWarning, stacklevel=2)
        frame = events_frame(lines)
        frame.attrs["dyad"] = stats
        return frame


def read_events(path: PathLike) -> pd.DataFrame:
    """The events of a ``dyad code`` JSONL output file as an events DataFrame."""
    with open(path, encoding="utf-8") as f:
        return events_frame(line for line in f if line.strip())
