"""Commands run elsewhere: containers, pods, other users, locks, `find -exec`, `ssh`."""

from __future__ import annotations

from pathlib import Path

import pytest

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes


def _findings(text: str, path: str = "deploy.sh") -> list[tuple[str, int, int, int]]:
    result = scan_bytes(text.encode(), path, Config(root=Path(".")))
    assert not result.notices, result.notices
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for f in result.findings
    )


@pytest.mark.parametrize(
    ("line", "flag"),
    [
        # kubectl / oc: the command after `--` (and kubectl's own options anywhere)
        ("kubectl -n prod exec deploy/api -c app -it -- curl -s -k https://a", "-k"),
        ("oc exec mypod -- curl --insecure https://a", "--insecure"),
        ("kubectl exec mypod curl -k https://a", "-k"),  # deprecated form
        ("oc rsh -c app mypod curl -k https://a", "-k"),
        ("kubectl debug -it node/n1 --image=busybox -- curl -k u", "-k"),
        ("kubectl run tmp --rm -it --image=curlimages/curl -- curl -k https://a", "-k"),
        # container engines
        ("docker exec -it -u root web curl -k https://a", "-k"),
        ("docker -H tcp://h:2375 container exec web curl -k https://a", "-k"),
        ("podman run --rm -v /a:/b -w /src alpine curl -k https://a", "-k"),
        ("nerdctl run --name=x -p 80:80 alpine curl -k https://a", "-k"),
        ("docker compose -f ci.yml run --rm -e A=1 web curl -k https://a", "-k"),
        ("docker-compose exec -T web curl -k https://a", "-k"),
        ("docker run --entrypoint curl alpine -k https://a", "-k"),
        ("docker run --rm curlimages/curl:8.5.0 -k https://a", "-k"),
        ("podman run docker.io/curlimages/curl@sha256:ab12 -sk https://a", "-sk"),
        # other users, locks, sessions, roots
        ("runuser -u app -- curl -k https://a", "-k"),
        ("flock -w 10 /tmp/lock curl -k https://a", "-k"),
        ("flock /tmp/lock -c 'curl -k https://a'", "-k"),
        ("gosu app curl -k https://a", "-k"),
        ("su-exec app:app curl -k https://a", "-k"),
        ("chroot --userspec=app /mnt curl -k https://a", "-k"),
        ("setsid -f curl -k https://a", "-k"),
        ("nsenter -t 1 -m -u -- curl -k https://a", "-k"),
        ("fakeroot -- curl -k https://a", "-k"),
        ("lxc exec c1 --env A=1 -- curl -k https://a", "-k"),
        ("incus exec c1 -- sh -c 'curl -k https://a'", "-k"),
        ("distrobox enter dev -- curl -k https://a", "-k"),
        ("buildah run --env A=1 ctr -- curl -k https://a", "-k"),
        ("apptainer exec --bind /d:/d --cleanenv img.sif curl -k https://a", "-k"),
        ("singularity exec docker://alpine curl -k https://a", "-k"),
        ("toolbox run -c dev curl -k https://a", "-k"),
        ("find . -name '*.url' -exec curl -k -O {} \\;", "-k"),
        # ssh: the remote command is shell on the other side
        ("ssh -p 2222 -o BatchMode=yes deploy@h 'curl -k https://a'", "-k"),
        ("ssh h curl -k https://a", "-k"),
        ("ssh deploy@h -p 2222 -tt 'curl -k https://a'", "-k"),
        ("sshpass -p secret ssh -t h 'curl -k https://a'", "-k"),
    ],
)
def test_wrapped_command_is_read(line: str, flag: str) -> None:
    column = line.index(f" {flag} ") + 2
    assert line.count(f" {flag} ") == 1
    assert _findings(f"#!/bin/sh\n{line}\n") == [("SSL201", 2, column, column + len(flag))]


@pytest.mark.parametrize(
    "line",
    [
        "docker run -e FOO=1 python:3.12 pip install x",
        "docker run --rm -k alpine",  # an unknown option's value, then no command
        "docker build -t curl -k .",  # not a command that runs another
        "docker exec curl -k",  # a container named curl, running `-k`
        "docker compose run curl -k https://a",  # a service named curl
        "docker run --entrypoint curl alpine",
        "kubectl exec mypod -- ls -k",
        "ssh host ls",
        "ssh -t host bash -c 'curl -k https://a'",  # remote: bash -c curl -k … ($0 is -k)
        "ssh -i key.pem host",
        "flock 9",
        "find . -name curl -k",
        "gosu app",
        "lxc exec c1 curl -k",  # no `--`: lxc's own options
        "apptainer build img.sif docker://curl -k",
        "runuser app -c 'ls -k'",
    ],
)
def test_near_misses_stay_clean(line: str) -> None:
    assert _findings(f"#!/bin/sh\n{line}\n") == []


def test_container_env_options_set_the_command_environment() -> None:
    text = (
        "#!/bin/sh\n"
        "docker run --rm -e PIP_TRUSTED_HOST=pypi.org -v $PWD:/src python:3.12 pip install x\n"
        "docker exec --env=SSL_NO_VERIFY=1 web conda install x\n"
        "podman run -eNODE_TLS_REJECT_UNAUTHORIZED=0 node:20\n"
        "lxc exec c1 --env PIP_TRUSTED_HOST=pypi.org -- pip install x\n"
        "apptainer exec --env GIT_SSL_NO_VERIFY=1 img.sif git clone u\n"
        "docker run -e PIP_TRUSTED_HOST web pip install x\n"  # passed from the host: unknown
    )
    assert _findings(text) == [
        ("SSL101", 2, 20, 36),
        ("SSL101", 5, 19, 35),
        ("SSL105", 3, 19, 32),
        ("SSL203", 6, 22, 39),
        ("SSL204", 4, 14, 42),
    ]


def test_kubectl_own_insecure_flag_is_still_kubectls_finding() -> None:
    text = "#!/bin/sh\nkubectl --insecure-skip-tls-verify exec pod -- ls\n"
    assert _findings(text) == [("SSL207", 2, 9, 35)]


def test_wrapped_command_in_a_dockerfile_and_a_workflow() -> None:
    dockerfile = "FROM alpine\nRUN gosu app curl -fsSk https://a -o /tmp/a\n"
    assert _findings(dockerfile, "Dockerfile") == [("SSL201", 2, 19, 24)]
    workflow = (
        "on: push\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: |\n"
        "          docker compose exec -T api \\\n"
        "            pip install --trusted-host pypi.org x\n"
    )
    assert _findings(workflow, ".github/workflows/ci.yml") == [("SSL101", 8, 25, 39)]


def test_wrapped_and_inline_commands_in_python_argv() -> None:
    text = (
        "import subprocess\n"
        'subprocess.run(["docker", "exec", "web", "curl", "-k", "https://a"])\n'
        'subprocess.run(["sh", "-c", "curl -k https://a"])\n'
        'subprocess.check_call(["ssh", "deploy@h", "pip install --trusted-host pypi.org x"])\n'
        'subprocess.run(["docker", "run", "-e", "FOO=1", "img", "pip", "install", "x"])\n'
        'subprocess.run(["ssh", "h", "ls -k"])\n'
    )
    assert _findings(text, "tools/deploy.py") == [
        ("SSL101", 4, 56, 70),
        ("SSL201", 2, 51, 53),
        ("SSL201", 3, 35, 37),
    ]


@pytest.mark.parametrize(
    "line",
    [
        "docker",
        "docker run",
        "docker run -e",
        "docker run --entrypoint",
        "docker run --entrypoint ''",
        "docker compose run",
        "docker-compose exec -T",
        "kubectl exec --",
        "kubectl exec pod --",
        "oc rsh",
        "ssh",
        "ssh -p",
        "ssh host --",
        "sshpass -p",
        "flock -c",
        "flock",
        "find . -exec",
        "find . -exec ;",
        "runuser -u",
        "gosu",
        "chroot",
        "lxc exec c1 --",
        "buildah run",
        "apptainer exec",
        "toolbox run",
        "docker build --build-arg",
    ],
)
def test_truncated_wrappers_read_without_error(line: str) -> None:
    assert _findings(f"#!/bin/sh\n{line}\n") == []
