"""Terraform and Packer: provisioner commands, start-up scripts, environment, providers."""

from __future__ import annotations

from host_format_support import found, notices, scan

from sslint.linter import kinds
from sslint.linter.findings import PROBABLE, PROVEN
from sslint.linter.readers.sources.hcl_source import HclList, HclObject, HclString, parse
from sslint.linter.source import Source

MAIN_TF = """\
terraform {
  required_version = ">= 1.5"
}

provider "kubernetes" {
  host     = var.host
  insecure = true # lab cluster
}

provider "helm" {
  kubernetes {
    insecure = false
  }
}

resource "null_resource" "bootstrap" {
  triggers = { always = timestamp() }

  provisioner "local-exec" {
    command = "pip install --trusted-host ${var.mirror} -r requirements.txt"
    environment = {
      PIP_INDEX_URL = "http://pypi.corp.example/simple"
      TOKEN         = var.token
    }
  }

  provisioner "local-exec" {
    command = <<-EOT
      set -e
      curl -fsSLk "https://${local.host}/install.sh" | bash
      echo "$${HOME} 100%%{x}"
    EOT
  }

  provisioner "local-exec" {
    command = "pip install -r requirements.txt" # nothing wrong
  }

  provisioner "remote-exec" {
    inline = [
      "export GIT_SSL_NO_VERIFY=1",
      "git clone https://git.corp.example/app.git",
    ]
  }
}

resource "aws_instance" "web" {
  ami       = "ami-123"
  user_data = <<-EOF
    #!/bin/bash
    wget --no-check-certificate https://files.corp.example/agent.rpm
  EOF
}

resource "google_compute_instance" "vm" {
  metadata = {
    startup-script = "apt-get install -y --allow-unauthenticated corp-agent"
  }
}
"""

PACKER = """\
source "amazon-ebs" "base" {
  ami_name = "corp-${local.ts}"
}

build {
  sources = ["source.amazon-ebs.base"]

  provisioner "shell" {
    environment_vars = ["PIP_TRUSTED_HOST=pypi.corp.example", "A=${var.a}"]
    inline = [
      "sudo pip3 install corp-agent",
      "npm config set strict-ssl false",
    ]
  }

  provisioner "powershell" {
    inline = ["Set-Location C:/", "curl.exe -k https://x.corp.example/a.zip -o a.zip"]
  }
}
"""


def test_terraform_provisioners_user_data_and_providers() -> None:
    result = scan("infra/main.tf", MAIN_TF)
    assert found(result) == [
        ("SSL101", 20, 28, 20, 42),  # local-exec command, `${var.mirror}` unknown
        ("SSL102", 22, 7, 22, 20),  # local-exec environment
        ("SSL201", 30, 12, 30, 18),  # heredoc command
        ("SSL202", 51, 10, 51, 32),  # user_data with a shell `#!`
        ("SSL203", 41, 15, 41, 32),  # remote-exec inline
        ("SSL207", 7, 3, 7, 11),  # kubernetes provider; the helm one says false
        ("SSL401", 57, 42, 57, 65),  # metadata startup-script
    ]
    assert notices(result) == []


def test_packer_provisioners_and_environment_vars() -> None:
    result = scan("image.pkr.hcl", PACKER)
    assert found(result) == [
        ("SSL101", 9, 26, 9, 42),
        ("SSL201", 17, 45, 17, 47),  # powershell provisioner
        ("SSL204", 12, 23, 12, 33),
    ]
    assert notices(result) == []


def test_near_misses_stay_clean() -> None:
    text = """\
# provisioner "local-exec" { command = "curl -k https://x" }
provider "kubernetes" {
  insecure = false
}
provider "vault" {
  address = "https://vault.corp.example"
}
resource "null_resource" "x" {
  provisioner "local-exec" {
    command = "pip install -r requirements.txt"
  }
  provisioner "local-exec" {
    /* curl -k https://x */
    command = "echo 'never pass --trusted-host' && pip install --cert ${var.ca} x"
  }
}
resource "aws_instance" "web" {
  user_data = <<-EOF
    #cloud-config
    packages: [curl]
  EOF
  tags = { Name = "curl -k" }
}
"""
    result = scan("main.tf", text)
    assert found(result) == []
    assert notices(result) == []


def test_scanner_strings_heredocs_and_templates() -> None:
    text = (
        "locals {\n"
        '  a = "x\\ty ${join(",", ["}"])} $${lit} %%{lit}"\n'
        "  b = <<-EOT\n"
        "      one ${var.x}\n"
        "        two\n"
        "    EOT\n"
        '  c = { "k-1" = ["p", { q = "r" }], k2: 3 }\n'
        '  d = var.x ? "y" : "z" // tail\n'
        "}\n"
    )
    root = parse(Source("x.tf", text).whole())
    (block,) = root.blocks
    values = {a.name: a.value for a in block.attributes}
    a, b, c = values["a"], values["b"], values["c"]
    assert isinstance(a, HclString) and isinstance(b, HclString)
    assert a.view.text == 'x\ty ${join(",", ["}"])} ${lit} %{lit}'
    assert [a.view.text[s:e] for s, e in a.templates] == ['${join(",", ["}"])}']
    assert b.view.text == "one ${var.x}\n  two\n"
    assert [b.view.text[s:e] for s, e in b.templates] == ["${var.x}"]
    assert b.view.span(0, 3).start_line == 4 and b.view.span(0, 3).start_column == 7
    assert isinstance(c, HclObject)
    assert [x.name for x in c.attributes] == ["k-1", "k2"]
    assert isinstance(c.attributes[0].value, HclList)
    assert [type(v).__name__ for v in values.values()] == [
        "HclString",
        "HclString",
        "HclObject",
        "HclOther",
    ]


def test_broken_hcl_never_raises() -> None:
    for text in ('a = "open\n', "b = <<EOT\nno end\n", "c { d = [1, 2\n", "}}}", "x = ${"):
        scan("main.tf", text)


def test_kinds() -> None:
    assert kinds.kind_from_path("infra/main.tf") == kinds.TERRAFORM
    assert kinds.kind_from_path("packer/ubuntu.pkr.hcl") == kinds.PACKER
    assert kinds.kind_from_path("infra/vars.hcl") == kinds.HCL_FALLBACK


def test_locals_and_variable_defaults_expand_where_written() -> None:
    text = (
        'variable "mirror" {\n'
        '  default = "pypi.corp.example"\n'
        "}\n"
        "locals {\n"
        '  pip_flags = "--trusted-host files.corp.example"\n'
        "}\n"
        'resource "terraform_data" "x" {\n'
        '  provisioner "local-exec" {\n'
        '    command = "pip install ${local.pip_flags} --trusted-host ${var.mirror} ${var.o} x"\n'
        "  }\n"
        "}\n"
    )
    result = scan("main.tf", text)
    assert found(result) == [("SSL101", 5, 16, 5, 30), ("SSL101", 9, 47, 9, 61)]
    messages = sorted(f.message for f in result.findings)
    assert "pypi.corp.example" in messages[1] and "files.corp.example" in messages[0]


PACKER_SOURCES = """\
source "amazon-ebs" "ubuntu" {
  ami_name                 = "app"
  insecure_skip_tls_verify = true
}
source "vsphere-iso" "win" {
  insecure_connection = true
}
source "proxmox-iso" "deb" {
  insecure_skip_tls_verify = true
}
source "amazon-ebs" "safe" {
  insecure_skip_tls_verify = false
}
source "docker" "undocumented" {
  insecure_skip_tls_verify = true
}
build {
  sources = ["source.amazon-ebs.ubuntu"]
}
"""


def test_packer_builder_tls_switches_are_ssl207() -> None:
    result = scan("image.pkr.hcl", PACKER_SOURCES)
    assert found(result) == [
        ("SSL207", 3, 3, 3, 27),  # amazon: the EC2 endpoint
        ("SSL207", 6, 3, 6, 22),  # vsphere: the vCenter Server
        ("SSL207", 9, 3, 9, 27),  # proxmox: the Proxmox API
    ]
    assert notices(result) == []


PACKER_JSON = """\
{
  "builders": [
    {"type": "amazon-ebs", "ami_name": "app", "insecure_skip_tls_verify": true},
    {"type": "vsphere-iso", "insecure_connection": "true"},
    {"type": "proxmox-iso", "insecure_skip_tls_verify": false},
    {"type": "docker", "image": "ubuntu", "insecure_skip_tls_verify": true}
  ],
  "provisioners": [
    {
      "type": "shell",
      "environment_vars": ["SSL_NO_VERIFY=1", "MIRROR={{user `mirror`}}"],
      "inline": ["apt-get update", "pip install --trusted-host pypi.org app"]
    },
    {"type": "shell-local", "command": "curl -k https://x.corp.example/{{user `v`}}"},
    {"type": "file", "source": "curl -k", "destination": "/tmp/x"}
  ]
}
"""


def test_packer_json_templates_builders_and_provisioners() -> None:
    assert kinds.kind_from_path("images/packer.json") == kinds.PACKER_JSON
    assert kinds.kind_from_path("images/ubuntu.packer.json") == kinds.PACKER_JSON
    result = scan("images/packer.json", PACKER_JSON)
    assert found(result) == [
        ("SSL101", 12, 49, 12, 63),  # inline lines, one script
        ("SSL105", 11, 29, 11, 42),  # environment_vars, the provisioner's environment
        ("SSL201", 14, 46, 14, 48),  # shell-local command, its `{{user}}` unknown
        ("SSL207", 3, 48, 3, 72),  # amazon builder
        ("SSL207", 4, 30, 4, 49),  # vsphere builder, "true" as a string
    ]
    assert {f.precision for f in result.findings} == {PROVEN}
    assert notices(result) == []


def test_packer_json_of_another_name_is_read_as_a_guess() -> None:
    result = scan("images/ubuntu-22.json", PACKER_JSON)
    assert sorted(f.rule_id for f in result.findings) == [
        "SSL101",
        "SSL105",
        "SSL201",
        "SSL207",
        "SSL207",
    ]
    assert {f.precision for f in result.findings} == {PROBABLE}
