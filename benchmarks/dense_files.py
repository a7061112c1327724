"""Files dense with findings: one switch on every line (or every CI job).

Each generator returns the file's text and the lines of its planted
findings; the benchmark checks that sslint reports exactly those lines.

- Python: 60,000 `requests.get(..., verify=False)` calls (3.6 MB);
- shell: 100,000 `curl -k` commands (3.2 MB);
- GitLab CI: 20,000 jobs running `pip install --trusted-host` (1.2 MB).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

# Writes a file of `count` switches (its default size without one): its text and planted lines.
Generator = Callable[..., "tuple[str, list[int]]"]


@dataclass(frozen=True)
class Dense:
    """A generated dense file and the lines its findings must be on."""

    name: str
    path: Path
    planted: tuple[int, ...]


def python_requests(calls: int = 60_000) -> tuple[str, list[int]]:
    """`requests.get(url, verify=False)` on every line after the import."""
    head = "import requests\n\n"
    body = "".join(
        f"requests.get('https://api.corp.example/{i}', verify=False)\n" for i in range(calls)
    )
    return head + body, [3 + i for i in range(calls)]


def shell_curl(commands: int = 100_000) -> tuple[str, list[int]]:
    """`curl -k URL` on every line after the shebang and `set -e`."""
    head = "#!/bin/bash\nset -e\n"
    body = "".join(f"curl -k https://h.example/{i}\n" for i in range(commands))
    return head + body, [3 + i for i in range(commands)]


def gitlab_pip(jobs: int = 20_000) -> tuple[str, list[int]]:
    """GitLab CI jobs of one `pip install --trusted-host` step each."""
    body = "".join(
        f"j{i}:\n  script:\n    - pip install --trusted-host h -r r.txt\n" for i in range(jobs)
    )
    return body, [3 + 3 * i for i in range(jobs)]


GENERATORS: tuple[tuple[str, str, Generator], ...] = (
    ("dense-python", "big.py", python_requests),
    ("dense-shell", "big.sh", shell_curl),
    ("dense-gitlab-ci", ".gitlab-ci.yml", gitlab_pip),
)


def write_dense(folder: Path, size: Optional[int] = None) -> list[Dense]:
    """Write each dense file into a folder of its own under `folder` (once).

    `size`: this many switches in each instead of the default.
    """
    made = []
    for name, filename, generator in GENERATORS:
        text, planted = generator() if size is None else generator(size)
        path = folder / name / filename
        data = text.encode()
        if not path.is_file() or path.stat().st_size != len(data):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        made.append(Dense(name, path, tuple(planted)))
    return made
