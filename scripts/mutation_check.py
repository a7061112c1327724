"""Mutation check: break each system property on purpose and prove the tests catch it.

Run it with the project's virtualenv: `.venv/bin/python scripts/mutation_check.py`.

The checkout is never edited. The project's files are copied to a temporary
folder (a fresh git repository, as some tests copy the project from there);
each mutation is applied to its own copy as one exact text replacement (a
replacement whose text is not found exactly once stops the check, so the
catalogue cannot rot silently), and only the tests named for it are run there.
The same tests must first pass on the unmutated copy. `--jobs` test runs go
side by side (default 2), each in its own copy.

Each copy's tests run in a small virtualenv made for it: it imports `sslint`
from the copy and every other package from the virtualenv running this
script, and its `sslint` command is the copy's. Tests that start `sslint` in a
subprocess (even with `PYTHON*` variables removed from its environment) thus
analyse with the mutated code too; a deliberate import check proves it before
any mutation runs.

Exit status: 0 when every mutation made its tests fail; 1 when one survived
(its tests passed with the property broken); 2 when the check itself could not
run (text to replace not found, the tests fail on the unmutated copy, or the
copy's virtualenv imports another `sslint`).
"""

from __future__ import annotations

import argparse
import os
import queue
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterator, NamedTuple, Optional, TypeVar

ROOT = Path(__file__).resolve().parent.parent
PYTEST = ("-m", "pytest", "-q", "-x", "-p", "no:cacheprovider")
TIMEOUT_SECONDS = 600
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "sslint mutation check",
    "GIT_AUTHOR_EMAIL": "mutation@sslint.invalid",
    "GIT_COMMITTER_NAME": "sslint mutation check",
    "GIT_COMMITTER_EMAIL": "mutation@sslint.invalid",
    "GIT_CONFIG_NOSYSTEM": "1",
}


T = TypeVar("T")


class Mutation(NamedTuple):
    """One property broken on purpose: `old` becomes `new` in `path`; `tests` must fail."""

    name: str
    path: str
    old: str
    new: str
    tests: tuple[str, ...]


MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        "parallel workers drop every finding",
        "sslint/linter/parallel.py",
        "batch.append((index, scan_one(candidate)))",
        "batch.append((index, FileResult(notices=scan_one(candidate).notices)))",
        ("tests/test_parallel.py::test_workers_give_what_one_process_gives",),
    ),
    Mutation(
        "a large scan never starts workers",
        "sslint/linter/engine.py",
        "jobs = config.jobs if config.jobs > 0 else (os.cpu_count() or 1)",
        "jobs = 1",
        ("tests/test_parallel.py::test_workers_give_what_one_process_gives",),
    ),
    Mutation(
        "workers wait for the end of the walk",
        "sslint/linter/parallel.py",
        "if len(waiting) >= STREAM_CHUNK_FILES and not index % STREAM_CHUNK_FILES:",
        "if False:",
        (
            "tests/test_parallel.py::"
            "test_workers_scan_while_the_walk_goes_on_and_large_files_wait_for_its_end",
        ),
    ),
    Mutation(
        "a crashed worker's unfinished files are not handed out again",
        "sslint/linter/parallel.py",
        "            self.queue.appendleft(rest)\n",
        "            pass\n",
        ("tests/test_parallel.py::test_a_small_runaway_file_among_many_is_the_one_named",),
    ),
    Mutation(
        "cache drops notices when it stores a result",
        "sslint/linter/cache.py",
        '"notices": [[n.path, n.message, n.level, n.line] for n in result.notices],',
        '"notices": [],',
        ("tests/test_cache.py::test_a_second_run_reads_nothing_and_gives_the_same",),
    ),
    Mutation(
        "cache drops notices when it replays a result",
        "sslint/linter/cache.py",
        'notices=[_notice(item) for item in data["notices"]],',
        "notices=[],",
        ("tests/test_cache.py::test_a_second_run_reads_nothing_and_gives_the_same",),
    ),
    Mutation(
        "cache drops end columns",
        "sslint/linter/cache.py",
        "span.end_line, span.end_column],",
        "span.end_line, span.start_column],",
        ("tests/test_cache.py::test_a_second_run_reads_nothing_and_gives_the_same",),
    ),
    Mutation(
        "cache keeps results with an error (timeout, internal error)",
        "sslint/linter/cache.py",
        'return all(notice.level != "error" for notice in result.notices)',
        "return True",
        ("tests/test_cache.py::test_a_result_with_an_error_is_not_kept",),
    ),
    Mutation(
        "cache key leaves out the settings",
        "sslint/linter/cache.py",
        "{config.fingerprint()}",
        "",
        ("tests/test_cache.py::test_other_settings_do_not_use_the_kept_results",),
    ),
    Mutation(
        "cache entries not keyed with the user's secret",
        "sslint/linter/cache.py",
        "digest_size=20, key=self.secret)",
        "digest_size=20)",
        ("tests/test_cache.py::test_entries_a_repository_brings_are_not_trusted",),
    ),
    Mutation(
        "report order depends on the hash seed",
        "sslint/linter/engine.py",
        "per_file.sort(key=lambda findings: findings[0].path)",
        "per_file.sort(key=lambda findings: hash(findings[0].path))",
        ("tests/test_safety_determinism.py::test_hash_seed_does_not_matter[text]",),
    ),
    Mutation(
        "links out of the scanned tree followed",
        "sslint/linter/discovery.py",
        "if not (target == self.top_real or target.startswith(self.top_real + os.sep)):",
        "if False:",
        ("tests/test_hostile_files.py::test_links_out_of_the_tree_are_not_followed",),
    ),
    Mutation(
        "invalid UTF-8 replaced without a notice",
        "sslint/linter/source.py",
        'text, f"invalid {encoding} at byte {exc.start}; undecodable bytes replaced"',
        "text, None",
        (
            "tests/test_hostile_files.py"
            "::test_invalid_utf8_in_every_kind_is_read_with_a_notice[Dockerfile]",
        ),
    ),
    Mutation(
        "UTF-8 byte-order mark kept in the text",
        "sslint/linter/source.py",
        "data = data[len(codecs.BOM_UTF8) :]",
        "pass",
        ("tests/test_hostile_files.py::test_utf8_bom_and_crlf_keep_positions",),
    ),
    Mutation(
        "columns counted in UTF-8 bytes, not code points",
        "sslint/linter/source.py",
        "return line, offset - self._line_starts[line - 1] + 1",
        'return line, len(self.text[self._line_starts[line - 1] : offset].encode("utf-8")) + 1',
        ("tests/test_source.py::test_position_counts_code_points_and_lines",),
    ),
    Mutation(
        "action input `select` unwired",
        "action.yml",
        "        INPUT_SELECT: ${{ inputs.select }}\n",
        "",
        (
            "tests/test_action.py::test_action_fail_on_select_paths_and_plain_log",
            "tests/test_action.py::test_every_input_is_wired_to_the_step_that_reads_it",
        ),
    ),
    Mutation(
        "reader of .npmrc renamed in the registry",
        "sslint/linter/readers/__init__.py",
        'kinds.NPMRC: "sslint.linter.readers.config.npmrc:read",',
        'kinds.NPMRC: "sslint.linter.readers.config.npmrc:read_npmrc",',
        (
            "tests/test_hostile_files.py"
            "::test_nul_bytes_after_the_sniffed_head_do_not_break_any_reader",
            "tests/test_rules_end_to_end.py::test_real_files[.npmrc]",
        ),
    ),
    Mutation(
        "a shell statement nested too deeply costs the whole file",
        "sslint/linter/readers/scripts/shell.py",
        '            self._skipped(start, end, "nested too deeply to read", level="error")\n',
        "            raise\n",
        ("tests/test_syntax_recovery.py::test_a_deep_prefix_costs_its_own_line_only",),
    ),
    Mutation(
        "no token fallback for lines a Python repair leaves out",
        "sslint/rules/_python_fallback.py",
        "return view_findings(parsed.view, rule_id, why, lambda at: lines.line_of(at) in blanked)",
        "return iter(())",
        (
            "tests/test_python_any_version.py"
            "::test_a_switch_on_a_line_left_out_is_still_found_by_its_tokens",
        ),
    ),
    Mutation(
        "SARIF result template fills message and end column swapped",
        "sslint/report/sarif.py",
        "message_text,\n            str(span.end_column),",
        "str(span.end_column),\n            message_text,",
        ("tests/test_report_sarif.py",),
    ),
    Mutation(
        "incomplete-scan gate ignored",
        "sslint/cli.py",
        '"""EXIT_INCOMPLETE when files were not fully analysed and that is not accepted."""',
        '"""EXIT_INCOMPLETE when files were not fully analysed and that is not accepted."""\n'
        "    return None",
        ("tests/test_gate_cli.py::test_files_there_but_not_analysed_are_incomplete_not_empty",),
    ),
    Mutation(
        "a suppression comment hides findings of any rule",
        "sslint/linter/suppressions.py",
        "if any(rule_id.startswith(i) for i in ids):",
        "if True:",
        ("tests/test_gate_cli.py::test_a_comment_for_another_rule_hides_nothing",),
    ),
    Mutation(
        "--no-cache ignored (the scan writes into the scanned tree)",
        "sslint/cli.py",
        "config.cache = not no_cache",
        "config.cache = True",
        ("tests/test_cache.py::test_no_cache_writes_nothing",),
    ),
    Mutation(
        "--no-inline-ignores ignored",
        "sslint/cli.py",
        "    if no_inline_ignores:\n        config.inline_ignores = False\n",
        "    if no_inline_ignores:\n        pass\n",
        ("tests/test_gate_cli.py::test_no_inline_ignores_reports_what_comments_hide",),
    ),
    Mutation(
        "broken pipe exits 1 instead of 141",
        "sslint/cli.py",
        "sys.exit(EXIT_BROKEN_PIPE)",
        "sys.exit(1)",
        ("tests/test_cli.py::test_broken_pipe_ends_quietly",),
    ),
    Mutation(
        "GitHub line hash counts tabs",
        "sslint/report/fingerprints.py",
        '_DROP = {ord(" "): None, ord("\\t"): None}',
        '_DROP = {ord(" "): None}',
        (
            "tests/test_report_sarif.py::test_line_hash_matches_githubs_algorithm",
            "tests/test_fingerprints_pinned.py",
        ),
    ),
    Mutation(
        "prefilter matches its tokens in lower case only",
        "sslint/linter/engine.py",
        "lowered = data.lower()",
        "lowered = data",
        ("tests/test_prefilter.py::test_every_kind_and_the_end_to_end_corpus",),
    ),
    Mutation(
        "sslint/v1 fingerprint input changed",
        "sslint/linter/baseline.py",
        "str(self.occurrence)))",
        "str(self.occurrence + 1)))",
        ("tests/test_fingerprints_pinned.py",),
    ),
)


class CheckError(Exception):
    """The check cannot give an answer (its own set-up failed)."""


def mutated_text(text: str, mutation: Mutation) -> str:
    """`text` with the mutation applied; CheckError unless its text occurs exactly once."""
    found = text.count(mutation.old)
    if found != 1:
        raise CheckError(
            f"{mutation.path}: the text to replace for {mutation.name!r} occurs {found} times "
            f"(must be once): {mutation.old!r}"
        )
    return text.replace(mutation.old, mutation.new)


def git(cwd: Path, *args: str) -> str:
    """Run git in `cwd` with a fixed identity and no user configuration; its output."""
    env = {**os.environ, **GIT_IDENTITY, "HOME": str(cwd)}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def copy_project(dest: Path) -> None:
    """Copy the tracked and not-ignored files of the checkout into a fresh repository."""
    listed = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in sorted({n for n in listed.split("\0") if n and (ROOT / n).is_file()}):
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, target)
    git(dest, "init", "-q", "-b", "main")
    git(dest, "add", "-A")
    git(dest, "commit", "-q", "--no-verify", "-m", "snapshot")


def make_venv(venv: Path, project: Path) -> Path:
    """A virtualenv importing `sslint` from `project`, all else from this one; its python."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    # Lines of a .pth file are appended to sys.path; the editable install's own .pth
    # in this virtualenv is not processed there, so `sslint` comes from `project`.
    lines = [str(project), *sorted(ours)]
    Path(purelib, "sslint-mutation-check.pth").write_text("\n".join(lines) + "\n")
    bin_dir = Path(sys.executable).parent
    for entry in sorted(bin_dir.iterdir()):
        target = venv / "bin" / entry.name
        if entry.name.startswith(("python", "activate", "pip", "sslint")) or target.exists():
            continue
        target.symlink_to(entry)  # check-jsonschema and the other tools the tests call
    script = venv / "bin" / "sslint"
    script.write_text(f"#!{python}\nimport sys\nfrom sslint.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    return python


# The SARIF validator the checkout installed (`.tools/` is not copied): the copies'
# SARIF tests validate with it, and under `CI=true` fail without it.
_MULTITOOL = ROOT / ".tools/sarif-multitool/node_modules/@microsoft/sarif-multitool-linux"


def run_env() -> dict[str, str]:
    """The environment of the test runs: nothing that could point Python elsewhere."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    binary = _MULTITOOL / "Sarif.Multitool"
    if "SARIF_MULTITOOL" not in env and binary.is_file():
        env["SARIF_MULTITOOL"] = str(binary)
    return env


def check_imports(python: Path, project: Path) -> None:
    """CheckError unless the copy's virtualenv imports `sslint` from the copy.

    Asked from another folder with `PYTHON*` variables removed, as tests run `sslint`
    (its command is a script of this same interpreter, so it imports the same module).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    probe = "import sslint.cli; print(sslint.cli.__file__)"
    with tempfile.TemporaryDirectory(prefix="sslint-mutation-probe-") as elsewhere:
        done = subprocess.run(
            [str(python), "-c", probe],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    if done.returncode != 0:
        raise CheckError(f"the copy's virtualenv cannot import sslint:\n{done.stderr}")
    imported = Path(done.stdout.strip()).resolve()
    if project.resolve() not in imported.parents:
        raise CheckError(f"the copy's virtualenv imports sslint from {imported}, not {project}")


class Outcome(NamedTuple):
    """How the tests of one run ended: pytest's status, the tests that failed, the time."""

    status: Optional[int]  # None: timed out
    failures: tuple[str, ...]
    seconds: float
    tail: str

    @property
    def caught(self) -> bool:
        """Some tests failed (status 1), or the run hung."""
        return self.status in (1, None)


def run_tests(python: Path, project: Path, tests: tuple[str, ...]) -> Outcome:
    """Run `tests` in `project`, stopping at the first failure."""
    started = time.monotonic()
    try:
        done = subprocess.run(
            [str(python), *PYTEST, *tests],
            cwd=project,
            env=run_env(),
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return Outcome(None, (), time.monotonic() - started, f"timed out after {TIMEOUT_SECONDS} s")
    lines = (done.stdout + done.stderr).strip().splitlines()
    failures = tuple(
        line.split(" - ", 1)[0] for line in lines if line.startswith(("FAILED ", "ERROR "))
    )
    return Outcome(done.returncode, failures, time.monotonic() - started, "\n".join(lines[-15:]))


def fresh_copy(pristine: Path, project: Path) -> None:
    """Replace `project` with a copy of `pristine` (no byte code of an earlier run)."""
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(pristine, project, symlinks=True)


class Slot(NamedTuple):
    """A place to run tests: a copy of the project and the virtualenv that imports it."""

    python: Path
    project: Path


def make_slots(work: Path, pristine: Path, jobs: int) -> list[Slot]:
    """`jobs` slots in `work`, each checked to import `sslint` from its own copy."""
    slots = []
    for number in range(jobs):
        project = work / f"project{number}"
        python = make_venv(work / f"venv{number}", project)
        fresh_copy(pristine, project)
        check_imports(python, project)
        slots.append(Slot(python, project))
    return slots


def in_slots(slots: list[Slot], tasks: list[Callable[[Slot], T]]) -> Iterator[T]:
    """Each task's result, in task order; tasks run side by side, one per free slot."""
    free: queue.Queue[Slot] = queue.Queue()
    for slot in slots:
        free.put(slot)

    def run(task: Callable[[Slot], T]) -> T:
        slot = free.get()
        try:
            return task(slot)
        finally:
            free.put(slot)

    with ThreadPoolExecutor(len(slots)) as pool:
        yield from pool.map(run, tasks)


def tests_run(tests: tuple[str, ...]) -> Callable[[Slot], Outcome]:
    """A task: `tests` in the slot's copy as it is."""

    def run(slot: Slot) -> Outcome:
        return run_tests(slot.python, slot.project, tests)

    return run


def mutated_run(pristine: Path, mutation: Mutation) -> Callable[[Slot], Outcome]:
    """A task: the mutation's tests in a fresh copy with the mutation applied."""

    def run(slot: Slot) -> Outcome:
        fresh_copy(pristine, slot.project)
        path = slot.project / mutation.path
        path.write_text(mutated_text(path.read_text(encoding="utf-8"), mutation), "utf-8")
        return run_tests(slot.python, slot.project, mutation.tests)

    return run


def check(mutations: tuple[Mutation, ...], work: Path, jobs: int) -> int:
    """Run the check in `work` with `jobs` test runs side by side; the exit status."""
    pristine = work / "pristine"
    pristine.mkdir()
    copy_project(pristine)
    for mutation in mutations:  # every replacement is checked before anything runs
        mutated_text((pristine / mutation.path).read_text(encoding="utf-8"), mutation)
    slots = make_slots(work, pristine, jobs)
    every_test = list(dict.fromkeys(t for m in mutations for t in m.tests))
    shares = [tuple(every_test[n :: len(slots)]) for n in range(len(slots))]
    started = time.monotonic()
    runs = [tests_run(share) for share in shares if share]
    for baseline in in_slots(slots, runs):
        if baseline.status != 0:
            raise CheckError(f"the tests fail without any mutation:\n{baseline.tail}")
    seconds = time.monotonic() - started
    print(f"unmutated copy: {len(every_test)} test selections pass ({seconds:.1f} s)")
    survived = 0
    outcomes = in_slots(slots, [mutated_run(pristine, m) for m in mutations])
    for mutation, outcome in zip(mutations, outcomes):
        if outcome.status not in (0, 1, None):
            raise CheckError(
                f"{mutation.name!r}: pytest could not run the tests (exit {outcome.status}):\n"
                + outcome.tail
            )
        verdict = "caught" if outcome.caught else "SURVIVED"
        print(f"{verdict:8}  {outcome.seconds:5.1f} s  {mutation.name} ({mutation.path})")
        if outcome.status is None:
            print(f"          {outcome.tail}")
        for failure in outcome.failures:
            print(f"          {failure}")
        if not outcome.caught:
            survived += 1
            print("          tests run, all passed: " + " ".join(mutation.tests))
    if survived:
        print(f"{survived} of {len(mutations)} mutations survived: the tests above miss them")
        return 1
    print(f"all {len(mutations)} mutations were caught by their tests")
    return 0


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the mutations whose name contains this text")
    parser.add_argument("--list", action="store_true", help="list the mutations and exit")
    parser.add_argument("--jobs", type=int, default=2, help="test runs side by side (default: 2)")
    args = parser.parse_args(argv)
    chosen = tuple(m for m in MUTATIONS if args.only is None or args.only in m.name)
    if args.list or not chosen:
        for mutation in chosen or MUTATIONS:
            print(f"{mutation.name} ({mutation.path}): {' '.join(mutation.tests)}")
        return 0 if chosen else 2
    with tempfile.TemporaryDirectory(prefix="sslint-mutation-") as work:
        try:
            return check(chosen, Path(work), max(1, args.jobs))
        except CheckError as error:
            print(f"mutation check: error: {error}", file=sys.stderr)
            return 2


if __name__ == "__main__":
    sys.exit(main())
