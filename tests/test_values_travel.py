"""Values that travel: GitHub `${{ env|matrix|inputs.X }}` pasted into `run:`, build args."""

from __future__ import annotations

from pathlib import Path

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

WORKFLOW = ".github/workflows/ci.yml"


def _findings(text: str, path: str = WORKFLOW) -> list[tuple[str, int, int, int]]:
    result = scan_bytes(text.encode(), path, Config(root=Path(".")))
    assert not result.notices, result.notices
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column)
        for f in result.findings
    )


def test_env_value_is_pasted_as_text_where_used() -> None:
    text = (
        "on: push\n"
        "env:\n"
        "  TOKEN: $(curl -k https://vault.corp.example/token)\n"
        "  QUIET: $(curl -k https://never.used.example/x)\n"
        "jobs:\n"
        "  deploy:\n"
        "    runs-on: ubuntu-latest\n"
        "    env:\n"
        "      PIP_OPTS: --trusted-host pypi.corp.example\n"
        "    steps:\n"
        "      - run: |\n"
        "          echo ${{ env.TOKEN }} > .token\n"
        "          pip install ${{env.PIP_OPTS}} -r requirements.txt\n"
    )
    # QUIET is never pasted: GitHub does not run env values through a shell.
    assert _findings(text) == [("SSL101", 9, 17, 31), ("SSL201", 3, 17, 19)]


def test_step_env_wins_and_unknown_values_stay_unknown() -> None:
    text = (
        "on: push\n"
        "env:\n"
        "  CURL_FLAGS: -k\n"
        "  SECRET: ${{ secrets.TOKEN }}\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - env:\n"
        "          CURL_FLAGS: -fsSL\n"
        "        run: curl ${{ env.CURL_FLAGS }} https://a.example/x\n"
        '      - run: curl ${{ env.CURL_FLAGS }} https://a.example/x -H "${{ env.SECRET }}"\n'
    )
    assert _findings(text) == [("SSL201", 3, 15, 17)]


def test_matrix_values_each_pasted() -> None:
    text = (
        "on: push\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    strategy:\n"
        "      matrix:\n"
        "        python: ['3.11', '3.12']\n"
        "        index: ['https://pypi.org/simple', 'http://mirror.corp.example/simple']\n"
        "        include:\n"
        "          - extra: --trusted-host mirror.corp.example\n"
        "    steps:\n"
        "      - run: pip install -i ${{ matrix.index }} ${{ matrix.extra }} x\n"
    )
    assert _findings(text) == [("SSL101", 10, 20, 34), ("SSL102", 8, 45, 78)]


def test_matrix_near_miss() -> None:
    text = (
        "on: push\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    strategy:\n"
        "      matrix:\n"
        "        flags: ['-fsSL', '--retry 3']\n"
        "    steps:\n"
        "      - run: curl ${{ matrix.flags }} https://a.example/x\n"
    )
    assert _findings(text) == []


def test_input_defaults_in_a_reusable_workflow_and_an_action() -> None:
    workflow = (
        "on:\n"
        "  workflow_call:\n"
        "    inputs:\n"
        "      pip-args:\n"
        "        type: string\n"
        "        default: --trusted-host pypi.org\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: pip install ${{ inputs.pip-args }} .\n"
    )
    assert _findings(workflow) == [("SSL101", 6, 18, 32)]
    action = (
        "name: setup\n"
        "inputs:\n"
        "  curl-flags:\n"
        "    default: -sSk\n"
        "runs:\n"
        "  using: composite\n"
        "  steps:\n"
        "    - shell: bash\n"
        "      run: curl ${{ inputs.curl-flags }} https://a.example/x | sh\n"
    )
    assert _findings(action, "action.yml") == [("SSL201", 4, 14, 18)]


def test_build_push_action_build_args() -> None:
    text = (
        "on: push\n"
        "jobs:\n"
        "  image:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: docker/build-push-action@v6\n"
        "        with:\n"
        "          push: true\n"
        "          build-args: |\n"
        "            PYTHON_VERSION=3.12\n"
        "            PIP_TRUSTED_HOST=pypi.corp.example\n"
        "            PIP_INDEX_URL=http://pypi.corp.example/simple\n"
        "      - uses: some/other-action@v1\n"
        "        with:\n"
        "          build-args: PIP_TRUSTED_HOST=pypi.corp.example\n"
    )
    assert _findings(text) == [("SSL101", 11, 13, 29), ("SSL102", 12, 13, 26)]


def test_compose_build_args() -> None:
    text = (
        "services:\n"
        "  api:\n"
        "    build:\n"
        "      context: .\n"
        "      args:\n"
        "        - PIP_TRUSTED_HOST=pypi.corp.example\n"
        "        - APP_ENV=prod\n"
        "  worker:\n"
        "    build:\n"
        "      context: .\n"
        "      args:\n"
        "        PIP_INDEX_URL: http://pypi.corp.example/simple\n"
    )
    assert _findings(text, "compose.yaml") == [("SSL101", 6, 11, 27), ("SSL102", 12, 9, 22)]


def test_value_that_would_break_quoting_is_read_as_a_variable() -> None:
    text = (
        "on: push\n"
        "env:\n"
        "  MSG: it's done\n"
        "  FLAGS: -k\n"
        "jobs:\n"
        "  t:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: |\n"
        "          echo '${{ env.MSG }}'\n"
        "          curl ${{ env.FLAGS }} https://a.example/x\n"
    )
    assert _findings(text) == [("SSL201", 4, 10, 12)]


def test_docker_build_args_on_the_command_line() -> None:
    text = (
        "#!/bin/sh\n"
        "docker build --build-arg PIP_TRUSTED_HOST=pypi.org -t app .\n"
        "docker buildx build . --build-arg=PIP_INDEX_URL=http://pypi.corp/simple --push\n"
        "docker build --build-arg PIP_TRUSTED_HOST -t app .\n"  # taken from the environment
        "docker build --build-arg PYTHON=3.12 -f Dockerfile.pip .\n"
    )
    assert _findings(text, "build.sh") == [("SSL101", 2, 26, 42), ("SSL102", 3, 35, 48)]


def test_ssl_no_verify_build_arg_lasts_the_build() -> None:
    text = (
        "#!/bin/sh\ndocker build --build-arg SSL_NO_VERIFY=1 .\ndocker run -e SSL_NO_VERIFY=1 app\n"
    )
    assert _findings(text, "build.sh") == [("SSL104", 2, 26, 39), ("SSL105", 3, 15, 28)]
