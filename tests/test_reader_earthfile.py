"""Earthfile targets read as Dockerfile instructions, with Earthly's flags and targets."""

from __future__ import annotations

from host_format_support import found, notices, scan

EARTHFILE = """\
VERSION 0.8
FROM python:3.12-slim
ENV PIP_TRUSTED_HOST=pypi.corp.example
WORKDIR /app

deps:
    ARG --global PIP_FLAGS="--trusted-host files.corp.example"
    RUN --secret TOKEN=+secrets/token pip install $PIP_FLAGS -r requirements.txt
    RUN --no-cache --mount type=cache,target=/root/.cache curl -fsSLk https://x.example/t
    # RUN pip install --trusted-host pypi.org x
    SAVE ARTIFACT /app

build:
    FROM +deps
    IF [ -f extra.txt ]
        RUN pip install -r extra.txt
    END
    LET GIT_SSL_NO_VERIFY=1
    RUN git clone https://git.corp.example/repo.git
    SAVE IMAGE corp/app:latest
"""


def test_targets_flags_and_variables() -> None:
    result = scan("Earthfile", EARTHFILE)
    assert found(result) == [
        ("SSL101", 3, 5, 3, 21),
        ("SSL101", 7, 29, 7, 43),
        ("SSL201", 9, 64, 9, 70),
        ("SSL203", 18, 9, 18, 26),
    ]
    assert notices(result) == []


def test_near_misses_stay_clean() -> None:
    text = (
        "VERSION 0.8\n"
        "base:\n"
        "    FROM python:3.12\n"
        "    # RUN curl -k https://x\n"
        "    RUN echo 'never pass --trusted-host' && pip install --cert /etc/ssl/ca.pem x\n"
        "    ARG insecure=false\n"
    )
    result = scan("Earthfile", text)
    assert found(result) == []
    assert notices(result) == []
