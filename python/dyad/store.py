"""Reading a ``dyad code --db`` store (SQLite, doc/formats/store.md) into DataFrames.

Read-only: the file is opened with SQLite's ``mode=ro``, so a store being written by a
running ``dyad code`` is read at its last committed batch and never altered.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, NamedTuple, Union

import pandas as pd

from ._errors import CorruptionError, NotFoundError, UnsupportedError
from ._frame import EVENT_COLUMN_NAMES, typed_frame

if TYPE_CHECKING:
    import sqlite3

# PRAGMA application_id of a dyad store (the bytes "dyad") and the newest schema version
# this reader knows (doc/formats/store.md).
APPLICATION_ID = 0x64796164
SCHEMA_VERSION = 5
# The oldest schema with every column read here (4 added only indexes, 5 only totals;
# doc/formats/store.md).
OLDEST_READABLE_VERSION = 3


class Store(NamedTuple):
    """The tables of a store: ``documents`` and ``sentences`` as stored (column names of
    doc/formats/store.md), ``events`` as an events DataFrame (dyad.EVENT_COLUMNS, each
    row with its document's id and its sentence's text), in storing order."""

    documents: pd.DataFrame
    sentences: pd.DataFrame
    events: pd.DataFrame


# The events query: the store's columns in EVENT_COLUMNS order, the document id from
# `documents` and the sentence text from `sentences` unless the event keeps its own.
_EVENTS_SQL = """
SELECT d.id AS doc_id, e.sentence_id, e.date, e.date_text,
  e.source_code, e.source_root, e.source_agent, e.source_text, e.source_first_word,
  e.source_last_word, e.source_dict,
  e.target_code, e.target_root, e.target_agent, e.target_text, e.target_first_word,
  e.target_last_word, e.target_dict,
  e.cameo, e.root_code, e.quad_class, e.goldstein, e.plover_type, e.plover_mode,
  e.verb_word, e.verb_text, e.negated, e.pattern, e.pattern_loc, e.confidence, e.evidence,
  e.location_text, e.location_name, e.location_geonames_id, e.location_country,
  e.location_admin1, e.location_lat, e.location_lon, e.location_precision, e.location_from,
  e.mentions, COALESCE(e.sentence_text, s.text, '') AS sentence
FROM events e JOIN documents d ON d.doc_pk = e.doc_pk
LEFT JOIN sentences s ON s.doc_pk = e.doc_pk AND s.idx = e.sentence_idx
ORDER BY e.event_pk
"""


def _check(con: sqlite3.Connection, path: str) -> None:
    app = con.execute("PRAGMA application_id").fetchone()[0]
    if app != APPLICATION_ID:
        raise CorruptionError(f"Corruption: {path}: not a dyad store")
    row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        raise CorruptionError(f"Corruption: {path}: not a dyad store (no meta.schema_version)")
    if not OLDEST_READABLE_VERSION <= int(row[0]) <= SCHEMA_VERSION:
        raise UnsupportedError(
            f"Unsupported: {path}: store schema version {row[0]} is not one this reader knows "
            f"({OLDEST_READABLE_VERSION}..{SCHEMA_VERSION}); migrate it once with this dyad's "
            "`dyad index`")


def read_store(path: Union[str, "os.PathLike[str]"]) -> Store:
    """The documents, sentences and events of a ``dyad code --db`` store.

    ``events`` equals ``Engine.code_many`` of the same documents (and ``read_events`` of
    the JSONL `dyad code` writes). Raises NotFoundError when the file does not exist,
    CorruptionError when it is not a dyad store, UnsupportedError for another schema
    version.
    """
    # Imported here, not with the package: a Dask worker that only codes never reads a
    # store, and sqlite3 costs it 1 MB (doc/python.md, "Figures").
    import sqlite3

    path = os.fspath(path)
    if not os.path.exists(path):
        raise NotFoundError(f"NotFound: {path}: no such file")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            _check(con, path)
        except sqlite3.DatabaseError as e:
            raise CorruptionError(f"Corruption: {path}: reading: {e} (not a dyad store)") from e
        documents = pd.read_sql_query("SELECT * FROM documents ORDER BY doc_pk", con)
        sentences = pd.read_sql_query("SELECT * FROM sentences ORDER BY doc_pk, idx", con)
        events = pd.read_sql_query(_EVENTS_SQL, con)
    finally:
        con.close()
    assert list(events.columns) == EVENT_COLUMN_NAMES
    events["negated"] = events["negated"].astype(bool)
    events["evidence"] = [None if v is None else json.loads(v) for v in events["evidence"]]
    return Store(documents, sentences, typed_frame(events))
