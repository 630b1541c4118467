"""warnings, check and report: urgency first, in every format, honest when nothing matches."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from anastro_cli import status
from anastro_cli.search.check import MAX_SYMPTOMS
from helpers import run

CHECK = ["check", "chest pain", "hot flushes", "one leg swollen and painful"]
ORDER = ["chest-pain", "blood-clots", "hot-flashes"]


def test_check_puts_the_most_urgent_first(runner: CliRunner) -> None:
    items = json.loads(run(runner, *CHECK, "--json").stdout)
    assert [i["id"] for i in items] == ORDER
    assert [i["urgency"] for i in items] == ["emergency", "emergency", "next-visit"]
    assert items[0]["symptom"] == "chest pain"
    assert "ambulance" in items[0]["warning"] or "emergency" in items[0]["action"]
    assert items[2]["time_course"]["sources"]


@pytest.mark.parametrize("fmt", ["table", "csv", "markdown", "yaml"])
def test_check_order_holds_in_every_format(runner: CliRunner, fmt: str) -> None:
    out = run(runner, *CHECK, "--format", fmt).stdout
    if fmt == "csv":
        ids = [row["id"] for row in csv.DictReader(io.StringIO(out))]
    elif fmt == "yaml":
        ids = [item["id"] for item in yaml.safe_load(out)]
    elif fmt == "table":  # the names on screen, the ids in the closing "Details:" line
        details = next(line for line in out.splitlines() if line.startswith("Details:"))
        shown = details.removeprefix("Details: anastro show ").replace(" (or", ",").rstrip(")")
        ids = shown.split(", ")
        assert all(f"({i})" not in out for i in ORDER)
    else:
        ids = sorted(ORDER, key=out.index)
    assert ids == ORDER


def test_check_table_names_the_emergency_route_once(runner: CliRunner) -> None:
    out = run(runner, *CHECK).stdout
    assert out.count("EMERGENCY:") >= 2  # chest pain and the leg, each with its sign
    assert out.count("999 (UK)") == 1
    assert "not medical advice" in out


def test_check_takes_one_argument_with_commas(runner: CliRunner) -> None:
    items = json.loads(run(runner, "check", "hot flushes, stiff joints", "--json").stdout)
    assert {i["id"] for i in items} == {"hot-flashes", "arthralgia"}


def test_check_says_honestly_what_is_not_listed(runner: CliRunner) -> None:
    result = run(runner, "check", "hot flushes", "zzqqxx", "--json")
    assert result.exit_code == status.OK
    items = json.loads(result.stdout)
    assert items[-1]["id"] is None
    assert "not listed" in items[-1]["action"]
    nothing = run(runner, "check", "zzqqxx")
    assert nothing.exit_code == status.NOT_FOUND
    assert "Not listed" in nothing.stdout


def test_check_needs_a_symptom(runner: CliRunner) -> None:
    result = run(runner, "check", " , ")
    assert result.exit_code == status.USAGE
    assert result.stderr.startswith("anastro: ")


@pytest.mark.parametrize("columns", ["60", "80"])
def test_warnings_give_every_emergency_sign_whole(runner: CliRunner, columns: str) -> None:
    """Each sign was once cut to fit one 80x24 screen ("If you have thoughts of harming
    yourself, get h..."): the part cut off may be the part that matters."""
    from anastro_cli.table.checks import short_sign

    out = run(runner, "warnings", env={"COLUMNS": columns}).stdout
    lines = out.rstrip("\n").split("\n")
    assert lines[0].startswith("EMERGENCY: call 999")
    assert all(len(line) <= int(columns) for line in lines)
    assert "..." not in out
    said = " ".join(" ".join(lines).split())
    signs = json.loads(run(runner, "warnings", "--json").stdout)
    for sign in signs:
        if sign["tier"] == "emergency":
            assert " ".join(short_sign(sign["text"]).split()) in said
    assert said.index("TODAY") > said.index("Swelling with sudden breathlessness")
    emergencies = {s["effect"] for s in signs if s["tier"] == "emergency"}
    assert {"blood-clots", "stroke", "cardiovascular-events", "allergic-reaction"} <= emergencies
    assert {"severe-skin-reactions", "chest-pain"} <= emergencies
    assert {s["tier"] for s in signs} == {"emergency", "same-day"}
    full = json.loads(run(runner, "warnings", "--full", "--json").stdout)
    assert {s["tier"] for s in full} == {"emergency", "same-day", "next-visit"}


def test_emergency_lines_are_marked_in_words_without_colour(runner: CliRunner) -> None:
    out = run(runner, "show", "blood-clots", env={"NO_COLOR": "1"}).stdout
    assert "EMERGENCY" in out
    assert out.index("EMERGENCY") < out.index("What helps")


@pytest.mark.parametrize("query", ["warning signs", "red flags", "when to call 999"])
def test_search_finds_the_warning_signs(runner: CliRunner, query: str) -> None:
    hits = json.loads(run(runner, "search", query, "--json").stdout)
    assert hits[0]["id"] == "warning-signs"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.remote: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if name == "src" and value and "://" in value:  # a link is not an asset
                self.remote.append(value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


REPORT = ["report", "stiff joints", "hot flushes"]


def test_report_html_is_one_self_contained_page(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "visit.html"
    result = run(runner, *REPORT, "--format", "html", "-o", str(target))
    assert result.exit_code == status.OK
    assert "wrote" in result.stderr
    page = _Page()
    source = target.read_text(encoding="utf-8")
    page.feed(source)
    assert "script" not in page.tags
    assert "link" not in page.tags
    assert page.remote == []
    assert "@page" in source
    assert "@media print" in source
    text = " ".join(page.text)
    for part in ("Joint pain", "Hot flashes", "Questions to ask", "Sources", "HOPE"):
        assert part in text
    assert "not medical advice" in text
    assert "dataset 2026" in text


def test_report_markdown_is_ready_to_paste(runner: CliRunner) -> None:
    out = run(runner, *REPORT).stdout
    assert out.startswith("# ")
    assert "## stiff joints: Joint pain and stiffness (arthralgia)" in out
    assert "about 1 in 3" in out
    assert "**NEXT VISIT:**" in out
    assert "Evidence: HOPE" in out
    assert "## Questions to ask" in out
    assert "<https://" in out


def test_report_to_an_unwritable_file_is_one_line(runner: CliRunner, tmp_path: Path) -> None:
    result = run(runner, *REPORT, "-o", str(tmp_path / "missing" / "visit.md"))
    assert result.exit_code == status.USAGE
    assert result.stderr.count("\n") == 1


def test_report_prints_on_at_most_two_a4_pages(runner: CliRunner, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (apt-get install chromium) to print the page")
    page = tmp_path / "visit.html"
    run(runner, *REPORT, "--format", "html", "-o", str(page))
    pdf = tmp_path / "visit.pdf"
    subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    pages = pdf.read_bytes().count(b"/Type /Page") - pdf.read_bytes().count(b"/Type /Pages")
    assert 1 <= pages <= 2


HOT, JOINTS = ("hot flushes", "hot-flashes"), ("joint pain", "arthralgia")
CHEST = ("chest pain", "chest-pain")
KNEES, SWEATS = ("achy knees", "arthralgia"), ("night sweats", "night-sweats")
ACHE, SLEEP = ("my joints ache", "arthralgia"), ("cant sleep", "insomnia")
STIFF, TIRED, EYES = ("stiff joints", "arthralgia"), ("tired", "fatigue"), ("dry eyes", None)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        # The shell splits unquoted text into words: they are cut back into symptoms.
        ("hot flushes", [HOT]),
        ("hot flushes joint pain", [HOT, JOINTS]),
        ("took my pill twice", [("took my pill twice", "overdose")]),
        ("pins and needles in my feet", [("pins and needles in my feet", "tingling")]),
        ("achy knees and night sweats", [KNEES, SWEATS]),
        ("my joints ache and i cant sleep", [ACHE, SLEEP]),
        # "dry" alone is dry mouth, dry skin and more alike: it stays with "eyes", not listed.
        ("stiff joints, tired, dry eyes", [STIFF, TIRED, EYES]),
        ("stiff joints tired dry eyes", [STIFF, TIRED, EYES]),
        # A name of another entry inside is another symptom, even where a lay term spans both.
        ("hot flushes night sweats", [HOT, ("night sweats", "night-sweats")]),
        ("nausea vomiting", [("nausea", "nausea"), ("vomiting", "vomiting")]),
        ("anxiety depression", [("anxiety", "anxiety"), ("depression", "mood-changes")]),
        ("sore throat swelling", [("sore throat", "sore-throat"), ("swelling", "swelling")]),
        ("dry mouth dry eyes", [("dry mouth", "dry-mouth"), EYES]),
        ("joint pain back pain", [JOINTS, ("back pain", "back-pain")]),
        ("hot flushes took my pill twice", [HOT, ("took my pill twice", "overdose")]),
        # Emergency signs stay whole: no word of them is cut off to name something milder.
        ("sudden weakness", [("sudden weakness", "stroke")]),
        ("face swelling", [("face swelling", "allergic-reaction")]),
        ("tired swollen tongue", [TIRED, ("swollen tongue", "allergic-reaction")]),
        ("eyes yellow tired", [("eyes yellow", "hepatitis"), TIRED]),
        ("coughing up blood chest pain", [("coughing up blood", "blood-clots"), CHEST]),
        # No term of the data inside: one symptom, as if quoted.
        ("bruising easily", [("bruising easily", None)]),
        ("low libido", [("low libido", "low-libido-men")]),
    ],
)  # fmt: skip
def test_check_cuts_unquoted_words_into_symptoms(
    runner: CliRunner, typed: str, expected: list[tuple[str, str | None]]
) -> None:
    items = json.loads(run(runner, "check", *typed.split(), "--json").stdout)
    assert sorted((i["symptom"], i["id"]) for i in items) == sorted(expected)


def test_quoted_symptoms_are_each_taken_whole(runner: CliRunner) -> None:
    items = json.loads(run(runner, "check", "dry eyes", "hot flushes", "--json").stdout)
    assert [(i["symptom"], i["id"]) for i in items] == [
        ("hot flushes", "hot-flashes"),
        ("dry eyes", None),
    ]


@pytest.mark.parametrize(
    ("arguments", "expected"),
    [
        # Quoted symptoms stay whole; the unquoted words beside them are cut as text.
        (["hot flushes", "joint", "pain"], [HOT, JOINTS]),
        (["joint", "pain", "hot flushes"], [HOT, JOINTS]),
        (["hot flushes", "nausea", "dry eyes"], [HOT, ("nausea", "nausea"), EYES]),
        (["nausea,", "dry eyes", "tired"], [("nausea", "nausea"), EYES, TIRED]),
        (["dry eyes", "stiff", "joints", "tired"], [EYES, STIFF, TIRED]),
    ],
)
def test_check_cuts_the_unquoted_words_beside_quoted_symptoms(
    runner: CliRunner, arguments: list[str], expected: list[tuple[str, str | None]]
) -> None:
    items = json.loads(run(runner, "check", *arguments, "--json").stdout)
    assert sorted((i["symptom"], i["id"]) for i in items) == sorted(expected)


def test_the_report_cuts_unquoted_words_too(runner: CliRunner) -> None:
    out = run(runner, "report", "hot", "flushes", "joint", "pain").stdout
    assert "Hot flashes" in out
    assert "Joint pain" in out


@pytest.mark.parametrize(("symptom", "found"), [("tiredniss", "fatigue"), ("insomina", "insomnia")])
def test_a_typo_stands_in_for_a_symptom_but_a_likeness_does_not(
    runner: CliRunner, symptom: str, found: str
) -> None:
    """ "toenails" is near "tonsils" for ranking, but check must not file it as a sore throat."""
    for typed, expected in ((symptom, found), ("toenails", None)):
        items = json.loads(run(runner, "check", typed, "--json").stdout)
        assert [(i["symptom"], i["id"]) for i in items] == [(typed, expected)]


def test_an_overdose_is_checked_first_and_marked_as_an_emergency(runner: CliRunner) -> None:
    """The NHS says go to A&E after too many tablets: the overdose topic's action carries that
    tier, so check puts it above a next-visit effect and marks it, in JSON and on screen."""
    items = json.loads(run(runner, "check", "hot flushes", "took my pill twice", "--json").stdout)
    assert [(i["id"], i["urgency"]) for i in items] == [
        ("overdose", "emergency"),
        ("hot-flashes", "next-visit"),
    ]
    screen = run(runner, "check", "hot flushes", "took my pill twice").stdout
    assert screen.index("EMERGENCY: If you have taken more") < screen.index("hot flushes")
    topic = json.loads(run(runner, "show", "overdose", "--json").stdout)
    assert topic["urgency"] == "emergency"
    assert topic["actions"][0] == {
        "text": "Go to A&E and ask someone else to drive you.",
        "source": "nhs_anastrozole",
        "tier": "emergency",
    }
    assert json.loads(run(runner, "show", "missed-dose", "--json").stdout)["urgency"] is None


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (
            ["took my tablet twice this morning and now chest pain"],
            ["overdose", "chest-pain"],
        ),
        # found in review: the sentence itself resolved to the symptom, hiding the overdose
        (["took my tablet twice and now chest pain"], ["overdose", "chest-pain"]),
        (["took my tablet twice today and I am vomiting"], ["overdose", "vomiting"]),
        (["took my tablet twice and now chest pain", "chest pain"], ["overdose", "chest-pain"]),
        # ... or the symptom was joined to the overdose's words
        (["my toddler swallowed an arimidex and is vomiting"], ["overdose", "vomiting"]),
        (
            ["my husband took two of my tablets this morning and has a headache"],
            ["overdose", "headache"],
        ),
        # found in the second review: a negation before the overdose, words that are no
        # term around one, a term said with stop words, two overdose sentences
        (["I didn't realise I took two tablets and now chest pain"], ["overdose", "chest-pain"]),
        (["took two tablets by mistake and now being sick"], ["overdose", "vomiting"]),
        (["took two tablets and now no chest pain but headache"], ["overdose", "headache"]),
        (["took two tablets by mistake because I was tired of counting"], ["overdose"]),
        (
            ["took my tablet twice and I feel sick", "took two tablets by mistake and nauseous"],
            ["overdose", "nausea"],
        ),
        # found in the third review: "can't stop", a negation further back, a turn after it,
        # a word said twice, a topic named twice
        (["took two tablets by mistake and can't stop being sick"], ["overdose", "vomiting"]),
        (["took two tablets by mistake and I don't have any chest pain"], ["overdose"]),
        (
            ["took two tablets by mistake and not getting any chest pain just a headache"],
            ["overdose", "headache"],
        ),
        (["took two tablets by mistake and headache headache"], ["overdose", "headache"]),
        (
            ["took my pill twice", "missed dose", "forgot my tablet yesterday"],
            ["overdose", "missed-dose"],
        ),
        # nothing else named, a negated symptom, a scene or a meal: the overdose alone
        (["took my pill twice"], ["overdose"]),
        (["took my tablet twice this morning but no chest pain or headache"], ["overdose"]),
        (["took my tablet twice this morning with food"], ["overdose"]),
        # said twice: one overdose
        (["took my pill twice", "took two tablets", "hot flushes"], ["overdose", "hot-flashes"]),
    ],
)
def test_an_overdose_sentence_also_checks_the_symptoms_it_names(
    runner: CliRunner, typed: list[str], expected: list[str]
) -> None:
    """One quoted sentence read as an overdose hid the chest pain beside it, or the overdose
    itself when the sentence matched the symptom instead."""
    items = json.loads(run(runner, "check", *typed, "--json").stdout)
    assert sorted(i["id"] for i in items) == sorted(expected)
    assert items[0]["id"] in ("overdose", "chest-pain")  # both emergencies, most urgent first
    screen = run(runner, "check", *typed).stdout
    assert "If you have taken more than your dose" in screen


def test_an_overdose_sentence_among_the_most_symptoms_keeps_its_emergencies(
    runner: CliRunner,
) -> None:
    """Found in the second review: at the limit of symptoms, the chest pain an overdose
    sentence named was cut while routine symptoms stayed."""
    listed = json.loads(run(runner, "list", "--format", "json").stdout)
    routine = [e["name"] for e in listed if e["id"] not in ("chest-pain", "vomiting")]
    typed = [*routine[: MAX_SYMPTOMS - 1], "took two tablets by mistake and now chest pain"]
    items = json.loads(run(runner, "check", *typed, "--json").stdout)
    ids = [i["id"] for i in items]
    assert {"overdose", "chest-pain"} <= set(ids)
    assert ids.index("chest-pain") < len(ids) // 2  # emergencies first
    assert len(items) <= 2 * MAX_SYMPTOMS + 1


def test_side_effects_an_overdose_sentence_brings_in_never_cut_an_emergency(
    runner: CliRunner,
) -> None:
    """Found in the third review: the allowance for what overdose sentences name besides was
    used up in the order named, so a later sentence's chest pain was cut."""
    listed = json.loads(run(runner, "list", "--format", "json").stdout)
    routine = [e["id"].replace("-", " ") for e in listed if e["urgency"] != "emergency"]
    first = "took two tablets by mistake and " + " and ".join(routine[: MAX_SYMPTOMS + 2])
    second = "took my tablet twice this morning and now chest pain"
    items = json.loads(run(runner, "check", first, second, "--json").stdout)
    ids = [i["id"] for i in items]
    assert len(ids) > MAX_SYMPTOMS  # the first sentence used the allowance up
    assert {"overdose", "chest-pain"} <= set(ids)


def test_overdose_wording_of_no_meaningful_word_is_still_checked_as_one(
    runner: CliRunner,
) -> None:
    """ "too many tabs accidently" drops every word as a stop word or filler; its wording alone
    says too many tablets were taken, so check finds the overdose, not "not listed"."""
    items = json.loads(run(runner, "check", "too many tabs accidently", "--json").stdout)
    assert [(i["id"], i["urgency"]) for i in items] == [("overdose", "emergency")]
    items = json.loads(run(runner, "check", "took too many yesterday", "--json").stdout)
    assert [i["id"] for i in items] == ["overdose"]  # not the missed dose (found in review)
    items = json.loads(run(runner, "check", "too many", "--json").stdout)
    assert [i["id"] for i in items] == [None]  # no tablets said: not an overdose


def test_a_topic_action_of_an_unknown_tier_is_a_data_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    data = tmp_path / "topic.yaml"
    data.write_text(
        "topics:\n"
        "  - id: my-topic\n"
        "    title: Mine?\n"
        "    summary: Mine.\n"
        "    points: [{text: A point., source: nhs_anastrozole}]\n"
        "    actions: [{text: Do it., source: nhs_anastrozole, tier: soonish}]\n",
        encoding="utf-8",
    )
    result = run(runner, "validate", str(data))
    assert result.exit_code == status.NOT_FOUND
    assert "unknown tier 'soonish'" in result.stdout


def test_unquoted_words_are_limited_after_they_are_cut(runner: CliRunner) -> None:
    """22 symptoms typed unquoted are refused as 22 quoted ones are, never cut short; the
    limit counts symptoms, so a long unquoted description is not refused for its length."""
    many = "headache nausea tired dizzy constipation diarrhoea insomnia anxiety rash cough"
    many += " fractures osteoporosis stroke swelling vomiting hepatitis cataracts sinusitis"
    many += " anaemia infection bronchitis depression"
    for command in ("check", "report"):
        result = run(runner, command, *many.split())
        assert result.exit_code == status.USAGE
        assert "at most 20 symptoms at a time (22 given)" in result.stderr
    long = ("my knees and hips ache every morning " * 20).split()
    result = run(runner, "check", *long, "--json")
    assert result.exit_code == status.OK, result.stderr
    assert json.loads(result.stdout)[0]["id"] == "arthralgia"


@pytest.mark.parametrize("arguments", [["?"], ["?", "!"], ["..."], ["--", "-"]])
def test_check_of_no_words_is_a_usage_error(runner: CliRunner, arguments: list[str]) -> None:
    result = run(runner, "check", *arguments)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "nothing to check in" in result.stderr
    assert result.stderr.count("\n") == 1


def test_unquoted_words_that_stay_one_long_symptom_are_refused(runner: CliRunner) -> None:
    """Long unquoted words beside a quoted symptom are cut like any unquoted text; what is
    left whole must still fit a symptom's length (found in review: 149,000 characters)."""
    long_words = [f"{'x' * 990}{i}" for i in range(150)]
    result = run(runner, "check", "hot flushes", *long_words)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "a symptom is too long" in result.stderr


@pytest.mark.parametrize("columns", ["60", "80"])
def test_check_cuts_nothing_inside_a_sentence(runner: CliRunner, columns: str) -> None:
    """Every line under a symptom wraps under its own start; the course is given in whole
    sentences, and when more follow, check says where they are (it once cut the line at the
    screen's edge: "Course: Joint pain usually starts in the first few months; a review
    describ...")."""
    out = run(runner, "check", "stiff joints", "zorblax", env={"COLUMNS": columns}).stdout
    assert "..." not in out
    lines = out.split("\n")
    assert all(line.startswith("  ") for line in lines[1 : lines.index("zorblax")])
    said = " ".join(out.split())
    assert "peaking at around half a year, though it can begin later. (more: anastro show" in said
