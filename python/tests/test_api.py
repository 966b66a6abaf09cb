"""The Python API against the dyad CLI (issue 15): the same documents give the same events
through Engine.code, Engine.code_many (dicts and DataFrames), read_events of the CLI's
JSONL and read_store of its --db store; errors carry the CLI's messages; the GIL is
released while coding."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import threading
import time
import warnings

import pandas as pd
import pytest

import dyad
from conftest import REPO, SAMPLE, run_cli, sample_docs


@pytest.fixture(scope="module")
def cli_lines() -> list[str]:
    out = run_cli("code", str(SAMPLE), "--threads", "1", "-q").stdout
    return [line for line in out.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def cli_frame(tmp_path_factory, cli_lines) -> pd.DataFrame:
    path = tmp_path_factory.mktemp("cli") / "events.jsonl"
    path.write_text("\n".join(cli_lines) + "\n", encoding="utf-8")
    return dyad.read_events(path)


def test_cli_sample_has_events_of_several_documents(cli_frame):
    # The comparisons below mean something only if the sample codes to many events.
    assert len(cli_frame) >= 20
    assert cli_frame["doc_id"].nunique() >= 10
    assert cli_frame["target_code"].isna().any() and cli_frame["target_code"].notna().any()


def test_code_returns_the_cli_json_events_of_each_document(engine, cli_lines):
    by_doc: dict[str, list[dict]] = {}
    for line in cli_lines:
        event = json.loads(line)
        by_doc.setdefault(event["doc_id"], []).append(event)
    for doc in sample_docs():
        events = engine.code(doc["text"], date=doc.get("date"), id=doc["id"])
        assert events == by_doc.get(doc["id"], []), doc["id"]


def test_code_many_of_dicts_equals_the_cli(engine, cli_frame):
    frame = engine.code_many(sample_docs(), threads=1)
    pd.testing.assert_frame_equal(frame, cli_frame)
    assert frame.attrs["dyad"]["documents_coded"] == len(sample_docs())


def test_code_many_of_a_dataframe_with_datetimes_equals_the_cli(engine, cli_frame):
    docs = pd.read_json(SAMPLE, lines=True, convert_dates=["date"])
    assert pd.api.types.is_datetime64_any_dtype(docs["date"])
    pd.testing.assert_frame_equal(engine.code_many(docs, threads=2), cli_frame)


def test_frame_columns_are_typed(engine):
    frame = engine.code_many(sample_docs()[:5], threads=1)
    assert list(frame.columns) == dyad.EVENT_COLUMN_NAMES
    assert pd.api.types.is_datetime64_any_dtype(frame["date"])
    assert str(frame["quad_class"].dtype) == "Int64"
    assert frame["goldstein"].dtype == "float64"
    assert frame["negated"].dtype == bool
    assert frame["mentions"].dtype == "int64"


def test_read_store_equals_the_cli_jsonl(tmp_path, cli_frame):
    db = tmp_path / "events.db"
    run_cli("code", str(SAMPLE), "--db", str(db), "-q")
    store = dyad.read_store(db)
    assert len(store.documents) == len(sample_docs())
    pd.testing.assert_frame_equal(store.events, cli_frame)


# Records that cannot be coded, one per JSONL line / list position, each with the
# problem `dyad code` reports for it.
BAD_RECORDS = [
    {"text": "Russia invited the Taliban to Moscow."},                       # missing id
    {"id": "b2", "text": "   "},                                             # empty text
    {"id": "b3", "date": "2024-13-45", "text": "Russia met China."},         # bad date
    {"id": "b4", "date": "2024-05-01", "text": "Russia met China."},         # good
    {"id": "b4", "text": "China met Russia."},                               # duplicate id
    {"id": "b6"},                                                            # missing text
]


def _problems_of_cli(stderr: str, name: str) -> list[str]:
    """The problems `dyad code` printed for file `name`, with "docs" for the name."""
    return [line.split(name + ":", 1)[1].replace(name, "docs") for line in stderr.splitlines()
            if line.startswith(name + ":")]


def test_skipped_records_warn_with_the_cli_messages(engine, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in BAD_RECORDS), encoding="utf-8")
    cli = run_cli("code", str(path), check=False)
    assert cli.returncode == 5  # finished, some inputs skipped
    expected = _problems_of_cli(cli.stderr, str(path))
    assert len(expected) == 5
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        frame = engine.code_many(BAD_RECORDS, threads=1, errors="skip")
    got = [str(w.message).split("docs:", 1)[1] for w in caught
           if issubclass(w.category, dyad.InputWarning)]
    assert got == expected
    assert set(frame["doc_id"]) == {"b4"}


def test_the_first_bad_record_raises_the_cli_strict_error(engine, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in BAD_RECORDS[1:]), encoding="utf-8")
    cli = run_cli("code", str(path), "--strict", check=False)
    message = cli.stderr.strip().splitlines()[-1]
    assert message.startswith("dyad: InvalidArgument: ")
    with pytest.raises(dyad.InvalidArgumentError) as raised:
        engine.code_many(BAD_RECORDS[1:], threads=1)
    assert isinstance(raised.value, ValueError)
    assert str(raised.value) == message[len("dyad: "):].replace(str(path), "docs")


def test_open_errors_carry_the_cli_message(tmp_path):
    missing = str(tmp_path / "no.model")
    cli = run_cli("code", "--model", missing, str(SAMPLE), check=False)
    with pytest.raises(dyad.NotFoundError) as raised:
        dyad.Engine(model=missing)
    assert isinstance(raised.value, FileNotFoundError)
    assert "dyad: " + str(raised.value) == cli.stderr.strip().splitlines()[-1]
    broken = tmp_path / "broken.model"
    broken.write_bytes(b"not a model at all")
    cli = run_cli("code", "--model", str(broken), str(SAMPLE), check=False)
    with pytest.raises(dyad.Error) as raised:
        dyad.Engine(model=broken)
    assert "dyad: " + str(raised.value) == cli.stderr.strip().splitlines()[-1]


def test_code_rejects_an_empty_text_and_a_bad_date(engine):
    with pytest.raises(dyad.InvalidArgumentError, match="empty text"):
        engine.code("  ")
    with pytest.raises(dyad.InvalidArgumentError, match="bad date '2024-02-30'"):
        engine.code("Russia met China.", date="2024-02-30")


def test_the_gil_is_released_while_coding(engine):
    # A document long enough that coding it takes a measurable time on this machine: the
    # sample, repeated until one call takes at least 0.2 s (a faster or quieter machine
    # needs more of it).
    base = " ".join(d["text"] for d in sample_docs())
    repeat = 10
    while True:
        text = base * repeat
        start = time.perf_counter()
        engine.code(text, date="2024-05-01")
        alone = time.perf_counter() - start
        if alone > 0.2 or repeat >= 640:
            break
        repeat *= 2
    assert alone > 0.2, "the document codes too fast to tell"
    worker = threading.Thread(target=engine.code, args=(text,), kwargs={"date": "2024-05-01"})
    last = time.perf_counter()
    longest_wait = 0.0
    worker.start()
    while worker.is_alive():  # this thread runs only while the worker leaves the GIL free
        now = time.perf_counter()
        longest_wait = max(longest_wait, now - last)
        last = now
    # Holding the GIL through the call would stop this loop for the whole call (~alone).
    assert longest_wait < alone / 2, (longest_wait, alone)


def test_an_exception_of_the_documents_iterator_reaches_the_caller(engine):
    def docs():
        yield from sample_docs()[:3]
        raise KeyError("the feed broke")
    with pytest.raises(KeyError, match="the feed broke"):
        engine.code_many(docs(), threads=2)


def test_events_do_not_depend_on_threads(engine):
    docs = [dict(d, id=f"{d['id']}-{k}") for k in range(3) for d in sample_docs()]
    pd.testing.assert_frame_equal(engine.code_many(docs, threads=1),
                                  engine.code_many(iter(docs), threads=2))


def test_stub_names_every_method_of_the_module():
    stub = ast.parse((REPO / "python" / "dyad" / "_dyad.pyi").read_text())
    engine_stub = next(n for n in stub.body if isinstance(n, ast.ClassDef))
    stubbed = {f.name for f in engine_stub.body if isinstance(f, ast.FunctionDef)}
    public = {n for n in dir(dyad._dyad.Engine) if not n.startswith("_")}
    assert public <= stubbed
    functions = {n.name for n in stub.body if isinstance(n, ast.FunctionDef)}
    assert {n for n in dir(dyad._dyad) if not n.startswith("_") and n != "Engine"} <= functions


def test_the_tutorial_runs_on_the_sample(tmp_path):
    # examples/python_tutorial.py is doc/python.md's tutorial: folder → events → plot.
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path), MPLBACKEND="Agg")
    out = subprocess.run([sys.executable, str(REPO / "examples" / "python_tutorial.py"),
                          "--sample", str(tmp_path / "news"), str(tmp_path / "plot.png")],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert len(list((tmp_path / "news").glob("*.txt"))) == len(sample_docs())
    assert f"from {len(sample_docs())} stories" in out
    assert (tmp_path / "plot.png").stat().st_size > 1000
