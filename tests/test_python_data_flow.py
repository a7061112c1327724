"""Data flow seen in public repositories: built-up argv, branch commands, factories, wrappers."""

from __future__ import annotations

from python_helpers import scan

from sslint.linter.findings import PROBABLE, PROVEN


def spans(code: str) -> list[tuple[str, int, int, int, str]]:
    return sorted(
        (f.rule_id, f.span.start_line, f.span.start_column, f.span.end_column, f.precision)
        for f in scan(code)
    )


def test_argv_extended_then_run() -> None:
    code = """
        import subprocess

        def install(package, host=None):
            args = ["pip", "install", package]
            if host:
                args += ["--trusted-host", host]
            args.extend(["--index-url", "http://mirror.example/simple"])
            subprocess.check_call(args)

        def plain(package):
            args = ["pip", "install", package]
            args.append("--upgrade")
            subprocess.check_call(args)

        def rebound(package):
            args = ["pip", "install", "--trusted-host", "pypi.org"]
            for args in matrix:
                subprocess.check_call(args)
    """
    assert spans(code) == [
        ("SSL101", 6, 19, 33, PROBABLE),
        ("SSL102", 7, 34, 62, PROVEN),
    ]


def test_command_string_set_in_both_branches() -> None:
    code = """
        import os, subprocess

        def download(fast):
            if fast:
                cmd = "curl -k https://a.example/x"
            else:
                cmd = "curl --insecure https://a.example/y"
            subprocess.call(cmd, shell=True)

        def fetch(url):
            if url:
                line = "curl -fsSL " + url
            else:
                line = "curl --insecure https://a.example/z"
            os.system(line)
    """
    assert spans(code) == [
        ("SSL201", 5, 21, 23, PROVEN),
        ("SSL201", 7, 21, 31, PROVEN),
    ]


def test_dict_items_set_later_reach_the_call() -> None:
    code = """
        import urllib3

        def pool(insecure):
            kw = {"num_pools": 2}
            kw["cert_reqs"] = "CERT_NONE"
            return urllib3.PoolManager(**kw)

        def other():
            kw = {}
            kw["cert_reqs"] = "CERT_REQUIRED"
            return urllib3.PoolManager(**kw)
    """
    assert spans(code) == [("SSL301", 6, 32, 36, PROVEN)]


def test_session_from_local_factory_wrapper_and_module_constant() -> None:
    code = """
        import requests
        from requests.adapters import HTTPAdapter

        VERIFY = False

        def requests_retry_session(retries=3, session=None):
            session = session or requests.Session()
            session.mount("https://", HTTPAdapter(max_retries=retries))
            return session

        def fetch(url):
            s = requests_retry_session()
            return s.get(url, verify=False)

        class Api:
            def __init__(self):
                self.session = requests.Session()

            def put(self, url, **kwargs):
                return requests.put(url, **kwargs)

            def post(self, url, data):
                return requests.post(url, data=data)

            def upload(self, url):
                self.post(url, verify=False)
                return self.put(url, verify=False)

            def read(self, uri):
                return self.session.get(uri, verify=VERIFY)
    """
    assert spans(code) == [
        ("SSL301", 13, 23, 35, PROVEN),
        ("SSL301", 27, 30, 42, PROVEN),
        ("SSL301", 30, 38, 51, PROVEN),
    ]
    messages = [f.message for f in scan(code)]
    assert "self.put() with verify=False, handed on to requests.put()" in messages[1]
