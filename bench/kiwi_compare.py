"""Would Korean morphology (kiwipiepy) help the question reader? Each Korean question of the
held-out sets is scored as typed, with its spacing removed (the spacing variant people
type: 러셀3년수익률), and each of those re-spaced by `Kiwi.space()`; with Kiwi's load time.

    pip install kiwipiepy   (not a dependency of gapbot: this script measures whether it should be)
    .venv/bin/python bench/kiwi_compare.py [SET.jsonl ...]   (default tests/questions/heldout/*)
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.support.reader_score import load, score_one  # noqa: E402

_SPACE_BETWEEN_HANGUL = re.compile(r"(?<=[가-힣])\s+(?=[가-힣])")


def unspaced(text: str) -> str:
    return _SPACE_BETWEEN_HANGUL.sub("", text)


def main(paths: list[Path]) -> None:
    started = time.perf_counter()
    try:
        from kiwipiepy import Kiwi
    except ImportError:
        sys.exit("kiwipiepy is not installed: pip install kiwipiepy")
    imported = time.perf_counter()
    kiwi = Kiwi()
    kiwi.space("러셀 3년 수익률")
    loaded = time.perf_counter()
    print(f"import kiwipiepy {imported - started:.2f} s; Kiwi() and a first call "
          f"{loaded - imported:.2f} s")
    variants = {
        "typed": lambda text: text,
        "Kiwi.space(typed)": kiwi.space,
        "no spaces": unspaced,
        "Kiwi.space(no spaces)": lambda text: kiwi.space(unspaced(text)),
    }
    spaced = 0
    spacing_time = 0.0
    for path in paths:
        cases = [case for case in load(path) if case["lang"] == "ko"]
        figures = []
        for name, variant in variants.items():
            passed = sum(score_one({**case, "text": variant(case["text"])}).passed
                         for case in cases)
            figures.append(f"{name} {passed}/{len(cases)}")
        for case in cases:
            start = time.perf_counter()
            kiwi.space(case["text"])
            spacing_time += time.perf_counter() - start
            spaced += 1
        print(f"{path.name}: " + " | ".join(figures))
    print(f"Kiwi.space per question {spacing_time / max(spaced, 1) * 1000:.2f} ms")


if __name__ == "__main__":
    given = [Path(arg) for arg in sys.argv[1:]]
    main(given or sorted((ROOT / "tests" / "questions" / "heldout").glob("*.jsonl")))
