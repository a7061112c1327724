"""Bounded fuzzing for CI: `python fuzz/run.py --seconds 60`.

First every seed in `fuzz/corpus` is replayed. Then, for the given time,
atheris (coverage-guided, when it is installed: `pip install atheris`) or
else hypothesis (random edits of the seeds) feeds inputs to the whole scan.
Exit status 0 when nothing crashed, reported an internal error, put a
finding outside its file or ran longer than `--input-timeout` seconds;
1 otherwise, with the failing input saved and its replay command printed.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import FrameType
from typing import Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import targets  # noqa: E402

CORPUS = HERE / "corpus"


class InputTimeout(Exception):
    """One input ran longer than the per-input budget."""


def seeds() -> list[bytes]:
    """The seed inputs, in a stable order."""
    return [path.read_bytes() for path in sorted(CORPUS.iterdir()) if path.is_file()]


def check_with_budget(data: bytes, budget: int) -> None:
    """`targets.check` that raises InputTimeout after `budget` seconds."""

    def expire(signum: int, frame: Optional[FrameType]) -> None:
        raise InputTimeout(f"input ran longer than {budget} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(budget)
    try:
        targets.check(data)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def save_failure(data: bytes, error: BaseException) -> int:
    """Keep a failing input where CI logs can point at it; status 1."""
    folder = Path(tempfile.mkdtemp(prefix="sslint-fuzz-"))
    path = folder / "failure.bin"
    path.write_bytes(data)
    name, _ = targets.split(data)
    print(f"fuzz: FAILED on a {name!r} input: {type(error).__name__}: {error}", file=sys.stderr)
    print(
        f"fuzz: input saved to {path}; replay: python fuzz/run.py --replay {path}", file=sys.stderr
    )
    return 1


def replay(paths: list[Path], budget: int) -> int:
    """Check each input once; status 1 at the first failure."""
    for path in paths:
        data = path.read_bytes()
        try:
            check_with_budget(data, budget)
        except Exception as error:
            return save_failure(data, error)
    return 0


def run_atheris(seconds: int, budget: int) -> int:
    """Coverage-guided fuzzing in a child process, with its work corpus in a temp folder."""
    with tempfile.TemporaryDirectory(prefix="sslint-fuzz-") as work:
        command = [
            sys.executable,
            str(HERE / "fuzz_scan.py"),
            f"-max_total_time={seconds}",
            f"-timeout={budget}",
            "-rss_limit_mb=4096",
            f"-artifact_prefix={work}/",
            "-print_final_stats=1",
            str(Path(work) / "corpus"),
            str(CORPUS),
        ]
        (Path(work) / "corpus").mkdir()
        status = subprocess.call(command)
        if status != 0:
            kept = Path(tempfile.mkdtemp(prefix="sslint-fuzz-artifacts-"))
            for artifact in Path(work).glob("*-*"):
                if artifact.is_file():
                    shutil.copy(artifact, kept)
            print(f"fuzz: atheris failed ({status}); artifacts in {kept}", file=sys.stderr)
            return 1
    return 0


def run_hypothesis(seconds: int, budget: int) -> int:
    """Random edits of the seeds with hypothesis, round after round until time is up."""
    from hypothesis import HealthCheck, given, seed, settings
    from hypothesis import strategies as st

    pool = seeds() or [b""]
    edit = st.tuples(st.integers(0, 1 << 20), st.integers(0, 8), st.binary(max_size=12))
    inputs = st.builds(
        _mutate, st.sampled_from(pool), st.lists(edit, max_size=6), st.integers(0, 255)
    )
    failure: list[tuple[bytes, BaseException]] = []
    deadline = time.monotonic() + seconds
    rounds = examples = 0
    while time.monotonic() < deadline and not failure:

        @seed(rounds)
        @settings(
            max_examples=100,
            deadline=None,
            database=None,
            derandomize=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(inputs)
        def one(data: bytes) -> None:
            nonlocal examples
            examples += 1
            try:
                check_with_budget(data, budget)
            except Exception as error:
                failure.append((data, error))
                raise

        try:
            one()
        except Exception:
            if not failure:
                raise
        rounds += 1
    print(f"fuzz: hypothesis ran {examples} inputs in {rounds} rounds", file=sys.stderr)
    if failure:
        data, error = min(failure, key=lambda item: len(item[0]))
        return save_failure(data, error)
    return 0


def _mutate(base: bytes, edits: list[tuple[int, int, bytes]], name_byte: int) -> bytes:
    data = bytearray(base) if base else bytearray(b"\x00")
    if name_byte % 4 == 0:  # sometimes try the same content as another kind
        data[0] = name_byte // 4 % len(targets.NAMES)
    for position, drop, insert in edits:
        at = 1 + position % len(data)
        data[at : at + drop] = insert
    return bytes(data)


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=60, help="fuzzing time after the seeds")
    parser.add_argument(
        "--engine", choices=("auto", "atheris", "hypothesis"), default="auto", help="fuzzer"
    )
    parser.add_argument("--input-timeout", type=int, default=60, help="budget of one input (s)")
    parser.add_argument("--replay", type=Path, nargs="*", help="only check these inputs")
    args = parser.parse_args(argv)
    if args.replay is not None:
        return replay(args.replay, args.input_timeout)
    status = replay(sorted(p for p in CORPUS.iterdir() if p.is_file()), args.input_timeout)
    if status:
        return status
    engine = args.engine
    if engine == "auto":
        engine = "atheris" if importlib.util.find_spec("atheris") else "hypothesis"
    print(f"fuzz: {len(seeds())} seeds pass; {engine} for {args.seconds} s", file=sys.stderr)
    if engine == "atheris":
        return run_atheris(args.seconds, args.input_timeout)
    return run_hypothesis(args.seconds, args.input_timeout)


if __name__ == "__main__":
    sys.exit(main())
