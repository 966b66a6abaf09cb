"""The one home of the events table's shape: which columns an events DataFrame has, their
types, and how a `dyad code` JSONL event (doc/formats/events.md) becomes one row.

Every events DataFrame of the package — ``Engine.code_many``, ``dyad.read_events`` (a
``dyad code`` JSONL file), ``dyad.read_store(...).events`` (a ``--db`` store) and the Dask
functions — is built here, so they compare equal for the same events. The column names
are the store's (doc/formats/store.md); the values are the JSONL's (lat/lon rounded to
4 decimals, filter confidence to 3).
"""

from __future__ import annotations

import json
import math
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

# (name, dtype). "string" columns hold str or None (object dtype); Int64 is pandas'
# nullable integer; "datetime" is datetime64[ns] with NaT for an event without a date.
_SIDE = [("code", "string"), ("root", "string"), ("agent", "string"), ("text", "string"),
         ("first_word", "Int64"), ("last_word", "Int64"), ("dict", "string")]
_LOCATION = [("text", "string"), ("name", "string"), ("geonames_id", "Int64"),
             ("country", "string"), ("admin1", "string"), ("lat", "float64"),
             ("lon", "float64"), ("precision", "Int64"), ("from", "string")]
EVENT_COLUMNS: list[tuple[str, str]] = (
    [("doc_id", "string"), ("sentence_id", "string"), ("date", "datetime"),
     ("date_text", "string")]
    + [("source_" + n, t) for n, t in _SIDE]
    + [("target_" + n, t) for n, t in _SIDE]
    + [("cameo", "string"), ("root_code", "string"), ("quad_class", "Int64"),
       ("goldstein", "float64"), ("plover_type", "string"), ("plover_mode", "string"),
       ("verb_word", "int64"), ("verb_text", "string"), ("negated", "bool"),
       ("pattern", "string"), ("pattern_loc", "string"), ("confidence", "float64"),
       ("evidence", "object")]
    + [("location_" + n, t) for n, t in _LOCATION]
    + [("mentions", "int64"), ("sentence", "string")])
EVENT_COLUMN_NAMES: list[str] = [name for name, _ in EVENT_COLUMNS]

# Decimals `dyad code` rounds to in JSON (src/output/event_json.cc).
ROUNDED = {"location_lat": 4, "location_lon": 4, "confidence": 3}


def _side(actor: Mapping[str, Any] | None) -> list[Any]:
    if actor is None:
        return [None] * len(_SIDE)
    words = actor["words"]
    return [actor["code"], actor["root"], actor["agent"], actor["text"], words[0], words[1],
            actor.get("dict")]


def _location(loc: Mapping[str, Any] | None) -> list[Any]:
    if loc is None:
        return [None] * len(_LOCATION)
    return [loc[n] for n, _ in _LOCATION]


def event_row(ev: Mapping[str, Any]) -> list[Any]:
    """One JSONL event (a dict as ``Engine.code`` returns) as a row of EVENT_COLUMNS."""
    plover = ev["plover"] or {}
    filt = ev.get("filter")
    return ([ev["doc_id"], ev["sentence_id"], ev["date"], ev["date_text"]]
            + _side(ev["source"]) + _side(ev["target"])
            + [ev["cameo"], ev["root_code"], ev["quad_class"], ev["goldstein"],
               plover.get("type"), plover.get("mode"), ev["verb"]["word"],
               ev["verb"]["text"], ev["negated"], ev["pattern"]["text"],
               ev["pattern"]["dict"], filt["confidence"] if filt else None,
               filt["evidence"] if filt else None]
            + _location(ev["location"]) + [ev["mentions"], ev["sentence"]])


def round_like_json(values: np.ndarray, decimals: int) -> np.ndarray:
    """Rounds half away from zero, as the JSON writer's std::round(x * 10^d) / 10^d."""
    scale = 10.0 ** decimals
    scaled = values * scale
    return np.copysign(np.floor(np.abs(scaled) + 0.5), scaled) / scale


def _column(values: list[Any], name: str, kind: str) -> Any:
    if kind == "datetime":
        return pd.to_datetime([v or None for v in values], format="%Y%m%d", errors="coerce")
    if kind in ("string", "object"):
        array = np.empty(len(values), dtype=object)  # element by element: lists stay lists
        for i, v in enumerate(values):
            array[i] = None if is_missing(v) else v
        return array
    if kind == "float64":
        array = np.array([np.nan if v is None else v for v in values], dtype="float64")
        return round_like_json(array, ROUNDED[name]) if name in ROUNDED else array
    if kind == "Int64":
        return pd.array([None if is_missing(v) else int(v) for v in values], dtype="Int64")
    return np.array(values, dtype=kind)


def typed_frame(rows: list[list[Any]] | pd.DataFrame) -> pd.DataFrame:
    """Rows (or a frame) of EVENT_COLUMNS as an events DataFrame, each column of its
    type. Built column by column from lists: a DataFrame per Dask partition must be
    cheap (pandas' per-column astype costs milliseconds each)."""
    if isinstance(rows, pd.DataFrame):
        columns = [rows[name].tolist() for name in EVENT_COLUMN_NAMES]
    else:
        columns = [list(c) for c in zip(*rows)] if rows else [[] for _ in EVENT_COLUMNS]
    return pd.DataFrame({name: _column(values, name, kind)
                         for (name, kind), values in zip(EVENT_COLUMNS, columns)},
                        columns=EVENT_COLUMN_NAMES)


def events_frame(json_lines: Iterable[str]) -> pd.DataFrame:
    """The events DataFrame of `dyad code` JSONL lines."""
    return typed_frame([event_row(json.loads(line)) for line in json_lines])


def empty_events() -> pd.DataFrame:
    """An events DataFrame without rows: the ``meta`` of the Dask functions."""
    return typed_frame([])


def is_missing(value: Any) -> bool:
    """None, NaN, NaT or pd.NA: a field the record does not have."""
    if value is None or value is pd.NaT or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)
