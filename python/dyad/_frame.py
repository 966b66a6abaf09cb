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


def round_like_json(values: pd.Series, decimals: int) -> pd.Series:
    """Rounds half away from zero, as the JSON writer's std::round(x * 10^d) / 10^d."""
    scale = 10.0 ** decimals
    scaled = values.to_numpy(dtype="float64") * scale
    return pd.Series(np.copysign(np.floor(np.abs(scaled) + 0.5), scaled) / scale,
                     index=values.index)


def typed_frame(rows: list[list[Any]] | pd.DataFrame) -> pd.DataFrame:
    """Rows (or a frame) of EVENT_COLUMNS with every column cast to its type."""
    frame = rows if isinstance(rows, pd.DataFrame) else pd.DataFrame.from_records(
        rows, columns=EVENT_COLUMN_NAMES)
    out = {}
    for name, kind in EVENT_COLUMNS:
        col = frame[name]
        if kind == "datetime":
            col = pd.to_datetime(col.where(col != "", None), format="%Y%m%d", errors="coerce")
        elif kind == "string":
            col = col.astype(object).where(col.notna(), None)
        elif kind == "float64":
            col = pd.to_numeric(col, errors="coerce").astype("float64")
            if name in ROUNDED:
                col = round_like_json(col, ROUNDED[name])
        elif kind == "object":
            col = col.astype(object).where(col.notna(), None)
        else:
            col = col.astype(kind)
        out[name] = col
    return pd.DataFrame(out, columns=EVENT_COLUMN_NAMES).reset_index(drop=True)


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
