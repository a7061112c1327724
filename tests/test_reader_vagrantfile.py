"""Vagrantfile shell provisioners: here-documents, strings, variables, env hashes, blocks."""

from __future__ import annotations

from host_format_support import found, notices, scan

from sslint.linter import kinds

VAGRANTFILE = r"""
# -*- mode: ruby -*-
$bootstrap = <<-SCRIPT
  export PIP_TRUSTED_HOST="pypi.corp.example"
  pip3 install -r /vagrant/requirements.txt
SCRIPT

Vagrant.configure("2") do |config|
  config.vm.box = "ubuntu/jammy64"
  # config.vm.provision "shell", inline: "curl -k https://x"
  config.vm.provision "shell", inline: $bootstrap
  config.vm.provision "shell", inline: "git config --global http.sslVerify false"
  config.vm.provision :shell, privileged: false,
    env: { "NODE_TLS_REJECT_UNAUTHORIZED" => "0" }, inline: <<~SHELL
    echo "home is #{ENV['HOME']}"
    curl -fsSLk \
      https://get.corp.example/#{version}/install.sh | sh
  SHELL
  config.vm.provision "shell" do |s|
    s.inline = 'wget --no-check-certificate https://files.corp.example/a.tgz'
  end
  config.vm.provision "shell", inline: "pip install -r /vagrant/requirements.txt"
end
"""[1:]


def test_shell_provisioners_are_read() -> None:
    result = scan("Vagrantfile", VAGRANTFILE)
    assert found(result) == [
        ("SSL101", 3, 10, 3, 26),  # a here-document in a variable
        ("SSL201", 15, 10, 15, 16),  # <<~ here-document, #{} unknown, continuation
        ("SSL202", 19, 22, 19, 44),  # block form
        ("SSL203", 11, 61, 11, 75),  # inline string
        ("SSL204", 13, 13, 13, 41),  # env hash
    ]
    assert notices(result) == []


def test_near_misses_stay_clean() -> None:
    text = (
        "Vagrant.configure('2') do |config|\n"
        '  # config.vm.provision "shell", inline: "curl -k https://x"\n'
        '  config.vm.provision "shell", inline: "pip install --cert /etc/ssl/ca.pem x"\n'
        '  config.vm.provision "file", source: "curl -k", destination: "/tmp/x"\n'
        '  config.vm.post_up_message = "never run pip with --trusted-host"\n'
        "end\n"
    )
    result = scan("Vagrantfile", text)
    assert found(result) == []
    assert notices(result) == []


def test_single_quoted_here_document_is_not_interpolated() -> None:
    text = (
        "$s = <<-'SH'\n"
        '  echo "#{not_ruby}" \\\n'
        "  && curl -k https://x.corp.example/a\n"
        "SH\n"
        'config.vm.provision("shell", inline: $s)\n'
    )
    assert found(scan("Vagrantfile", text)) == [("SSL201", 3, 11, 3, 13)]
    assert kinds.kind_from_path("boxes/dev/Vagrantfile") == kinds.VAGRANTFILE
