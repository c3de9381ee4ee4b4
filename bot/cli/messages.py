"""What the `gapbot` command line says, in English and Korean.

The chat replies live in bot/present/i18n.py; these are the terminal's lines: failures that
end a command (one line each, on stderr), the first-start notes of the console and the
lines of import and refresh. Both languages carry the same keys; a test holds them to
that. Korean templates name their particles (`{path:이}`): `cli_t` formats through
`bot.present.korean.particle_formatter`, which appends the form that fits the value.
"""

from __future__ import annotations

from bot.present.korean import particle_formatter

CLI_MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        "no_token": (
            "No TELEGRAM_BOT_TOKEN is set. Create a bot with @BotFather in Telegram "
            "(https://t.me/BotFather), put its token in .env as TELEGRAM_BOT_TOKEN=..., "
            "or try the bot right here with `gapbot chat`."
        ),
        "settings": "gapbot: {detail}",
        "db_unusable": (
            "gapbot: the database {path} cannot be used ({detail}). Move it away to start "
            "afresh, or restore a backup."
        ),
        "db_busy": (
            "gapbot: the database {path} is locked by another process (another gapbot "
            "importing or running?). Try again when it has finished."
        ),
        "db_read_only": (
            "gapbot: the database {path} is read-only ({detail}). Make the file and its "
            "folder writable, or point GAPBOT_DB at another file."
        ),
        "interrupted": "gapbot: interrupted",
        "import_interrupted": "import interrupted: nothing imported",
        "import_refused": "import refused: {detail}",
        "imported_as_symbol": "  {name} is filed as {ticker}, its Yahoo symbol (--ticker to choose another)",
        "not_a_ticker": "import refused: not a ticker symbol: {value}",
        "imported": "{ticker}: {rows} trading days {first} → {last} from {name} ({basis})",
        "valuation_imported": "{ticker}: {rows} trailing P/Es {first} → {last} from {name}",
        "valuation_unpublished": "  {months} months without published earnings left out (Shiller's 0.0 means not published, not zero)",
        "valuation_needs_ticker": "import refused: {name} does not say whose P/E it is: add --ticker, e.g. --ticker IWM",
        "holdings_imported": "{ticker}: {holdings} holdings and {sectors} sector weights as of {as_of} from {name}",
        "holdings_usage": "import refused: --holdings takes one file and the fund it is of, e.g. gapbot import --holdings IWM_holdings.csv --ticker IWM",
        "bad_as_of": "import refused: --as-of takes a date written 2025-11-28, not {value}",
        "basis_raw": "raw closes",
        "basis_adjusted": "adjusted closes",
        "basis_both": "raw and adjusted closes",
        "import_skipped_not_csv": (
            "skipped {name}: not a .csv file (gapbot import reads CSV files of daily bars; "
            "if it holds bars, rename it to .csv)"
        ),
        "import_skipped_folder": "skipped {name}: a folder, not a file (name its files, e.g. {name}/*.csv)",
        "import_no_csv": "import refused: none of the files named is a .csv file of daily bars",
        "import_checking": "Checking {name}",
        "import_writing": "Writing {files} files in one transaction",
        "unexpected": "gapbot: unexpected error: {detail}",
        "no_answer": "no answer: {text} is not a command gapbot knows (try /help)",
        "chart_folder_missing": (
            "no chart written: the folder {folder} does not exist (create it, or give "
            "--chart a path in an existing folder)"
        ),
        "chart_is_folder": "no chart written: {path} is a folder (give a file name, e.g. {path}/chart.png)",
        "chart_not_written": "no chart written to {path}: {reason}",
        "no_chart": "no chart written to {path}: the answer to {text} has none",
        "refresh_offline": "refresh refused: GAPBOT_OFFLINE=1 forbids calling Yahoo",
        "refresh_rows": "{ticker}: {rows} new trading days",
        "refresh_failed": "{ticker}: failed ({reason})",
        "refresh_rate_limited": (
            "refresh skipped: Yahoo Finance asked us to slow down (rate limit). Try again "
            "in a while."
        ),
        "refresh_backoff": (
            "refresh skipped: still waiting out Yahoo Finance's rate limit. Try again later."
        ),
        "refresh_unreachable": (
            "Yahoo Finance could not be reached: nothing refreshed. Check the network, or "
            "work offline from CSV files of daily bars: {example}"
        ),
        "refresh_current": "cache already holds the latest close",
        "chat_fetching": "Cache is empty: fetching from Yahoo Finance…",
        "yahoo_unreachable": (
            "Yahoo Finance could not be reached, so the cache is still empty. To work "
            "offline, import CSV files of daily bars (a date and a close column): {example}, "
            "or your own files; GAPBOT_OFFLINE=1 stops the bot trying Yahoo."
        ),
        "cache_empty_offline": (
            "The cache is empty and GAPBOT_OFFLINE=1 keeps Yahoo Finance out: import CSV "
            "files of daily bars first: {example}, or your own files."
        ),
        "chat_banner": (
            "gapbot console: type a command such as /gap 1y or a question, /help for more, "
            "/quit or Ctrl-D to leave. A question follows up on the last answer "
            "(\"IWM?\", \"what about 5 years?\"); a number picks one of the choices "
            "printed under it."
        ),
        "choices_hint": "Type a number to choose.",
        "proposal_type": "Type {number} to create this alert.",
        "proposal_run": "Nothing is created yet. To create this alert, run: {command}",
        "setting_type": "Type {number} to apply this setting.",
        "setting_run": "Nothing is changed yet. To apply it, run: {command}",
        "no_choices": (
            "The last answer has no choices to pick from: type a command or a question."
        ),
        "no_such_choice": "There is no choice {number}: pick 1 to {count}.",
    },
    "ko": {
        "no_token": (
            "TELEGRAM_BOT_TOKEN이 없습니다. 텔레그램 @BotFather(https://t.me/BotFather)에서 "
            "봇을 만든 뒤 .env 파일에 TELEGRAM_BOT_TOKEN=... 형식으로 토큰을 적거나, "
            "`gapbot chat`으로 이 터미널에서 바로 써 보세요."
        ),
        "settings": "gapbot: 설정 오류: {detail}",
        "db_unusable": (
            "gapbot: 데이터베이스 {path:을} 사용할 수 없습니다({detail}). 파일을 다른 곳으로 "
            "옮겨 새로 시작하거나 백업을 복원하세요."
        ),
        "db_busy": (
            "gapbot: 데이터베이스 {path:이} 다른 프로세스에 잠겨 있습니다(다른 gapbot이 "
            "가져오기 중이거나 봇을 실행 중인가요?). 끝난 뒤 다시 시도하세요."
        ),
        "db_read_only": (
            "gapbot: 데이터베이스 {path:이} 읽기 전용입니다({detail}). 파일과 폴더에 쓰기 "
            "권한을 주거나 GAPBOT_DB로 다른 파일을 지정하세요."
        ),
        "interrupted": "gapbot: 중단했습니다",
        "import_interrupted": "CSV 가져오기를 중단했습니다: 아무것도 저장하지 않았습니다",
        "import_refused": "CSV 가져오기 거부: {detail}",
        "imported_as_symbol": "  {name:은} Yahoo 심볼 {ticker:으로} 저장했습니다(--ticker로 다른 이름을 줄 수 있습니다)",
        "not_a_ticker": "CSV 가져오기 거부: 티커로 쓸 수 없는 이름입니다: {value}",
        "imported": "{ticker}: {name}에서 {rows}거래일 가져옴({first} → {last}, {basis})",
        "valuation_imported": "{ticker}: {name}에서 후행 P/E {rows}개 가져옴({first} → {last})",
        "valuation_unpublished": "  이익이 발표되지 않은 {months}개월은 뺐습니다(Shiller 자료의 0.0은 0이 아니라 미발표라는 뜻입니다)",
        "valuation_needs_ticker": "가져오기 거부: {name}에는 어느 종목의 P/E인지 적혀 있지 않습니다. --ticker를 붙이세요(예: --ticker IWM)",
        "holdings_imported": "{ticker}: {name}에서 보유 종목 {holdings}개와 섹터 비중 {sectors}개 가져옴({as_of} 기준)",
        "holdings_usage": "가져오기 거부: --holdings에는 파일 하나와 그 펀드의 티커를 주세요. 예: gapbot import --holdings IWM_holdings.csv --ticker IWM",
        "bad_as_of": "가져오기 거부: --as-of에는 2025-11-28 형식의 날짜를 주세요({value}는 쓸 수 없습니다)",
        "basis_raw": "수정 전 종가",
        "basis_adjusted": "수정 종가",
        "basis_both": "수정 전 종가와 수정 종가",
        "import_skipped_not_csv": (
            "{name} 건너뜀: .csv 파일이 아닙니다(gapbot import는 일별 시세 CSV 파일만 "
            "읽습니다. 시세가 든 파일이면 이름을 .csv로 바꾸세요)"
        ),
        "import_skipped_folder": "{name} 건너뜀: 파일이 아니라 폴더입니다(안의 파일을 지정하세요. 예: {name}/*.csv)",
        "import_no_csv": "CSV 가져오기 거부: 지정한 파일 가운데 일별 시세 .csv 파일이 없습니다",
        "import_checking": "{name} 확인 중",
        "import_writing": "파일 {files}개를 한 번에 저장하는 중",
        "unexpected": "gapbot: 예기치 않은 오류: {detail}",
        "no_answer": "답할 수 없습니다: {text:은} gapbot이 모르는 명령어입니다(/help에서 명령어를 보세요)",
        "chart_folder_missing": (
            "차트를 저장하지 않았습니다: {folder} 폴더가 없습니다(폴더를 먼저 만들거나 "
            "--chart에 있는 폴더의 경로를 주세요)"
        ),
        "chart_is_folder": "차트를 저장하지 않았습니다: {path:은} 폴더입니다(파일 이름을 주세요. 예: {path}/chart.png)",
        "chart_not_written": "차트를 {path}에 저장하지 못했습니다: {reason}",
        "no_chart": "차트를 저장하지 않았습니다: {text}의 답에는 차트가 없어 {path}에 아무것도 쓰지 않았습니다",
        "refresh_offline": "갱신하지 않았습니다: GAPBOT_OFFLINE=1이면 Yahoo Finance에 접속하지 않습니다",
        "refresh_rows": "{ticker}: {rows}거래일 새로 저장",
        "refresh_failed": "{ticker}: 가져오지 못했습니다({reason})",
        "refresh_rate_limited": (
            "갱신하지 않았습니다: Yahoo Finance가 요청을 줄여 달라고 했습니다(요청 한도). "
            "잠시 뒤 다시 시도하세요."
        ),
        "refresh_backoff": (
            "갱신하지 않았습니다: Yahoo Finance 요청 한도가 풀리기를 기다리는 중입니다. "
            "나중에 다시 시도하세요."
        ),
        "refresh_unreachable": (
            "Yahoo Finance에 접속하지 못해 아무것도 갱신하지 않았습니다. 네트워크를 "
            "확인하거나, 일별 시세 CSV 파일을 가져와 오프라인으로 쓰세요: {example}"
        ),
        "refresh_current": "캐시에 이미 최신 종가가 있습니다",
        "chat_fetching": "캐시가 비어 있어 Yahoo Finance에서 시세를 받아 오는 중입니다…",
        "yahoo_unreachable": (
            "Yahoo Finance에 접속하지 못해 캐시가 아직 비어 있습니다. 오프라인으로 쓰려면 "
            "날짜와 종가 열이 있는 일별 시세 CSV 파일을 가져오세요: {example} (직접 만든 "
            "파일도 됩니다). GAPBOT_OFFLINE=1로 두면 Yahoo에 접속하지 않습니다."
        ),
        "cache_empty_offline": (
            "캐시가 비어 있고 GAPBOT_OFFLINE=1이라 Yahoo Finance에 접속하지 않습니다. 먼저 "
            "일별 시세 CSV 파일을 가져오세요: {example} (직접 만든 파일도 됩니다)."
        ),
        "chat_banner": (
            "gapbot 콘솔입니다. /gap 1y 같은 명령어나 질문을 입력하세요. 도움말은 /help, "
            "끝내려면 /quit 또는 Ctrl-D. 질문은 바로 앞의 답에 이어서 받습니다"
            "(\"IWM은?\", \"5년이면?\"). 답 아래 선택지는 번호만 입력하면 됩니다."
        ),
        "choices_hint": "번호를 입력해 선택하세요.",
        "proposal_type": "이 알림을 만들려면 {number}번을 입력하세요.",
        "proposal_run": "아직 알림을 만들지 않았습니다. 만들려면 다음 명령을 실행하세요: {command}",
        "setting_type": "이 설정을 적용하려면 {number}번을 입력하세요.",
        "setting_run": "아직 바뀐 것은 없습니다. 적용하려면 다음 명령을 실행하세요: {command}",
        "no_choices": "바로 앞의 답에는 고를 선택지가 없습니다. 명령어나 질문을 입력하세요.",
        "no_such_choice": "{number}번 선택지는 없습니다. 1번부터 {count}번 중에서 고르세요.",
    },
}


def cli_t(lang: str, key: str, **values: object) -> str:
    """The line `key` in `lang` (English when the language is unknown), filled in."""
    table = CLI_MESSAGES.get(lang, CLI_MESSAGES["en"])
    return particle_formatter.format(table[key], **values)
