"""dyad.dask on a real dask.distributed cluster (issue 15): a scheduler and two worker
processes on 127.0.0.1, started here, code a few thousand documents to exactly the events
of `dyad code`; with one worker killed (SIGKILL) mid-run, Dask recomputes its partitions
and the events are still identical."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

import dyad
from conftest import cli_path, sample_docs

distributed = pytest.importorskip("distributed")
import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

import dyad.dask  # noqa: E402

N_DOCS = 2000
N_PARTITIONS = 40


def corpus() -> list[dict]:
    """N_DOCS documents made of pairs of the bundled sample's texts (each document
    different), dated over a year, a tenth of them without a date."""
    sample = sample_docs()
    n = len(sample)
    docs = []
    for i in range(N_DOCS):
        a, b = sample[i % n], sample[(i * 7 + 3) % n]
        doc = {"id": f"gen-{i:05d}", "text": a["text"] + "\n\n" + b["text"]}
        if i % 10:
            doc["date"] = f"2021-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
        docs.append(doc)
    return docs


@pytest.fixture(scope="module")
def docs() -> list[dict]:
    return corpus()


@pytest.fixture(scope="module")
def cli_frame(docs, tmp_path_factory) -> pd.DataFrame:
    d = tmp_path_factory.mktemp("corpus")
    (d / "corpus.jsonl").write_text("".join(json.dumps(x) + "\n" for x in docs))
    # From standard input, as Python records have no file: the CLI dates a yearless
    # dateline ("KYIV, March 3 (dyad) -") of an undated document by its file's time.
    with open(d / "corpus.jsonl", "rb") as stdin:
        subprocess.run([cli_path(), "code", "-", "-o", str(d / "events.jsonl"), "-q"],
                       stdin=stdin, check=True)
    frame = dyad.read_events(d / "events.jsonl")
    assert frame["doc_id"].nunique() > N_DOCS // 2
    return frame


class Cluster:
    """A dask scheduler and worker processes (one thread each, no nanny: a killed worker
    stays dead) on 127.0.0.1. Each worker runs in a session of its own, as workers started
    by separate launchers do (with Linux's autogroup scheduling, processes of one session
    share one CPU share on a busy machine)."""

    def __init__(self, directory, workers: int):
        self.file = str(directory / "scheduler.json")
        self.env = dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path))
        self.scheduler = subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
             "--port", "0", "--no-dashboard", "--scheduler-file", self.file],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(600):
            if os.path.exists(self.file):
                break
            time.sleep(0.1)
        self.workers = [subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_worker", "--scheduler-file", self.file,
             "--nthreads", "1", "--no-nanny", "--no-dashboard", "--host", "127.0.0.1",
             "--name", f"w{k}"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
            for k in range(workers)]
        self.client = distributed.Client(scheduler_file=self.file, timeout=60)
        self.client.wait_for_workers(workers, timeout=120)

    def close(self):
        self.client.close()
        for p in self.workers + [self.scheduler]:
            if p.poll() is None:
                p.kill()
            p.wait()


@pytest.fixture()
def cluster(tmp_path):
    c = Cluster(tmp_path, workers=2)
    yield c
    c.close()


def test_a_bag_on_two_workers_gives_the_cli_events(cluster, docs, cli_frame):
    events = dyad.dask.code_bag(db.from_sequence(docs, npartitions=N_PARTITIONS))
    frame = cluster.client.compute(events).result()
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), cli_frame)
    # Both workers coded partitions.
    assert len(cluster.client.run(lambda: len(dyad.dask._engines))) == 2


def test_a_killed_worker_changes_nothing(cluster, docs, cli_frame):
    ddf = dd.from_pandas(pd.DataFrame(docs), npartitions=N_PARTITIONS, sort=False)
    future = cluster.client.compute(dyad.dask.code_frame(ddf))
    victim = cluster.workers[0]
    victim_address = next(a for a, w in cluster.client.scheduler_info()["workers"].items()
                          if w["name"] == "w0")
    # Kill the worker once it holds finished partitions and is coding another.
    for _ in range(1200):
        held = cluster.client.has_what().get(victim_address, ())
        if sum("code_partition" in str(k) for k in held) >= 2:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the worker to kill never finished a partition")
    assert not future.done()
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    frame = future.result(timeout=600)
    assert victim_address not in cluster.client.scheduler_info()["workers"]
    pd.testing.assert_frame_equal(frame.reset_index(drop=True), cli_frame)
