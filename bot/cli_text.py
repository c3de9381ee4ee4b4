"""What the `gapbot` command line says, in English and Korean.

The chat replies live in bot/i18n.py; these are the terminal's lines: failures that
end a command (one line each, on stderr) and the few progress lines of import and
refresh. Both languages carry the same keys; a test holds them to that.
"""

from __future__ import annotations

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
        "imported": "{ticker}: {rows} days {first} → {last} from {path}",
        "unexpected": "gapbot: unexpected error: {detail}",
        "no_answer": "no answer: {text} is not a command gapbot knows (try /help)",
        "refresh_offline": "refresh refused: GAPBOT_OFFLINE=1 forbids calling Yahoo",
        "refresh_rows": "{ticker}: {rows} new rows",
        "refresh_failed": "{ticker}: failed ({reason})",
        "refresh_skipped": "refresh skipped: {reason}",
        "refresh_current": "cache already holds the latest close",
        "chat_fetching": "Cache is empty: fetching from Yahoo Finance…",
        "chat_banner": (
            "gapbot console: type a command such as /gap 1y, /help for more, /quit to leave."
        ),
    },
    "ko": {
        "no_token": (
            "TELEGRAM_BOT_TOKEN이 설정되지 않았습니다. 텔레그램의 @BotFather"
            "(https://t.me/BotFather)에서 봇을 만들고 토큰을 .env 파일에 "
            "TELEGRAM_BOT_TOKEN=... 으로 넣거나, `gapbot chat`으로 여기서 바로 써 보세요."
        ),
        "settings": "gapbot: 설정 오류: {detail}",
        "db_unusable": (
            "gapbot: 데이터베이스 {path}을(를) 쓸 수 없습니다({detail}). 파일을 옮겨 새로 "
            "시작하거나 백업을 복원하세요."
        ),
        "db_busy": (
            "gapbot: 다른 프로세스가 데이터베이스 {path}을(를) 잠그고 있습니다(다른 gapbot이 "
            "가져오기나 실행 중인가요?). 끝난 뒤 다시 시도하세요."
        ),
        "db_read_only": (
            "gapbot: 데이터베이스 {path}이(가) 읽기 전용입니다({detail}). 파일과 폴더에 쓰기 "
            "권한을 주거나 GAPBOT_DB로 다른 파일을 지정하세요."
        ),
        "interrupted": "gapbot: 중단되었습니다",
        "import_interrupted": "가져오기 중단: 아무것도 가져오지 않았습니다",
        "import_refused": "가져오기 거부: {detail}",
        "imported_as_symbol": "  {name}은(는) Yahoo 기호 {ticker}(으)로 저장했습니다 (--ticker로 바꿀 수 있음)",
        "not_a_ticker": "가져오기 거부: 티커 기호가 아닙니다: {value}",
        "imported": "{ticker}: {rows}일 {first} → {last}, 파일 {path}",
        "unexpected": "gapbot: 예기치 않은 오류: {detail}",
        "no_answer": "답 없음: {text}은(는) gapbot이 아는 명령이 아닙니다(/help 참고)",
        "refresh_offline": "새로 고침 거부: GAPBOT_OFFLINE=1이면 야후를 호출하지 않습니다",
        "refresh_rows": "{ticker}: 새 행 {rows}개",
        "refresh_failed": "{ticker}: 실패({reason})",
        "refresh_skipped": "새로 고침 건너뜀: {reason}",
        "refresh_current": "캐시에 이미 최신 종가가 있습니다",
        "chat_fetching": "캐시가 비어 있습니다: 야후 파이낸스에서 가져오는 중…",
        "chat_banner": (
            "gapbot 콘솔: /gap 1y 같은 명령을 입력하세요. 도움말은 /help, 끝내려면 /quit."
        ),
    },
}


def cli_t(lang: str, key: str, **values: object) -> str:
    """The line `key` in `lang` (English when the language is unknown), filled in."""
    table = CLI_MESSAGES.get(lang, CLI_MESSAGES["en"])
    return table[key].format(**values)
