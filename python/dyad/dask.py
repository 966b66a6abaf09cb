"""Coding a Dask bag or Dask DataFrame of documents on a cluster (dask.distributed or any
other Dask scheduler).

Each worker process opens the Engine once — the first partition it codes loads the model
and dictionaries into a per-process cache, keyed by the engine options — and every later
partition streams through that engine. The result is a Dask DataFrame of events
(dyad.EVENT_COLUMNS) with one partition per input partition, in input order, so
``.compute()`` gives the events ``Engine.code_many`` (and ``dyad code``) gives for the
same documents in the same order. A partition is a pure function of its documents: when a
worker dies, Dask recomputes its partitions elsewhere and the result is unchanged.

Document ids must be unique across the whole collection for the result to match one
`dyad code` run: the duplicate-id check runs per partition only.
"""

from __future__ import annotations

import threading
from typing import Any, Iterable, Mapping

import dask
import dask.bag as db
import dask.dataframe as dd
import pandas as pd

from . import Engine
from ._frame import empty_events

_engines: dict[tuple, Engine] = {}
_engines_lock = threading.Lock()


def _key(options: Mapping[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                        for k, v in options.items()))


def worker_engine(**options: Any) -> Engine:
    """This process's Engine for ``options`` (Engine's keyword arguments), opened on first
    use and kept for the life of the process."""
    key = _key(options)
    with _engines_lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = Engine(**options)
        return engine


def _code_partition(docs: pd.DataFrame | Iterable[Mapping[str, Any]], options: dict,
                    threads: int, errors: str) -> pd.DataFrame:
    return worker_engine(**options).code_many(docs, threads=threads, errors=errors)


def code_frame(ddf: dd.DataFrame, threads: int = 1, errors: str = "raise",
               **engine_options: Any) -> dd.DataFrame:
    """The events of a Dask DataFrame of documents (columns ``id``, ``text``, optional
    ``date``, ``title``, ``url``, ``source``, ``lang``) as a Dask DataFrame.

    threads: coding threads per partition (default 1: Dask runs a partition per worker
    thread already). errors: as ``Engine.code_many``. engine_options: ``dyad.Engine``'s
    keyword arguments (model, dictionaries, require_dyad, ...), the same on every worker.
    """
    options = Engine.normalize_options(**engine_options)
    return ddf.map_partitions(_code_partition, options, threads, errors,
                              meta=empty_events(), align_dataframes=False,
                              enforce_metadata=False)


def code_bag(bag: db.Bag, threads: int = 1, errors: str = "raise",
             **engine_options: Any) -> dd.DataFrame:
    """The events of a Dask bag of documents (dicts with ``id``, ``text`` and optionally
    ``date``, ``title``, ``url``, ``source``, ``lang``) as a Dask DataFrame; arguments as
    ``code_frame``."""
    options = Engine.normalize_options(**engine_options)
    parts = [dask.delayed(_code_partition)(part, options, threads, errors)
             for part in bag.to_delayed()]
    return dd.from_delayed(parts, meta=empty_events(), verify_meta=False)
