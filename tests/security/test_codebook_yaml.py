"""Hostile codebook YAML: alias bombs, oversized or deeply nested files and Python tags are refused, cheaply."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from annotate.labels import bounded_yaml
from annotate.labels.codebooks import CodebookError, bundled_codebooks, load_codebook, parse_codebook
from tests.conftest import ROOT

BUNDLED = ROOT / "annotate" / "codebooks"
# A "billion laughs": nine levels of nine aliases, 9**9 (387 million) copies of "lol" once expanded. Each
# variant puts the bomb where an error message used to format the value with repr.
LEVELS = "".join(f"  &{n} [{', '.join([f'*{p}'] * 9)}],\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
NEST = "[&a [lol,lol,lol,lol,lol,lol,lol,lol,lol],\n" + LEVELS + "]"
BOMBS = {
    "version": f"id: bomb\nfields: [x]\nversion: {NEST}\n",
    "field": f"id: bomb\nversion: '1'\nfields: [{NEST}]\n",
    "option": f"id: bomb\nversion: '1'\nfields:\n  - name: f\n    type: single\n    options: [{NEST}]\n",
}
# Growth of the child's peak memory allowed while refusing a bomb: the bound (100 MB); refusing
# takes well under 1 MB, and the old code grew by gigabytes.
MAX_GROWTH_KB = 100 * 1024
# The child's address space above what it holds after importing: enough for any sane refusal, small
# enough that the old code fails at once with MemoryError instead of taking the machine's memory.
HEADROOM_BYTES = 400 * 1024 * 1024
# Refusing a 400-byte bomb against loading the 6 KB bundled codebook from its file, in the same process:
# it measures about 0.1x; the old code took seconds before its MemoryError (over 1,000x).
MAX_TIME_RATIO = 3.0
# The longest message allowed: a file name and a sentence, with a shortened value.
MAX_MESSAGE_CHARS = 600

CHILD = r"""
import json, resource, sys, time
from annotate.labels.codebooks import CodebookError, load_codebook

def timed(path):
    start = time.perf_counter()
    try:
        load_codebook(path)
        outcome, message = "loaded", ""
    except CodebookError as exc:
        outcome, message = "refused", str(exc)
    except (MemoryError, RecursionError) as exc:
        outcome, message = type(exc).__name__, ""
    return time.perf_counter() - start, outcome, message

normal = min(timed(sys.argv[2])[0] for _ in range(5))
size = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmSize")) * 1024
limit = size + int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
runs = [timed(sys.argv[1]) for _ in range(3)]
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"normal": normal, "bomb": min(r[0] for r in runs), "outcome": runs[0][1],
                  "message": runs[0][2][:5000], "message_chars": len(runs[0][2]), "growth_kb": after - before}))
"""


def _refuse_in_child(path: Path) -> dict[str, object]:
    """Load ``path`` in a fresh interpreter (a forked child's ru_maxrss would include this process's)."""
    done = subprocess.run([sys.executable, "-c", CHILD, str(path), str(BUNDLED / "policy-frames.yaml"),
                           str(HEADROOM_BYTES)], capture_output=True, text=True, timeout=300, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, object] = json.loads(done.stdout)
    return result


@pytest.mark.parametrize("where", sorted(BOMBS))
def test_an_alias_bomb_is_refused_quickly_in_bounded_memory(tmp_path: Path, where: str) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(BOMBS[where], encoding="utf-8")
    assert len(BOMBS[where].encode()) < 500
    got = _refuse_in_child(path)
    assert got["outcome"] == "refused", got
    message = str(got["message"])
    assert message.startswith(f"{path}: ") and "alias" in message, message
    assert isinstance(got["message_chars"], int) and got["message_chars"] <= MAX_MESSAGE_CHARS, got
    assert isinstance(got["growth_kb"], int) and got["growth_kb"] < MAX_GROWTH_KB, got
    assert isinstance(got["bomb"], float) and isinstance(got["normal"], float)
    assert got["bomb"] < MAX_TIME_RATIO * got["normal"], got


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("id: big\nversion: '1'\ndescription: " + "x" * bounded_yaml.MAX_YAML_BYTES + "\n",
                    encoding="utf-8")
    with pytest.raises(CodebookError, match=r"big\.yaml: .*bytes.*larger than the .*limit"):
        load_codebook(path)
    with pytest.raises(CodebookError, match=r"^text: .*larger than the .*limit"):
        parse_codebook(path.read_text(encoding="utf-8"), "text")


def test_deep_nesting_is_refused_not_a_recursion_error() -> None:
    deep = "id: x\nversion: " + "[" * 3000 + "]" * 3000 + "\n"
    with pytest.raises(CodebookError, match=r"^deep\.yaml: line 2: .*nested deeper than"):
        parse_codebook(deep, "deep.yaml")


def test_many_aliases_within_the_bound_still_load() -> None:
    # Sharing one option list between fields is what aliases are for: it stays allowed.
    text = ("id: shared\nversion: '1'\nfields:\n  - {name: a, type: single, options: &o [x, y, z]}\n"
            "  - {name: b, type: single, options: *o}\n  - {name: c, type: multi, options: *o}\n")
    book = parse_codebook(text, "shared.yaml")
    assert [f.options for f in book.fields] == [("x", "y", "z")] * 3


def test_python_tags_are_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = (f"id: x\nversion: !!python/object/apply:os.system ['touch {marker}']\n"
            "fields: [{name: a, type: text}]\n")
    with pytest.raises(CodebookError, match=r"tag\.yaml: line 2: YAML syntax error: .*python/object/apply"):
        parse_codebook(text, "tag.yaml")
    assert not marker.exists()


@pytest.mark.parametrize("codebook_id", bundled_codebooks())
def test_bundled_codebooks_read_as_plain_safe_load_reads_them(codebook_id: str) -> None:
    text = (BUNDLED / f"{codebook_id}.yaml").read_text(encoding="utf-8")
    assert bounded_yaml.read_yaml(text) == yaml.safe_load(text)
    assert load_codebook(BUNDLED / f"{codebook_id}.yaml").fields == load_codebook(codebook_id).fields


def test_messages_show_a_shortened_value(tmp_path: Path) -> None:
    long = "v" * 5000
    with pytest.raises(CodebookError) as info:
        parse_codebook(f"id: x\nversion: [{long}]\nfields: [a]\n", "long.yaml")
    assert len(str(info.value)) < MAX_MESSAGE_CHARS and "vvvv" in str(info.value)
    with pytest.raises(CodebookError) as info:  # a reviewer's value is shown shortened too
        load_codebook("policy-frames").field("tone").normalise([["x" * 5000] * 100] * 100)
    assert len(str(info.value)) < MAX_MESSAGE_CHARS and "xxxx" in str(info.value)
