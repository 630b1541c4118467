"""Bad input never hurts: hostile files, hostile arguments, broken pipes, odd locales."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import anastro_cli
from anastro_cli import status
from anastro_cli.dataset.load import check
from helpers import ANSI, run

SRC = str(Path(anastro_cli.__file__).resolve().parents[1])
LIMIT_SECONDS = 5
LIMIT_BYTES = 200 * 1024 * 1024


# Runs the CLI in a fresh interpreter that records its own peak memory when it exits.
MEASURED_MAIN = """
import atexit, os, resource, sys
def _report():
    # VmHWM is the peak of this program's own memory; ru_maxrss would also count the pytest
    # process this one was forked from, since it survives exec.
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    peak_kib = int(line.split()[1])
    except OSError:
        pass
    with open(os.environ["ANASTRO_TEST_RSS_FILE"], "w") as handle:
        handle.write(str(peak_kib))
atexit.register(_report)
sys.argv[0] = "anastro"
from anastro_cli.cli.app import main
main()
"""


def cli(
    *args: str, env: dict[str, str] | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run anastro in a fresh interpreter, bounded in time; check its own peak memory."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        full_env = {**os.environ, "PYTHONPATH": SRC, "ANASTRO_TEST_RSS_FILE": rss.name}
        full_env.update(env or {})
        result = subprocess.run(
            [sys.executable, "-c", MEASURED_MAIN, *args],
            capture_output=True,
            text=True,
            timeout=LIMIT_SECONDS,
            env=full_env,
            cwd=cwd,
            check=False,
            encoding="utf-8",
            errors="replace",
        )
        peak = int(rss.read() or 0) * 1024
    assert 0 < peak < LIMIT_BYTES, f"peak memory {peak / 2**20:.0f} MiB"
    assert "Traceback" not in result.stderr + result.stdout
    return result


def _problems_for(tmp_path: Path, name: str, content: bytes) -> list[str]:
    path = tmp_path / name
    path.write_bytes(content)
    started = time.perf_counter()
    problems = check(path)
    assert time.perf_counter() - started < LIMIT_SECONDS
    return [f"{p.line}: {p.message}" for p in problems]


def test_billion_laughs_is_rejected(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        refs = ",".join(f"*a{level - 1}" for _ in range(9))
        lines.append(f"a{level}: &a{level} [{refs}]")
    problems = _problems_for(tmp_path, "bomb.yaml", "\n".join(lines).encode())
    assert any("alias" in p for p in problems), problems


def test_billion_laughs_through_the_cli_is_bounded(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [{','.join(f'*a{level - 1}' for _ in range(9))}]")
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("\n".join(lines), encoding="utf-8")
    result = cli("validate", str(bomb))
    assert result.returncode == status.NOT_FOUND
    assert "alias" in result.stdout


def test_deep_nesting_is_rejected(tmp_path: Path) -> None:
    problems = _problems_for(tmp_path, "deep.yaml", b"effects: " + b"[" * 5000 + b"]" * 5000)
    assert any("nest" in p for p in problems), problems


def test_oversized_file_is_rejected_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: costs no disk
    problems = check(path)
    assert "too large" in problems[0].message


def test_non_utf8_bytes_are_rejected_with_the_line(tmp_path: Path) -> None:
    problems = _problems_for(tmp_path, "latin1.yaml", b"effects:\n  - id: caf\xe9\n")
    assert problems == ["2: not UTF-8 text (byte 0xe9 at offset 20)"]


def test_binary_file_is_rejected(tmp_path: Path) -> None:
    problems = _problems_for(tmp_path, "image.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert any("binary" in p for p in problems)


def test_python_tags_are_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = f'effects: !!python/object/apply:os.system ["touch {marker}"]\n'
    problems = _problems_for(tmp_path, "evil.yaml", payload.encode())
    assert problems
    assert not marker.exists()


def test_duplicate_keys_are_rejected(tmp_path: Path) -> None:
    problems = _problems_for(tmp_path, "dup.yaml", b"sources: []\nsources: []\n")
    assert problems == ["2: duplicate key"]


def test_multiple_documents_are_rejected(tmp_path: Path) -> None:
    problems = _problems_for(tmp_path, "two.yaml", b"sources: []\n---\nsources: []\n")
    assert any("more than one" in p for p in problems)


MARKUP_EFFECT = """effects:
  - id: markup-test
    name: "[bold red]Shout[/] \\e[31mred\\e[0m [link=https://example.com]click[/link] \\e]8;;http://x\\e\\\\"
    system: general
    seriousness: common
    mechanism: "Contains [blink]markup[/blink] and \\e[K line erases."
    aliases: ["[/]"]
"""


def test_markup_and_escape_codes_in_data_are_shown_literally(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tmp_path / "markup.yaml"
    data.write_text(MARKUP_EFFECT, encoding="utf-8")
    for args in (
        ["show", "markup-test"],
        ["list", "--system", "general"],
        ["search", "shout", "--color", "always"],
    ):
        result = run(runner, *args, "--data", str(data))
        assert result.exit_code == status.OK, result.stderr
        plain = ANSI.sub("", result.stdout)
        assert "[bold red]Shout[/]" in plain
        assert "\x1b" not in plain
        assert "\x1b[31m" not in result.stdout


@pytest.mark.parametrize("query", ["[bold]x[/bold]", "\x1b[31mred", "[link=http://x]y", "[/]"])
def test_markup_in_a_query_is_never_interpreted(runner: CliRunner, query: str) -> None:
    result = run(runner, "search", query, "--color", "always")
    assert result.exit_code in (status.OK, status.NOT_FOUND, status.USAGE)
    assert "\x1b[31m" not in result.stderr
    if "[" in query:
        assert query.replace("\x1b", "") in result.stderr + ANSI.sub("", result.stdout)


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown", "yaml"])
@pytest.mark.parametrize("command", [["list"], ["show", "fractures"], ["sources"]])
def test_closed_pipe_exits_quietly(fmt: str, command: list[str]) -> None:
    full_env = {**os.environ, "PYTHONPATH": SRC}
    process = subprocess.Popen(
        [sys.executable, "-m", "anastro_cli", *command, "--format", fmt],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=full_env,
    )
    assert process.stdout is not None
    process.stdout.readline()
    process.stdout.close()
    _, stderr = process.communicate(timeout=LIMIT_SECONDS)
    assert process.returncode == status.OK, stderr
    assert stderr == b""


@pytest.mark.parametrize(
    "env",
    [
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"},
    ],
)
def test_non_utf8_locale_prints_without_unicode_errors(env: dict[str, str]) -> None:
    for args in (["list"], ["about"], ["show", "fractures"], ["compare", "tamoxifen"]):
        result = cli(*args, env=env)
        assert result.returncode == status.OK, result.stderr
        assert "UnicodeEncodeError" not in result.stderr


def test_missing_home_and_cache_do_not_stop_a_lookup(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path / "no-such-home"), "XDG_CACHE_HOME": "", "ANASTRO_CACHE_DIR": ""}
    result = cli("search", "fatigue", env=env, cwd=tmp_path)
    assert result.returncode == status.OK
    assert "Fatigue" in result.stdout


def test_very_long_and_empty_arguments(runner: CliRunner) -> None:
    long_query = "a" * 100_000
    started = time.perf_counter()
    result = run(runner, "search", long_query)
    assert time.perf_counter() - started < LIMIT_SECONDS
    assert result.exit_code == status.USAGE
    assert "too long" in result.stderr
    for args in (["search", ""], ["show", ""], ["list", "--system", ""], ["compare", ""]):
        empty = run(runner, *args)
        assert empty.exit_code == status.USAGE, args
        assert len(empty.stderr.strip().splitlines()) == 1
    assert run(runner, "show", "x" * 100_000).exit_code == status.USAGE
    assert run(runner, "compare", "x" * 100_000).exit_code == status.USAGE
    assert run(runner, "list", "--system", "x" * 100_000).exit_code == status.USAGE


def test_bad_data_path_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, "list", "--data", str(tmp_path / "missing.yaml"))
    assert result.exit_code == status.USAGE
    assert "no such file" in result.stderr
    broken = tmp_path / "broken.yaml"
    broken.write_text("effects: [\n", encoding="utf-8")
    result = run(runner, "search", "fatigue", "--data", str(broken))
    assert result.exit_code == status.USAGE
    assert f"{broken}:" in result.stderr


def test_anastro_data_environment_variable(runner: CliRunner, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("effects: 3\n", encoding="utf-8")
    result = run(runner, "list", env={"ANASTRO_DATA": str(broken)})
    assert result.exit_code == status.USAGE


WORDS = st.sampled_from(
    [
        "list",
        "search",
        "show",
        "compare",
        "systems",
        "sources",
        "about",
        "validate",
        "--system",
        "--format",
        "json",
        "csv",
        "--json",
        "--limit",
        "0",
        "5",
        "-n",
        "--color",
        "never",
        "--population",
        "men",
        "--serious",
        "--chart",
        "tamoxifen",
        "fatigue",
        "--data",
        "/nonexistent",
        "--all",
        "--kind",
        "trial",
        "--version",
        "-h",
        "musc",
        "",
    ]
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(args=st.lists(st.one_of(WORDS, st.text(max_size=30)), max_size=6))
def test_arbitrary_arguments_only_exit_0_1_or_2(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(__import__("anastro_cli.cli.app", fromlist=["app"]).app, args)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code in (status.OK, status.NOT_FOUND, status.USAGE), (args, result.output)


SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 500), st.floats(allow_nan=True), st.text(max_size=12)
)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "name",
                    "effects",
                    "sources",
                    "figures",
                    "systems",
                    "low",
                    "high",
                    "source",
                    "values",
                    "trial",
                    "x",
                    "frequencies",
                    "mechanism",
                ]
            ),
            children,
            max_size=5,
        ),
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS)
@example(document={"effects": [{"id": []}]})  # found by Hypothesis: a list where an id goes
def test_arbitrary_small_documents_only_yield_problems(
    tmp_path_factory: pytest.TempPathFactory, document: object
) -> None:
    path = tmp_path_factory.mktemp("doc") / "doc.yaml"
    path.write_text(yaml.safe_dump(document), encoding="utf-8")
    problems = check(path)  # must not raise, whatever the shape
    for problem in problems:
        assert problem.file == str(path), problem  # every problem points into the file
        assert problem.message


def test_control_codes_in_any_data_field_never_reach_the_terminal(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tmp_path / "comparator.yaml"
    data.write_text(
        'comparators:\n  - id: tamoxifen\n    name: "Tamox\\e[31mRED\\e]0;title\\a"\n'
        "    drug_class: SERM\n    mechanism: Blocks receptors.\n"
        "    who_can_take: Women.\n",
        encoding="utf-8",
    )
    for args in (
        ["compare", "tamoxifen"],
        ["compare", "tamoxifen", "--format", "csv"],
        ["compare", "tamoxifen", "--format", "markdown"],
        ["compare"],
    ):
        result = run(runner, *args, "--data", str(data))
        assert result.exit_code == status.OK, result.stderr
        assert "\x1b" not in result.stdout + result.stderr
        assert "\x07" not in result.stdout
        if "--format" not in args:
            assert "TamoxRED" in result.stdout.replace("[31m", "")


def test_problem_messages_show_control_codes_as_escapes(tmp_path: Path) -> None:
    data = tmp_path / "keys.yaml"
    data.write_text('effects:\n  - id: x\n    "na\\e[32mme": y\n', encoding="utf-8")
    text = "\n".join(str(p) for p in check(data))
    assert "\x1b" not in text
    assert "\\x1b" in text


@pytest.mark.parametrize(
    "section",
    [
        "men:\n  estradiol_ranges: 5\n",
        "men:\n  findings: 7\n",
        "drug:\n  conversions: 3\n",
        "effects:\n  - 5\n",
        "effects:\n  - id: x\n    frequencies: [5]\n",
        "trials:\n  - id: t\n    arms: x\n",
    ],
)
def test_malformed_lists_are_problems_not_crashes(tmp_path: Path, section: str) -> None:
    data = tmp_path / "bad.yaml"
    data.write_text(section, encoding="utf-8")
    problems = check(data)
    assert problems
    assert all(p.file == str(data) and p.line > 0 for p in problems), [str(p) for p in problems]


def test_device_files_are_refused() -> None:
    problems = check(Path("/dev/zero"))
    assert problems
    assert "not a regular file" in problems[0].message
    result = cli("list", "--data", "/dev/zero")
    assert result.returncode == status.USAGE
    assert "not a regular file" in result.stderr


def test_only_alias_expansion_is_bounded_not_size(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from anastro_cli.dataset import yamlsafe

    monkeypatch.setattr(yamlsafe, "MAX_ALIAS_EXPANSION", 10)
    plain = "values: [" + ", ".join(str(n) for n in range(100)) + "]\n"
    assert yamlsafe.parse(plain, "plain.yaml")["values"][99] == 99
    aliased = "a: &a [" + ", ".join(["x"] * 20) + "]\nb: *a\n"
    with pytest.raises(yamlsafe.YamlFileError) as error:
        yamlsafe.parse(aliased, "aliased.yaml")
    assert "alias" in error.value.problem.message


@pytest.mark.parametrize(
    "args", [["validate", "\x00"], ["search", "a\x00b"], ["list", "--data", "\x00"]]
)
def test_an_argument_holding_a_nul_character_is_a_usage_error(
    runner: CliRunner, args: list[str]
) -> None:
    # Found by test_arbitrary_arguments_only_exit_0_1_or_2: click's path check raised
    # ValueError ("embedded null byte") for `validate '\x00'`.
    from anastro_cli.cli.app import app

    result = runner.invoke(app, args)
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == status.USAGE
    assert result.stderr.count("\n") == 1
    assert "NUL" in result.stderr
