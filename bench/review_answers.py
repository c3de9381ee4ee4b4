"""Every command's answer in English and Korean, on the reference data, into one file to
read as a user would (and to hand to a Korean reader as a whole).

    .venv/bin/python bench/review_answers.py [OUT.md]   (default /tmp/gapbot-answers.md)

Imports ../shared/market-data into a temporary database, then runs `gapbot ask` for each
question below in both languages, offline. Nothing is asserted: this is for reading.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKET_DATA = ROOT.parent / "shared" / "market-data"
GAPBOT = Path(sys.executable).with_name("gapbot")

QUESTIONS = [
    "/gap 1y", "/gap 10y", "/gap ytd", "/gap ytd IWM SPY", "/gap max IWM SPY",
    "/gap 3y IWM SPY", "/gap 2025-01-01 2025-12-31", "/gap 2022-01-01 2022-12-31 IWM SPY",
    "/gap 5y ^RUT ^GSPC", "/gap 1y XLK SPY", "/gap 2y", "/gap 2w IWM SPY",
    "/valuation", "/valuation IWM SPY", "/sectors", "/top", "/status",
    "/rates", "/rates 1m", "/rates 3y IWM SPY", "/drawdown", "/drawdown max IWM SPY",
    "/event", "/event liberation-day", "/event 2025-04-05", "/event covid",
    "/event lehman IWM SPY", "/odds", "/odds 5y IWM SPY", "/mix", "/mix 20 1m",
    "/mix 30 max IWM SPY", "/alert test gap 1y < -10", "/alert test small_dd < -20",
    "/alert gap 10y < -30", "/alert", "/help", "/gap 2Q", "/gap 1y VTWO VTWO",
    "how did small caps do this year?", "러셀 올해 S&P보다 얼마나 뒤졌어?",
]


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/gapbot-answers.md")
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "GAPBOT_DB": str(Path(folder) / "review.sqlite3"),
               "GAPBOT_OFFLINE": "1"}
        csvs = sorted(str(p) for p in MARKET_DATA.glob("*.csv"))
        subprocess.run([str(GAPBOT), "import", *csvs], env=env, check=True,
                       capture_output=True)
        parts = []
        for question in QUESTIONS:
            for lang in ("en", "ko"):
                done = subprocess.run([str(GAPBOT), "ask", question, "--lang", lang], env=env,
                                      capture_output=True, text=True)
                parts.append(f"## {question} ({lang}, exit {done.returncode})\n\n```\n"
                             f"{done.stdout.strip() or done.stderr.strip()}\n```\n")
                print(f"{lang} {question}", file=sys.stderr)
    out.write_text("\n".join(parts), encoding="utf-8")
    print(out)


if __name__ == "__main__":
    main()
