"""The SARIF report: structure, locations, fingerprints, notifications, validity."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import sarif_om as om  # type: ignore[import-untyped]
from _report_support import finding_at, make_report, make_rule
from _sarif_check import assert_valid_sarif
from _sarif_objects import header_as_objects, to_sarif_dict
from hypothesis import given
from hypothesis import strategies as st

from sslint.linter.facts import Notice
from sslint.linter.findings import PROBABLE, Suppression
from sslint.linter.source import Source
from sslint.report.fingerprints import line_hashes
from sslint.report.model import Report
from sslint.report.sarif import file_uri, header, log_data, render
from sslint.rules import all_rules

DOCKERFILE = "FROM python:3.12\nRUN pip install \\\n    --danger x\n"


def _one_finding_report(tmp_path: Path, text: str = DOCKERFILE, path: str = "Dockerfile"):
    source = Source(path, text)
    return make_report({path: text}, [finding_at(source, "--danger")], root=tmp_path)


def test_run_tool_rules_and_result(tmp_path: Path) -> None:
    rules = [make_rule("SSL990", "warning", "other"), make_rule("SSL991", "error", "danger")]
    source = Source("Dockerfile", DOCKERFILE)
    report = make_report(
        {"Dockerfile": DOCKERFILE}, [finding_at(source, "--danger")], rules, tmp_path
    )
    data = assert_valid_sarif(render(report), tmp_path)
    assert data["$schema"].endswith("sarif-2.1.0.json")
    (run,) = data["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sslint"
    assert driver["version"] == driver["semanticVersion"]
    assert driver["informationUri"].startswith("https://")
    assert [r["id"] for r in driver["rules"]] == ["SSL990", "SSL991"]
    rule = driver["rules"][1]
    assert rule["name"] == "danger"
    assert rule["shortDescription"]["text"] == "A dangerous switch."
    assert rule["fullDescription"]["text"] == "Finds the dangerous switch."
    assert "Remove the switch." in rule["help"]["text"]
    assert "## What to do instead" in rule["help"]["markdown"]
    assert rule["helpUri"].endswith("docs/rules.md#ssl991-danger")
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"] == {
        "tags": ["security", "external/cwe/cwe-295"],
        "security-severity": "7.4",
        "precision": "high",
        "problem.severity": "error",
    }
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["automationDetails"]["id"] == "sslint/"
    assert run["originalUriBaseIds"]["%SRCROOT%"]["uri"] == tmp_path.resolve().as_uri() + "/"
    assert run["invocations"] == [{"executionSuccessful": True}]
    (result,) = run["results"]
    assert result["ruleId"] == "SSL991"
    assert result["ruleIndex"] == 1
    assert result["level"] == "error"
    assert result["message"]["text"] == "`--danger` switches checks off"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "Dockerfile", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 13}
    assert result["properties"] == {"precision": "proven"}
    assert set(result["partialFingerprints"]) == {"primaryLocationLineHash", "sslint/v1"}


def test_level_override_is_written_even_when_it_is_the_default(tmp_path: Path) -> None:
    source = Source("a.sh", "x --danger\n")
    finding = dataclasses.replace(finding_at(source, "--danger"), level="warning")
    data = json.loads(render(make_report({"a.sh": source.text}, [finding], root=tmp_path)))
    assert data["runs"][0]["results"][0]["level"] == "warning"


def test_uris_are_percent_encoded_for_any_file_name(tmp_path: Path) -> None:
    name = "dir with space/ünï%code#?.sh"
    text = "tool --danger\n"
    source = Source(name, text)
    report = make_report({name: text}, [finding_at(source, "--danger")], root=tmp_path)
    data = assert_valid_sarif(render(report), tmp_path)
    uri = data["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri["uri"] == "dir%20with%20space/%C3%BCn%C3%AF%25code%23%3F.sh"


def test_notices_become_tool_execution_notifications(tmp_path: Path) -> None:
    report = make_report({}, [], root=tmp_path)
    report.notices = [
        Notice(str(tmp_path / "broken.yml"), "YAML syntax error; skipped", "warning", 4),
        Notice(str(tmp_path / "gone.sh"), "cannot read: Permission denied", "error"),
    ]
    data = assert_valid_sarif(render(report), tmp_path)
    invocation = data["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False  # gone.sh was not analysed
    first, second = invocation["toolExecutionNotifications"]
    assert first["level"] == "warning"
    assert first["message"]["text"].endswith("broken.yml: YAML syntax error; skipped")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "broken.yml", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4}
    assert second["level"] == "error"
    assert data["runs"][0]["results"] == []
    report = make_report({}, [], root=tmp_path)
    report.notices = [Notice(str(tmp_path / "broken.yml"), "YAML syntax error", "warning", 4)]
    data = assert_valid_sarif(render(report), tmp_path)
    assert data["runs"][0]["invocations"][0]["executionSuccessful"] is True


def test_log_written_as_data_matches_sarif_om_objects_key_for_key(tmp_path: Path) -> None:
    report = make_report({}, [], list(all_rules()), root=tmp_path)
    assert json.dumps(header(report)) == json.dumps(header_as_objects(report))
    report.notices = [
        Notice(str(tmp_path / "sub dir" / "broken.yml"), "YAML syntax error", "warning", 4),
        Notice("/elsewhere/included.txt", "cannot read", "warning", 2),
    ]
    written = header(report)
    assert json.dumps(written) == json.dumps(header_as_objects(report))  # same keys, same order
    (invocation,) = written["runs"][0]["invocations"]
    first, second = invocation["toolExecutionNotifications"]
    assert first["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "sub%20dir/broken.yml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 4},
    }
    assert second["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///elsewhere/included.txt"
    }
    assert invocation["executionSuccessful"] is True
    gone = Notice(str(tmp_path / "gone\udcff.sh"), "cannot \x1b[31m", "error")
    report = make_report({}, [], list(all_rules()), root=tmp_path, notices=[*report.notices, gone])
    written = header(report)
    assert json.dumps(written) == json.dumps(header_as_objects(report))
    (invocation,) = written["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    third = invocation["toolExecutionNotifications"][2]
    assert third["message"]["text"].endswith("gone\ufffd\ufffd\ufffd.sh: cannot \x1b[31m")
    assert "region" not in third["locations"][0]["physicalLocation"]


def test_line_hash_matches_githubs_algorithm() -> None:
    # Expected values from github/codeql-action's own fingerprint tests.
    assert line_hashes("") == {1: "c129715d7a2bc9a3:1"}
    assert line_hashes(" a\nb\n  \t\tc\n d") == {
        1: "271789c17abda88f:1",
        2: "54703d4cd895b18:1",
        3: "180aee12dab6264:1",
        4: "a23a3dc5e078b07b:1",
    }
    expected = [
        "e9496ae3ebfced30:1",
        "fb7c023a8b9ccb3f:1",
        "ce8ba1a563dcdaca:1",
        "e20e36e16fcb0cc8:1",
        "b3edc88f2938467e:1",
        "c8e28b0b4002a3a0:1",
        "c129715d7a2bc9a3:1",
    ]
    for text in (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
        " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
    ):
        assert list(line_hashes(text).values()) == expected
    repeated = line_hashes("Lorem ipsum dolor sit amet.\n" * 10)
    assert [repeated[n] for n in range(1, 8)] == [
        *(f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)),
        "a7f2ff1481e87703:1",
    ]


def _fingerprints(tmp_path: Path, text: str) -> dict[str, str]:
    data = json.loads(render(_one_finding_report(tmp_path, text)))
    result = data["runs"][0]["results"][0]
    assert isinstance(result["partialFingerprints"], dict)
    return dict(result["partialFingerprints"])


def test_fingerprints_survive_lines_added_above(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, DOCKERFILE)
    after = _fingerprints(tmp_path, "# a new comment\n\nLABEL x=y\n" + DOCKERFILE)
    assert before == after


def test_fingerprints_change_when_the_offending_line_changes(tmp_path: Path) -> None:
    before = _fingerprints(tmp_path, DOCKERFILE)
    after = _fingerprints(tmp_path, DOCKERFILE.replace("--danger x", "--danger y"))
    assert before["sslint/v1"] != after["sslint/v1"]
    assert before["primaryLocationLineHash"] != after["primaryLocationLineHash"]


def test_repeated_line_gets_distinct_fingerprints(tmp_path: Path) -> None:
    text = "tool --danger\ntool --danger\n"
    source = Source("a.sh", text)
    findings = [finding_at(source, "--danger", occurrence=i) for i in (0, 1)]
    data = json.loads(render(make_report({"a.sh": text}, findings, root=tmp_path)))
    prints = [r["partialFingerprints"] for r in data["runs"][0]["results"]]
    assert prints[0]["sslint/v1"] != prints[1]["sslint/v1"]
    assert prints[0]["primaryLocationLineHash"].endswith(":1")


def test_to_sarif_dict_uses_schema_names_and_drops_unset_values() -> None:
    region = om.Region(start_line=1, end_column=3)
    assert to_sarif_dict(region) == {"startLine": 1, "endColumn": 3}
    result = om.Result(message=om.Message(text="m"), level="warning", rule_id="X")
    assert to_sarif_dict(result) == {"message": {"text": "m"}, "level": "warning", "ruleId": "X"}


def _reference_line_hashes(text: str) -> dict[int, str]:
    """GitHub's streaming algorithm (codeql-action `fingerprints.ts`), step by step."""
    block, mod, mask = 100, 37, (1 << 64) - 1
    first_mod = pow(mod, block, 1 << 64)
    window, numbers = [0] * block, [-1] * block
    hashes: dict[int, str] = {}
    counts: dict[str, int] = {}
    state = {"hash": 0, "index": 0, "line": 0, "start": True, "cr": False}

    def output() -> None:
        value = format(state["hash"], "x")
        counts[value] = counts.get(value, 0) + 1
        hashes[numbers[state["index"]]] = f"{value}:{counts[value]}"
        numbers[state["index"]] = -1

    def update(current: int) -> None:
        begin, window[state["index"]] = window[state["index"]], current
        state["hash"] = (mod * state["hash"] + current - first_mod * begin) & mask
        state["index"] = (state["index"] + 1) % block

    def process(current: int) -> None:
        if current in (32, 9) or (state["cr"] and current == 10):
            state["cr"] = False
            return
        state["cr"] = current == 13
        current = 10 if current == 13 else current
        if numbers[state["index"]] != -1:
            output()
        if state["start"]:
            state["start"] = False
            state["line"] += 1
            numbers[state["index"]] = state["line"]
        if current == 10:
            state["start"] = True
        update(current)

    data = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(data), 2):
        process(int.from_bytes(data[i : i + 2], "little"))
    process(0xFFFF)
    for _ in range(block):
        if numbers[state["index"]] != -1:
            output()
        update(0)
    return hashes


@given(
    st.lists(
        st.sampled_from(["a", "b", " ", "\t", "\n", "\r", "\r\n", "é", "😀", "x" * 60, "=1"]),
        max_size=120,
    )
)
def test_line_hashes_equal_the_streaming_algorithm(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert line_hashes(text) == _reference_line_hashes(text)


def _result_as_objects(report: Report, index: int) -> dict[str, Any]:
    """A result built through sarif-om objects, as the rest of the log is (the reference)."""
    finding = report.findings[index]
    span = finding.span
    uri = finding.uri or finding.path
    if uri.startswith("/"):
        artifact = om.ArtifactLocation(uri=Path(uri).as_uri())
    else:
        artifact = om.ArtifactLocation(uri=file_uri(uri), uri_base_id="%SRCROOT%")
    region = om.Region(
        start_line=span.start_line,
        start_column=span.start_column,
        end_line=span.end_line,
        end_column=span.end_column,
    )
    fingerprints = {"sslint/v1": report.keys[index].fingerprint()}
    line_hash = report.sources.line_hash(finding.path, span.start_line)
    if line_hash is not None:
        fingerprints["primaryLocationLineHash"] = line_hash
    result = om.Result(
        rule_id=finding.rule_id,
        rule_index=report.rule_index[finding.rule_id],
        level=report.level(finding),
        message=om.Message(text=finding.message),
        locations=[
            om.Location(
                physical_location=om.PhysicalLocation(artifact_location=artifact, region=region)
            )
        ],
        partial_fingerprints=fingerprints,
        properties={"precision": finding.precision},
    )
    data: dict[str, Any] = to_sarif_dict(result)
    return data


def test_results_written_as_data_match_sarif_om_objects_key_for_key(tmp_path: Path) -> None:
    text = "RUN pip install --danger x --danger y\n"
    source = Source("sub dir/Dockerfile", text)
    findings = [
        finding_at(source, "--danger", rule_id="SSL990"),
        dataclasses.replace(
            finding_at(source, "--danger", occurrence=1, message="bad \udcff byte"),
            precision=PROBABLE,
            level="note",
        ),
        finding_at(source, "--danger", uri="/elsewhere/Dockerfile"),
    ]
    rules = [make_rule("SSL990", "warning", "other"), make_rule("SSL991", "error", "danger")]
    report = make_report({"sub dir/Dockerfile": text}, findings, rules, tmp_path)
    results = log_data(report)["runs"][0]["results"]
    for index, result in enumerate(results):
        expected = _result_as_objects(report, index)
        assert json.dumps(result) == json.dumps(expected)  # same keys, same order
    assert results[0]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "sub%20dir/Dockerfile",
        "uriBaseId": "%SRCROOT%",
    }
    assert results[1]["message"]["text"] == "bad \ufffd\ufffd\ufffd byte"  # as valid_unicode gives
    assert results[1]["level"] == "note"
    assert results[2]["locations"][0]["physicalLocation"]["artifactLocation"] == {
        "uri": "file:///elsewhere/Dockerfile"
    }


def test_the_written_log_is_the_text_of_its_data(tmp_path: Path) -> None:
    # `render` writes results from per-shape templates; the text must be that of the data.
    text = "RUN pip install --danger x --danger y\nRUN curl --danger \u00e9\n"
    source = Source("sub dir/Dockerfile", text)
    hidden = dataclasses.replace(
        finding_at(source, "--danger", occurrence=2),
        suppression=Suppression("sslint: ignore", 2, 'accepted {"why": 1}'),
    )
    findings = [
        finding_at(source, "--danger", rule_id="SSL990", message='a "quoted" {brace} \x1b[31m'),
        dataclasses.replace(
            finding_at(source, "--danger", occurrence=1, message="bad \udcff byte"),
            precision=PROBABLE,
            level="note",
        ),
        finding_at(source, "--danger", uri="/elsewhere/Dockerfile"),
        finding_at(Source("unread.sh", "curl --danger\n"), "--danger"),  # no line hash
    ]
    rules = [make_rule("SSL990", "warning", "other"), make_rule("SSL991", "error", "danger")]
    report = make_report(
        {"sub dir/Dockerfile": text}, findings, rules, tmp_path, suppressed=[hidden]
    )
    data = log_data(report)
    shapes = {json.dumps(sorted(r["partialFingerprints"])) for r in data["runs"][0]["results"]}
    assert len(shapes) == 2 and len(data["runs"][0]["results"]) == 5
    assert render(report) == json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    empty = make_report({}, [], rules, tmp_path)
    assert render(empty) == json.dumps(log_data(empty), indent=2, ensure_ascii=False) + "\n"


def _naive_hashes(text: str) -> dict[int, str]:
    """GitHub's algorithm written out: a window of 100 UTF-16 units hashed at each line start."""
    kept = "".join(c for c in text.replace("\r\n", "\n").replace("\r", "\n") if c not in " \t")
    data = kept.encode("utf-16-le", "surrogatepass")
    units = [int.from_bytes(data[i : i + 2], "little") for i in range(0, len(data), 2)]
    units.append(0xFFFF)
    starts = [0] + [i + 1 for i, unit in enumerate(units) if unit == 10]
    hashes: dict[int, str] = {}
    counts: dict[str, int] = {}
    for line, begin in enumerate(starts, start=1):
        value = 0
        for unit in (units[begin : begin + 100] + [0] * 100)[:100]:
            value = (value * 37 + unit) % (1 << 64)
        key = format(value, "x")
        counts[key] = counts.get(key, 0) + 1
        hashes[line] = f"{key}:{counts[key]}"
    return hashes


@given(st.text(alphabet=st.sampled_from(["a", " ", "\t", "\n", "\r", "\u0a00", "\U0001d11e", "é"])))
def test_line_hashes_are_githubs_algorithm(text: str) -> None:
    assert line_hashes(text) == _naive_hashes(text)


@given(
    st.lists(
        st.sampled_from(["a", "\t", "\n", "\r\n", "\r", "é", "\U0001d11e", "y" * 99, "z" * 150]),
        max_size=40,
    ),
    st.integers(min_value=0, max_value=45),
)
def test_line_hashes_of_long_lines_and_a_last_line(pieces: list[str], last_line: int) -> None:
    # Lines longer than a window (gaps between the points the hash is taken at), astral
    # characters, every line ending, no final newline; hashing stops at `last_line`.
    text = "".join(pieces)
    expected = _naive_hashes(text)
    assert line_hashes(text) == expected
    upto = line_hashes(text, last_line)
    assert upto == {line: expected[line] for line in list(expected)[: max(1, last_line)]}
