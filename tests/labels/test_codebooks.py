"""Codebooks: bundled ones validate, a reviewer's YAML loads, malformed ones name file, field and problem."""
from __future__ import annotations

from pathlib import Path

import pytest

from annotate.labels.codebooks import (
    Codebook,
    CodebookError,
    bundled_codebooks,
    load_codebook,
)

POLICY_FRAMES = (
    "Economic", "Capacity and resources", "Morality", "Fairness and equality",
    "Legality, constitutionality and jurisprudence", "Policy prescription and evaluation",
    "Crime and punishment", "Security and defense", "Health and safety", "Quality of life",
    "Cultural identity", "Public opinion", "Political", "External regulation and reputation", "Other",
)

GOOD = """\
id: my-book
version: "2.1"
title: My book
fields:
  - name: frame
    type: single
    required: true
    options: [alpha, beta, gamma]
    hotkeys: [a, b]
  - name: tags
    type: multi
    options: [x, y, z]
  - name: score
    type: rating
    options: [1, 2, 3]
  - name: notes
    type: text
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "book.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_codebooks_load() -> None:
    assert bundled_codebooks() == ("generic-frames", "policy-frames")
    for name in bundled_codebooks():
        book = load_codebook(name)
        assert book.id == name and book.version == "1.0" and book.source == f"bundled:{name}"
        assert book.title and "20" in book.description  # cites the paper's year
        assert all(f.help for f in book.fields)
        assert load_codebook(name) is book  # cached


def test_policy_frames_fields() -> None:
    book = load_codebook("policy-frames")
    assert book.field_names == (
        "primary_frame", "secondary_frames", "tone", "source_quality", "confidence", "notes")
    primary = book.field("primary_frame")
    assert (primary.type, primary.required, primary.options) == ("single", True, POLICY_FRAMES)
    # Every frame has a key: the digits, then the keyboard's top row; Shift and the same key for secondary.
    assert primary.hotkeys == (*[str(i) for i in range(1, 10)], "0", "q", "w", "e", "r", "t")
    assert book.field("secondary_frames").hotkeys == tuple(f"Shift+{k}" for k in primary.hotkeys)
    for frame in POLICY_FRAMES:  # one definition line per frame in the help
        assert any(line.startswith(f"{frame}: ") for line in primary.help.splitlines()), frame
    assert book.field("secondary_frames").options == POLICY_FRAMES
    assert book.field("secondary_frames").type == "multi"
    assert book.field("tone").options == ("negative", "neutral", "positive")
    assert book.field("source_quality").options == ("1", "2", "3", "4", "5")
    assert book.field("confidence").options == ("1", "2", "3")
    for field, top in (("source_quality", 5), ("confidence", 3)):
        lines = book.field(field).help.splitlines()
        for anchor in range(1, top + 1):
            assert any(line.startswith(f"{anchor}: ") for line in lines), (field, anchor)
    assert book.field("notes").type == "text"
    assert book.missing_required({}) == ["primary_frame"]


def test_generic_frames_fields() -> None:
    book = load_codebook("generic-frames")
    dominant = book.field("dominant_frame")
    assert dominant.required and dominant.options == (
        "Responsibility", "Human interest", "Conflict", "Morality", "Economic consequences", "None")
    maxima = {"responsibility": 5, "human_interest": 4, "conflict": 4, "morality": 3,
              "economic_consequences": 3}
    for name, top in maxima.items():
        field = book.field(name)
        assert field.type == "rating" and field.options == tuple(str(i) for i in range(top + 1))
        assert field.help.count("\n- ") == top  # one listed question per point


def test_user_yaml_path(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    for given in (path, str(path)):
        book = load_codebook(given)
        assert (book.id, book.version, book.title, book.source) == ("my-book", "2.1", "My book", str(path))
        assert book.field("frame").hotkeys == ("a", "b", "")
        assert book.field("score").options == ("1", "2", "3")
        assert book.field("notes").label == "Notes"
        assert load_codebook(book) is book


def test_validate_normalises() -> None:
    book = load_codebook("policy-frames")
    values = {"primary_frame": "Political", "secondary_frames": ["Political", "Economic", "Political"],
              "source_quality": 4.0, "confidence": "2", "notes": "  first line\n\n  second  "}
    assert book.validate(values) == {
        "primary_frame": "Political", "secondary_frames": "Economic|Political", "tone": "",
        "source_quality": "4", "confidence": "2", "notes": "first line second"}
    joined = book.validate({"secondary_frames": "Political|Economic"})["secondary_frames"]
    assert joined == "Economic|Political"
    assert book.validate({"source_quality": 3})["source_quality"] == "3"
    assert book.missing_required({"primary_frame": "Other"}) == []


@pytest.mark.parametrize(("values", "message"), [
    ({"tone": "angry"}, "field 'tone': 'angry' is not one of negative, neutral, positive"),
    ({"source_quality": 6}, "field 'source_quality': 6 is not one of 1, 2, 3, 4, 5"),
    ({"source_quality": True}, "field 'source_quality': True is not one of"),
    ({"secondary_frames": ["Economic", "Sports"]}, "field 'secondary_frames': 'Sports' is not one of"),
    ({"mood": "x"}, "field 'mood': not in codebook policy-frames"),
    ({"notes": 3}, "field 'notes': expected text"),
])
def test_validate_refuses(values: dict[str, object], message: str) -> None:
    with pytest.raises(CodebookError) as info:
        load_codebook("policy-frames").validate(values)
    assert str(info.value).startswith(message)


MALFORMED = [
    # (replace this, with that, field named in the message or None, problem)
    ("id: my-book\n", "", None, "missing 'id'"),
    ('version: "2.1"\n', "", None, "missing 'version'"),
    ("id: my-book\n", "id: ../up\n", None, "id '../up' must be letters"),
    ('version: "2.1"', "version: 1.10", None, "version 1.1 must be quoted"),
    ("title: My book\n", "title: My book\ncolour: red\n", None, "unknown key 'colour'"),
    ("    type: single", "    type: dropdown", "frame", "unknown type 'dropdown'"),
    ("  - name: tags", "  - name: frame", "frame", "duplicate field name"),
    ("    options: [alpha, beta, gamma]\n", "", "frame", "needs a non-empty list of options"),
    ("    options: [x, y, z]", "    options: []", "tags", "needs a non-empty list of options"),
    ("    options: [1, 2, 3]", "    options: [1, two, 3]", "score", "rating option 'two' is not an integer"),
    ("    options: [1, 2, 3]", "    options: [1, 2.5]", "score", "rating option 2.5 is not an integer"),
    ("    hotkeys: [a, b]", "    hotkeys: [a, b, c, d]", "frame", "4 hotkeys for 3 options"),
    ("    hotkeys: [a, b]", "    hotkeys: [a, a]", "frame", "duplicate hotkey 'a'"),
    ("    required: true", "    required: maybe", "frame", "required must be true or false, got 'maybe'"),
    ("  - name: score", "  - name: action", "action", "name is reserved"),
    ("  - name: score", "  - name: seconds_on_article", "seconds_on_article", "name is reserved"),
    ("  - name: score", "  - name: Score", "Score", "name must match [a-z][a-z0-9_]*"),
    ("  - name: score", "  - name: 2nd", "2nd", "name must match"),
    ("    options: [x, y, z]", "    options: [x, 'y|z']", "tags", "option 'y|z' contains '|'"),
    ("    options: [x, y, z]", "    options: [x, yes]", "tags", "option True is not text (quote yes/no"),
    ("    options: [x, y, z]", "    options: [x, y, x]", "tags", "duplicate option 'x'"),
    ("    type: text", "    type: text\n    options: [a]", "notes", "a text field takes no options"),
    ("    type: text", "    type: text\n    requried: true", "notes", "unknown key 'requried'"),
    ("    hotkeys: [a, b]", "    hotkeys: [a, B]", "frame", "hotkey 'B' must be one lower-case letter"),
    ("    hotkeys: [a, b]", "    hotkeys: [a, Ctrl+b]", "frame", "hotkey 'Ctrl+b' must be one lower-case"),
    ("    hotkeys: [a, b]", "    hotkeys: [a, s]", "frame", "hotkey 's' is the panel's own key"),
    ("    hotkeys: [a, b]", "    hotkeys: [a, '?']", "frame", "hotkey '?' is the panel's own key"),
]


@pytest.mark.parametrize(("old", "new", "field", "problem"), MALFORMED)
def test_malformed_codebook_names_file_field_and_problem(
        tmp_path: Path, old: str, new: str, field: str | None, problem: str) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    message = str(info.value)
    where = f"{path}: field '{field}': " if field else f"{path}: "
    assert message.startswith(where), message
    assert problem in message, message


def test_field_without_name(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("  - name: tags\n", "  - label: Tags\n"))
    with pytest.raises(CodebookError, match=r"book\.yaml: field #2: missing 'name'"):
        load_codebook(path)


def test_yaml_syntax_error_reports_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    options: [x, y, z]", "    options: [x, y, z"))
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(info.value).startswith(f"{path}: line ") and "YAML syntax error" in str(info.value)
    path = write(tmp_path, "id: a\n  bad: indent\n")
    with pytest.raises(CodebookError, match=r"book\.yaml: line 2: YAML syntax error"):
        load_codebook(path)


@pytest.mark.parametrize("text", ["- just\n- a list\n", "just text\n", ""])
def test_top_level_must_be_a_mapping(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(CodebookError, match="top level must be a mapping"):
        load_codebook(path)


def test_missing_file_and_unknown_name(tmp_path: Path) -> None:
    with pytest.raises(CodebookError, match=r"no such codebook file \(bundled codebooks: generic-frames, "):
        load_codebook("policy-framez")
    with pytest.raises(CodebookError, match="no such codebook file"):
        load_codebook(tmp_path / "absent.yaml")


def test_codebook_is_frozen() -> None:
    book = load_codebook("policy-frames")
    assert isinstance(book, Codebook)
    with pytest.raises(AttributeError):
        book.id = "x"  # type: ignore[misc]


RULES = """\
rules:
  - distinct: [frame, tags]
  - require: notes
    when: {frame: gamma}
    message: Say why in the notes.
"""
SHARED = GOOD.replace("options: [x, y, z]", "options: [alpha, beta, x]")


def test_rules_are_data_and_checked(tmp_path: Path) -> None:
    book = load_codebook(write(tmp_path, SHARED + RULES))
    assert [r.kind for r in book.rules] == ["distinct", "require"]
    assert book.broken_rules({"frame": "alpha", "tags": ["beta", "x"]}) == []
    (overlap,) = book.broken_rules({"frame": "alpha", "tags": ["alpha"]})
    assert overlap.fields == ("frame", "tags") and "Frame is not also one of Tags" in overlap.message
    assert book.broken_rules({"frame": "beta", "tags": "x|beta"})[0] is overlap  # a label file's string form
    (why,) = book.broken_rules({"frame": "gamma", "notes": "  "})
    assert why.message == "Say why in the notes." and why.fields == ("frame", "notes")
    assert book.broken_rules({"frame": "gamma", "notes": "a reason"}) == []
    assert load_codebook("generic-frames").rules == ()


def test_policy_frames_rules() -> None:
    book = load_codebook("policy-frames")
    broken = book.broken_rules({"primary_frame": "Economic", "secondary_frames": ["Political", "Economic"]})
    assert [r.message for r in broken] == [
        "The primary frame is not also a secondary frame; untick it under Secondary frames."]
    assert book.broken_rules({"primary_frame": "Other"})[0].fields == ("primary_frame", "notes")
    assert book.broken_rules({"primary_frame": "Other", "notes": "Sports"}) == []


@pytest.mark.parametrize(("rules", "problem"), [
    ("rules: {a: b}\n", "'rules' must be a list of rules"),
    ("rules:\n  - frame\n", "rule #1: must be a mapping"),
    ("rules:\n  - distinct: [frame, tags]\n    colour: red\n", "rule #1: unknown key 'colour'"),
    ("rules:\n  - distinct: [frame, tags]\n    require: notes\n", "exactly one of 'distinct' or 'require'"),
    ("rules:\n  - distinct: [frame]\n", "'distinct' takes a list of two fields"),
    ("rules:\n  - distinct: [frame, nope]\n", "'nope' is not a field of this codebook"),
    ("rules:\n  - distinct: [frame, score]\n", "'distinct' needs two choice fields that share options"),
    ("rules:\n  - require: notes\n", "'require' needs 'when: {field: option}'"),
    ("rules:\n  - require: notes\n    when: {frame: delta}\n", "'when' option 'delta' is not one of frame's"),
    ("rules:\n  - distinct: [frame, tags]\n    message: [1]\n", "rule #1: message must be text"),
])
def test_malformed_rules_name_the_rule(tmp_path: Path, rules: str, problem: str) -> None:
    path = write(tmp_path, SHARED + rules)
    with pytest.raises(CodebookError) as info:
        load_codebook(path)
    assert str(info.value).startswith(f"{path}: "), info.value
    assert problem in str(info.value), info.value


def test_rule_messages_name_nested_values_by_type_only(tmp_path: Path) -> None:
    # Formatting a nested value (perhaps built from YAML aliases) with repr could be huge: name its type.
    path = write(tmp_path, SHARED + "rules:\n  - distinct: [frame, &n [[1, 2], [3, 4]]]\n")
    with pytest.raises(CodebookError, match=r"rule #1: a list is not a field of this codebook"):
        load_codebook(path)
