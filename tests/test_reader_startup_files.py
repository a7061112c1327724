"""Shell start-up files (.bashrc, .profile, .zshrc, profile.d) and etc/environment."""

from __future__ import annotations

import pytest
from host_format_support import found, notices, scan

from sslint.linter import kinds


@pytest.mark.parametrize(
    "path",
    [
        "home/.bashrc",
        "home/.bash_profile",
        "home/.profile",
        "etc/profile",
        "etc/bash.bashrc",
        "etc/profile.d/corp-proxy.sh",
        "dotfiles/.zshrc",
        "dotfiles/.zprofile",
        "dotfiles/.zshenv",
    ],
)
def test_start_up_files_are_shell(path: str) -> None:
    assert kinds.kind_from_path(path) == kinds.SHELL
    text = '# corp proxy\nexport PIP_TRUSTED_HOST="pypi.corp.example"\nalias ll="ls -l"\n'
    assert found(scan(path, text)) == [("SSL101", 2, 8, 2, 24)]


def test_zsh_syntax_tree_sitter_rejects_is_named_and_the_rest_is_read() -> None:
    text = (
        "setopt AUTO_CD\n"
        "export SSL_NO_VERIFY=1\n"
        "for f (~/.zsh/*.zsh) source $f\n"
        "export GIT_SSL_NO_VERIFY=true\n"
    )
    result = scan("home/.zshrc", text)
    assert found(result) == [("SSL104", 2, 8, 2, 21), ("SSL203", 4, 8, 4, 25)]
    assert [n.line for n in result.notices] == [3]


def test_etc_environment_is_key_value_lines() -> None:
    text = 'PATH="/usr/local/sbin:/usr/bin"\nPYTHONHTTPSVERIFY=0\nhttps_proxy=http://proxy:3128\n'
    assert kinds.kind_from_path("etc/environment") == kinds.DOTENV
    assert found(scan("etc/environment", text)) == [("SSL205", 2, 1, 2, 18)]


def test_near_misses_stay_clean() -> None:
    text = (
        "# export PIP_TRUSTED_HOST=pypi.org\n"
        'export PIP_CERT="$HOME/.certs/corp.pem"\n'
        "export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp.pem\n"
        'echo "do not set SSL_NO_VERIFY"\n'
    )
    result = scan("home/.bashrc", text)
    assert found(result) == []
    assert notices(result) == []
    assert kinds.kind_from_path("docs/profile") is None
