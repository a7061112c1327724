"""Where the tools on this machine are told about CA bundles and proxies.

Read-only: environment variables, pip's and conda's configuration files, git's
global configuration and npm's user configuration. Nothing here changes them.
"""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

import yaml

CONDA_SWITCHES = {"true", "false", "yes", "no", "on", "off", "0", "1", "truststore", ""}


@dataclass(frozen=True)
class Configured:
    """One configured value: what it is, where it was set, which tools read it."""

    value: str
    origin: str
    tools: str


def pip_config_files(env: Mapping[str, str]) -> list[Path]:
    """pip's configuration files, in the order pip reads them (later wins).

    As in pip, `PIP_CONFIG_FILE=/dev/null` (os.devnull) means no file at all.
    """
    if env.get("PIP_CONFIG_FILE") == os.devnull:
        return []
    home = Path(env.get("HOME", "~")).expanduser()
    xdg = Path(env.get("XDG_CONFIG_HOME", str(home / ".config")))
    files = [Path("/etc/xdg/pip/pip.conf"), Path("/etc/pip.conf")]
    files += [home / ".pip" / "pip.conf", xdg / "pip" / "pip.conf"]
    files.append(Path(sys.prefix) / "pip.conf")
    if env.get("PIP_CONFIG_FILE"):
        files.append(Path(env["PIP_CONFIG_FILE"]))
    return files


def condarc_files(env: Mapping[str, str]) -> list[Path]:
    """conda's configuration files, in the order conda reads them (later wins)."""
    home = Path(env.get("HOME", "~")).expanduser()
    xdg = Path(env.get("XDG_CONFIG_HOME", str(home / ".config")))
    files = [Path("/etc/conda/.condarc"), Path("/etc/conda/condarc")]
    files += [Path(sys.prefix) / ".condarc", xdg / "conda" / ".condarc"]
    files += [home / ".config" / "conda" / ".condarc", home / ".conda" / ".condarc"]
    files.append(home / ".condarc")
    if env.get("CONDARC"):
        files.append(Path(env["CONDARC"]))
    return list(dict.fromkeys(files))


def pip_setting(env: Mapping[str, str], key: str) -> Optional[Configured]:
    """The value pip uses for `key` (`cert`, `proxy`) from its environment or files."""
    variable = f"PIP_{key.upper()}"
    if env.get(variable):
        return Configured(env[variable], variable, "pip")
    found = None
    for path in pip_config_files(env):
        parser = configparser.RawConfigParser()
        try:
            parser.read(path, encoding="utf-8")
        except (OSError, configparser.Error, UnicodeDecodeError):
            continue
        for section in ("global", "install", "download"):
            if parser.has_option(section, key):
                found = Configured(parser.get(section, key).strip(), f"{path} [{section}]", "pip")
    return found


def _condarc(path: Path) -> Optional[dict[object, object]]:
    try:
        with open(path, encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) else None


def conda_settings(env: Mapping[str, str]) -> tuple[Optional[Configured], Optional[Configured]]:
    """conda's `ssl_verify` when it names a bundle, and its https proxy."""
    bundle = proxy = None
    for path in condarc_files(env):
        data = _condarc(path)
        if data is None:
            continue
        verify = data.get("ssl_verify")
        if isinstance(verify, str) and verify.strip().lower() not in CONDA_SWITCHES:
            bundle = Configured(verify.strip(), f"{path} ssl_verify", "conda/mamba")
        servers = data.get("proxy_servers")
        if isinstance(servers, dict) and isinstance(servers.get("https"), str):
            proxy = Configured(servers["https"], f"{path} proxy_servers.https", "conda/mamba")
    if env.get("CONDA_SSL_VERIFY", "").strip().lower() not in CONDA_SWITCHES:
        bundle = Configured(env["CONDA_SSL_VERIFY"], "CONDA_SSL_VERIFY", "conda/mamba")
    return bundle, proxy


def git_ca_info(env: Mapping[str, str]) -> Optional[Configured]:
    """git's `http.sslCAInfo` from its global and system configuration."""
    if env.get("GIT_SSL_CAINFO"):
        return Configured(env["GIT_SSL_CAINFO"], "GIT_SSL_CAINFO", "git")
    git = shutil.which("git", path=env.get("PATH"))
    if git is None:
        return None
    try:
        done = subprocess.run(
            [git, "config", "--global", "--get", "http.sslCAInfo"],
            capture_output=True,
            text=True,
            timeout=5,
            env=dict(env),
            cwd=Path(env.get("HOME", "/")).expanduser(),
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    value = done.stdout.strip()
    return Configured(value, "git config http.sslCAInfo", "git") if value else None


def npm_cafile(env: Mapping[str, str]) -> Optional[Configured]:
    """npm's `cafile` from its environment or the user's `.npmrc`."""
    for variable in ("NPM_CONFIG_CAFILE", "npm_config_cafile"):
        if env.get(variable):
            return Configured(env[variable], variable, "npm/yarn")
    npmrc = Path(env.get("NPM_CONFIG_USERCONFIG") or Path(env.get("HOME", "~")) / ".npmrc")
    try:
        lines = npmrc.expanduser().read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    for line in lines:
        key, sep, value = line.partition("=")
        if sep and key.strip() == "cafile" and value.strip():
            return Configured(value.strip(), f"{npmrc} cafile", "npm/yarn")
    return None


def environment_bundles(env: Mapping[str, str]) -> list[Configured]:
    """CA bundles named by environment variables that replace a tool's roots."""
    named = (
        ("REQUESTS_CA_BUNDLE", "requests, pip, conda, poetry"),
        ("CURL_CA_BUNDLE", "curl, requests, pip"),
        ("NODE_EXTRA_CA_CERTS", "Node, npm, yarn (added to their built-in roots)"),
    )
    return [Configured(env[name], name, tools) for name, tools in named if env.get(name)]


def configured_bundles(env: Mapping[str, str]) -> list[Configured]:
    """Every CA bundle configured on this machine, each once per place it is set."""
    found = environment_bundles(env)
    for item in (pip_setting(env, "cert"), conda_settings(env)[0], git_ca_info(env)):
        if item is not None:
            found.append(item)
    cafile = npm_cafile(env)
    if cafile is not None:
        found.append(cafile)
    return found


def current_environment() -> dict[str, str]:
    return dict(os.environ)
