"""The tutorial of doc/python.md as one script: code a folder of news, the Goldstein
score of one dyad per month with pandas, and a matplotlib plot of it.

Usage: python examples/python_tutorial.py FOLDER [PLOT.png]
FOLDER holds one news story per .txt file, named YYYY-MM-DD-anything.txt (the date the
story was published). `python examples/python_tutorial.py --sample DIR` first writes the
bundled sample (data/sample/news.jsonl) into DIR as such files.
"""

import json
import pathlib
import sys

import matplotlib

matplotlib.use("Agg")  # write a file; no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

import dyad  # noqa: E402


def write_sample(folder: pathlib.Path) -> None:
    """The bundled sample as a folder of dated .txt stories."""
    folder.mkdir(parents=True, exist_ok=True)
    sample = pathlib.Path(__file__).resolve().parents[1] / "data" / "sample" / "news.jsonl"
    for line in sample.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        (folder / f"{doc['date']}-{doc['id']}.txt").write_text(doc["text"], encoding="utf-8")


# 1. Code a folder of news: one document per file, dated by its name.
def code_folder(folder: pathlib.Path) -> pd.DataFrame:
    docs = ({"id": path.name, "date": path.name[:10], "text": path.read_text(encoding="utf-8")}
            for path in sorted(folder.glob("*.txt")))
    engine = dyad.Engine()
    return engine.code_many(docs)


# 2. One dyad's Goldstein score per month: events between the two roots, either way.
def goldstein_per_month(events: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    pair = events[((events.source_root == a) & (events.target_root == b)) |
                  ((events.source_root == b) & (events.target_root == a))]
    return (pair.groupby(pair.date.dt.to_period("M"))
                .agg(events=("cameo", "size"), goldstein=("goldstein", "mean")))


def main() -> None:
    args = sys.argv[1:]
    if args[:1] == ["--sample"]:
        write_sample(pathlib.Path(args[1]))
        args = args[1:]
    events = code_folder(pathlib.Path(args[0]))
    print(f"{len(events)} events from {events.doc_id.nunique()} stories")

    # The dyad with the most events, both directions counted.
    dyads = events.dropna(subset=["source_root", "target_root"])
    dyads = dyads[dyads.source_root != dyads.target_root]
    a, b = (dyads[["source_root", "target_root"]].apply(sorted, axis=1, result_type="expand")
            .value_counts().index[0])
    monthly = goldstein_per_month(events, a, b)
    print(f"{a}-{b} per month:\n{monthly}")

    # 3. Plot it.
    ax = monthly.goldstein.plot(marker="o", title=f"{a}-{b}: mean Goldstein per month")
    ax.axhline(0, color="grey", linewidth=0.5)
    ax.set_ylabel("Goldstein (-10 conflict ... +10 cooperation)")
    plot = args[1] if len(args) > 1 else "goldstein.png"
    plt.savefig(plot, bbox_inches="tight")
    print(f"plot: {plot}")


if __name__ == "__main__":
    main()
