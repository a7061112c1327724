"""Coverage-guided fuzzing of the whole scan with atheris (libFuzzer).

Run it for as long as you like, outside CI:

    python fuzz/fuzz_scan.py -max_total_time=3600 -timeout=30 fuzz/corpus-work fuzz/corpus

(libFuzzer adds new inputs to the first folder; keep `fuzz/corpus` as seeds.)
A crash, an internal error notice, a finding outside the file or one input
running longer than `-timeout` seconds stops the run and leaves the input in
a `crash-*` / `timeout-*` file; replay it with `python fuzz/fuzz_scan.py FILE`.
"""

from __future__ import annotations

import os
import sys

import atheris

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

with atheris.instrument_imports():
    import targets

    from sslint.linter.readers import READERS, reader_for
    from sslint.rules import checkers


def _load_everything() -> None:
    """Import every reader and rule now, so instrumentation covers them."""
    checkers()
    for kind in READERS:
        try:
            reader_for(kind)
        except ImportError:
            continue


def main() -> None:
    """Run libFuzzer over `targets.check`."""
    _load_everything()
    atheris.instrument_all()
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    atheris.Setup(sys.argv, targets.check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
