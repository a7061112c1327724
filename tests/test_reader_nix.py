"""Nix: shellHook, build phases and shell-script writers read as shell; env attributes."""

from __future__ import annotations

from host_format_support import found, notices, scan

from sslint.linter import kinds

SHELL_NIX = r"""
{ pkgs ? import <nixpkgs> {} }:
# shellHook = ''curl -k https://x'';
pkgs.mkShell {
  buildInputs = [ pkgs.python3 pkgs.curl ];
  PIP_TRUSTED_HOST = "pypi.corp.example";
  SSL_CERT_FILE = "${pkgs.cacert}/etc/ssl/certs/ca-bundle.crt";
  env = {
    NODE_TLS_REJECT_UNAUTHORIZED = "0";
  };
  shellHook = ''
    export PIP_INDEX_URL=http://pypi.corp.example/simple
    echo "python is ${pkgs.python3}/bin/python, ''${HOME}"
    curl -fsSLk https://get.corp.example/tool \
      | sh
  '';
}
"""[1:]

FLAKE_NIX = r"""
{
  outputs = { self, nixpkgs }: {
    packages.x86_64-linux.default = pkgs.writeShellScriptBin "fetch" ''
      wget --no-check-certificate "$1"
    '';
    devShells.x86_64-linux.default = nixpkgs.legacyPackages.x86_64-linux.mkShell {
      shellHook = "git config --global http.sslVerify false";
      description = "use curl -k only for testing";
    };
  };
}
"""[1:]


def test_shell_hook_and_environment_attributes() -> None:
    result = scan("shell.nix", SHELL_NIX)
    assert found(result) == [
        ("SSL101", 5, 3, 5, 19),  # an environment attribute of mkShell
        ("SSL102", 11, 12, 11, 25),  # indented string, `${…}` unknown, `''${` escape
        ("SSL201", 13, 10, 13, 16),
        ("SSL204", 8, 5, 8, 33),  # inside `env = { … }`
    ]
    assert notices(result) == []


def test_flake_writers_and_quoted_shell_hook() -> None:
    result = scan("flake.nix", FLAKE_NIX)
    assert found(result) == [("SSL202", 4, 12, 4, 34), ("SSL203", 7, 40, 7, 54)]


def test_near_misses_stay_clean() -> None:
    text = (
        "{ pkgs }:\n"
        "pkgs.mkShell {\n"
        "  # shellHook = ''curl -k https://x'';\n"
        '  description = "never run curl -k";\n'
        '  SSL_CERT_FILE = "${pkgs.cacert}/etc/ssl/certs/ca-bundle.crt";\n'
        "  shellHook = ''\n"
        '    echo "pass --trusted-host only on a private mirror"\n'
        "    /* not a comment in shell */ true\n"
        "  '';\n"
        "}\n"
    )
    result = scan("default.nix", text)
    assert found(result) == []
    assert notices(result) == []
    assert kinds.kind_from_path("nix/dev-shell.nix") == kinds.NIX
