"""The README's Python sample runs and prints the numbers its comments state.

The sample is the first ```python block under "## From Python" in the
repository's README.md; every `print(...)  # <number>...` line in it must
print that number (to the digits the comment gives).
"""

import contextlib
import io
import re

import pytest

COMMENTED_PRINT = re.compile(r"^print\(.*\)\s*#\s*(-?\d+\.\d+)")


def readme_python_sample(readme_text):
    section = readme_text.split("\n## From Python", 1)[1]
    body = section.split("```python\n", 1)[1]
    return body.split("\n```", 1)[0]


def test_readme_python_sample_prints_what_its_comments_say(repo):
    sample = readme_python_sample((repo / "README.md").read_text(encoding="utf-8"))
    stated = [COMMENTED_PRINT.match(line) for line in sample.splitlines()]
    stated = [m.group(1) for m in stated if m]
    assert stated, "the README's Python sample states no printed number"

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(sample, "README.md (From Python)", "exec"), {})
    printed = out.getvalue().split()
    assert len(printed) == len(stated)
    for text, number in zip(printed, stated):
        digits = len(number.split(".")[1])
        assert float(text) == pytest.approx(float(number), abs=0.5 * 10**-digits), (
            f"README says {number}, the sample prints {text}"
        )
