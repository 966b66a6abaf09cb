"""Shared fixtures of the Python tests: the dyad CLI ($DYAD_CLI, set by CTest; default
build/dyad), the bundled sample, and one Engine per test session."""

from __future__ import annotations

import json
import os
import pathlib
import subprocess

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "sample" / "news.jsonl"


def cli_path() -> str:
    path = os.environ.get("DYAD_CLI") or str(REPO / "build" / "dyad")
    if not os.path.exists(path):
        pytest.fail(f"the dyad CLI is not built: {path} (set $DYAD_CLI)")
    return path


def run_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """`dyad ARGS...` with text output captured."""
    return subprocess.run([cli_path(), *args], capture_output=True, text=True, check=check)


def sample_docs() -> list[dict]:
    with open(SAMPLE, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


@pytest.fixture(scope="session")
def engine():
    import dyad
    return dyad.Engine()
