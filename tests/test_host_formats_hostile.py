"""Host-format readers on hostile input: no traceback, no time-out, the scan goes on."""

from __future__ import annotations

import pytest
from host_format_support import notices

from sslint.linter.config import Config
from sslint.linter.engine import scan_bytes

HOSTILE = [
    ("Vagrantfile", b'config.vm.provision "shell", inline: "#{' * 5000),
    ("Vagrantfile", b'config.vm.provision "shell", env: {"A" => "x", ' * 5000),
    ("Vagrantfile", b'config.vm.provision "shell" do |s|\n' * 3000),
    ("Vagrantfile", b"x = <<-A\n" * 3000 + b'config.vm.provision "shell", inline: x\n' * 3000),
    pytest.param(
        "justfile",
        b"a:\n" + b"    {{ x " * 20000,
        # Known: the shell reader's template masking and recovery run past the budget here
        # (the scan says so and exits 3: it fails closed, but it should finish).
        marks=pytest.mark.xfail(strict=False, reason="template masking too slow on this input"),
    ),
    ("justfile", b"[script]\n" * 5000 + b"a:\n    curl -k x\n"),
    ("main.tf", b'a = "${' * 20000),
    ("main.tf", b"x = <<EOT\n" + b"${" * 50000 + b"\nEOT\n"),
    ("main.tf", b"a {" * 5000 + b"b = [" * 5000),
    ("shell.nix", b"shellHook = ''" + b"${" * 50000),
    ("shell.nix", b'x = "' + b"\\" * 50001),
    ("Earthfile", b"a:\n    RUN --secret " * 5000),
    ("deploy/app.conf", b"[a]\ncommand = curl " + b"-k " * 20000),
]


@pytest.mark.parametrize(("name", "data"), HOSTILE)
def test_hostile_input_is_read_in_time_without_a_traceback(name: str, data: bytes) -> None:
    result = scan_bytes(data, name, Config(), prefilter=False)
    said = notices(result)
    assert not any("took longer" in message for message in said)
    assert not any("internal error" in message for message in said)
