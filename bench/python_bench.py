"""The Python package's figures (issue 15, doc/python.md "Figures"), in one run:

  1. throughput of Engine.code_many(threads=1) against `dyad code --threads 1` on the same
     corpus, interleaved (CLI, Python, CLI, Python) so both see the same machine load;
  2. a dask.distributed cluster (scheduler + worker processes of one thread each, on
     127.0.0.1) coding the corpus with dyad.dask.code_frame on one worker, then on two;
  3. peak memory (max RSS) of each Dask worker against the CLI's.

Usage (Debian's python, package from the build tree or installed):
  PYTHONPATH=build/python nice -n 10 /usr/bin/python3 bench/python_bench.py \
      [--cli build/dyad] [--copies 2] [--skip-dask] [--repeat 2]

The corpus is made from the raw text of UD English-EWT and GUM (../shared/data, all
splits; never copied into the repository) in /tmp: documents of up to 20 consecutive
sentences of one source document, dated; `--copies` repeats it with new ids (2 copies:
about 55,000 sentences). Times are wall seconds and CPU seconds (user + system of the
process doing the work); the machine is shared, so the load average is printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import pathlib
import resource
import subprocess
import sys
import tempfile
import time

import pandas as pd

REPO = pathlib.Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
TREEBANKS = [SHARED / "ud-en-ewt" / f"en_ewt-ud-{s}.conllu" for s in ("train", "dev", "test")] + \
            [SHARED / "ud-en-gum" / f"en_gum-ud-{s}.conllu" for s in ("train", "dev", "test")]


def make_corpus(copies: int) -> list[dict]:
    docs: list[dict] = []
    for path in TREEBANKS:
        if not path.exists():
            sys.exit(f"python_bench: {path} is missing (../shared/data)")
        sentences: list[str] = []

        def flush() -> None:
            if sentences:
                n = len(docs)
                docs.append({"id": f"{path.stem}-{n}", "text": " ".join(sentences),
                             "date": f"2020-{n % 12 + 1:02d}-{n % 28 + 1:02d}"})
                sentences.clear()

        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# newdoc"):
                flush()
            elif line.startswith("# text = "):
                sentences.append(line[len("# text = "):])
                if len(sentences) == 20:
                    flush()
        flush()
    return [dict(d, id=f"c{k}-{d['id']}") for k in range(copies) for d in docs]


def cpu_self() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def run_cli(cli: str, corpus: pathlib.Path) -> dict:
    # Through /usr/bin/time: a child's ru_maxrss includes its parent's RSS at fork time
    # (Linux keeps the high-water mark across exec), and `time` is a small parent.
    start = time.perf_counter()
    p = subprocess.run(["/usr/bin/time", "-f", "time: %U %S %M", cli, "code", str(corpus),
                        "--threads", "1", "-o", os.devnull],
                       stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"dyad code failed: {p.stderr}")
    summary = p.stderr.splitlines()[0]
    user, system, max_rss_kb = p.stderr.split("time: ")[1].split()
    sentences = int(summary.split(" sentences,")[0].split()[-1])
    return {"wall": wall, "cpu": float(user) + float(system), "sentences": sentences,
            "max_rss_mb": int(max_rss_kb) / 1024, "summary": summary}


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM, which exec resets)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def run_python(docs: list[dict]) -> dict:
    """Engine() and code_many(threads=1): the work `dyad code` does (it opens its engine
    too), minus reading JSONL (the documents are dicts already)."""
    import dyad
    cpu0, start = cpu_self(), time.perf_counter()
    frame = dyad.Engine().code_many(docs, threads=1)
    return {"wall": time.perf_counter() - start, "cpu": cpu_self() - cpu0,
            "sentences": frame.attrs["dyad"]["sentences"], "events": len(frame)}


def rate(r: dict) -> str:
    return (f"{r['sentences'] / r['wall']:7.0f} sentences/s wall ({r['wall']:6.1f} s), "
            f"{r['sentences'] / r['cpu']:7.0f} per CPU-s ({r['cpu']:6.1f} s)")


def dask_run(docs: list[dict], workers: int, partitions: int) -> dict:
    sys.path.insert(0, str(REPO / "python" / "tests"))
    from test_dask import Cluster  # the tests' scheduler + worker processes
    import dask.dataframe as dd
    import dyad.dask

    with tempfile.TemporaryDirectory() as d:
        cluster = Cluster(pathlib.Path(d), workers=workers)
        try:
            client = cluster.client
            # Open the engine on every worker first (a one-off cost of a long run).
            client.run(lambda: dyad.dask.worker_engine(**dyad.Engine.normalize_options()).model_path)
            rss_open = client.run(peak_rss_mb)
            cpu0 = client.run(cpu_self)
            ddf = dd.from_pandas(pd.DataFrame(docs), npartitions=partitions, sort=False)
            counts = dyad.dask.code_frame(ddf).map_partitions(len)
            load0, start = os.getloadavg()[0], time.perf_counter()
            n_events = int(client.compute(counts).result().sum())
            wall = time.perf_counter() - start
            cpu = {w: t - cpu0[w] for w, t in client.run(cpu_self).items()}
            return {"workers": workers, "wall": wall, "events": n_events, "cpu": cpu,
                    "rss_open_mb": rss_open, "max_rss_mb": client.run(peak_rss_mb),
                    "load_before": load0, "load_after": os.getloadavg()[0]}
        finally:
            cluster.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=str(REPO / "build" / "dyad"))
    ap.add_argument("--copies", type=int, default=2)
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--partitions", type=int, default=64)
    ap.add_argument("--skip-dask", action="store_true")
    ap.add_argument("--workers", default="1,2", help="Dask runs: worker counts")
    ap.add_argument("--skip-throughput", action="store_true")
    args = ap.parse_args()

    docs = make_corpus(args.copies)
    with tempfile.TemporaryDirectory() as d:
        corpus = pathlib.Path(d) / "corpus.jsonl"
        corpus.write_text("".join(json.dumps(x) + "\n" for x in docs), encoding="utf-8")
        print(f"corpus: {len(docs)} documents, {corpus.stat().st_size / 1e6:.1f} MB; "
              f"load average {os.getloadavg()}", flush=True)
        cli_runs = []
        if not args.skip_throughput:
            py_runs = []
            for k in range(args.repeat):
                cli_runs.append(run_cli(args.cli, corpus))
                print(f"run {k + 1} CLI    {rate(cli_runs[-1])}  max RSS "
                      f"{cli_runs[-1]['max_rss_mb']:.0f} MB; load {os.getloadavg()[0]:.1f}",
                      flush=True)
                py_runs.append(run_python(docs))
                print(f"run {k + 1} Python {rate(py_runs[-1])}; load {os.getloadavg()[0]:.1f}",
                      flush=True)
            print(cli_runs[0]["summary"])
            assert py_runs[0]["sentences"] == cli_runs[0]["sentences"]
            for unit in ("wall", "cpu"):
                cli_t = sum(r[unit] for r in cli_runs)
                py_t = sum(r[unit] for r in py_runs)
                print(f"code_many / CLI throughput ({unit} time, all runs): {cli_t / py_t:.3f}")
        else:
            cli_runs.append(run_cli(args.cli, corpus))
        if args.skip_dask:
            return
        results = [dask_run(docs, int(w), args.partitions) for w in args.workers.split(",")]
        for r in results:
            print(f"dask {r['workers']} worker(s): {r['wall']:.1f} s wall, {r['events']} events; "
                  f"worker CPU s {sorted(round(v, 1) for v in r['cpu'].values())}; "
                  f"load {r['load_before']:.1f} -> {r['load_after']:.1f}; worker peak RSS (MB) "
                  f"after opening {sorted(round(v) for v in r['rss_open_mb'].values())}, at the "
                  f"end {sorted(round(v) for v in r['max_rss_mb'].values())}")
        if len(results) == 2:
            print(f"speed-up of {results[1]['workers']} workers over {results[0]['workers']}: "
                  f"{results[0]['wall'] / results[1]['wall']:.2f}")
        print(f"CLI max RSS {cli_runs[0]['max_rss_mb']:.0f} MB; largest worker "
              f"{max(max(r['max_rss_mb'].values()) for r in results):.0f} MB")


if __name__ == "__main__":
    main()
