"""What alerts say, in English and Korean: the usage, rules as sentences, backtests with
their provenance and band, values that are missing and why, and the pushed alert."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from analytics.alerts import METRICS, RuleSpec, backtest, metric_series
from bot.answers.alerting import evaluate, metric_inputs
from bot.present.alerts import render_alert_fired
from bot.present.korean import BOTH_WAYS
from tests.support.alerts import PRIVATE, deliver, inputs_until, start_alert_bot
from tests.support.bots import OTHER_USER, USER, bot_env
from tests.support.clock import EVENING
from tests.support.expected import csv_column, last_on_or_before

FRESH = datetime(2025, 11, 1, 14, tzinfo=UTC)  # the day after VTWO.csv's last close
LATER = datetime(2026, 11, 25, 22, tzinfo=UTC)
CHATS = {"en": USER, "ko": OTHER_USER}


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        running.services.market.clock = lambda: FRESH
        yield running


async def say(env, lang: str, text: str) -> str:
    (reply,) = await env.say(CHATS[lang], text)
    assert not BOTH_WAYS.search(reply), reply  # never 이(가), 을(를) ...
    return reply


def firings(env, metric: str, window: str | None, op: str, threshold: float) -> int:
    inputs = metric_inputs(env.services.market, "VTWO", "SPY")
    spec = RuleSpec(metric, window, op, threshold, METRICS[metric].hysteresis)
    return len(backtest(spec, metric_series(inputs, metric, window).dropna()))


# -- usage -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_alert_usage_lists_every_metric_with_its_unit_and_default_window(env, lang):
    text = await say(env, lang, "/alert")
    lines = text.splitlines()
    assert all(len(line) <= 100 for line in lines), "short lines, not one 400-character line"
    for name, spec in METRICS.items():
        (line,) = [line for line in lines if re.match(rf"{name} ?\(", line)]
        if spec.default_window:
            assert spec.default_window in line
    assert "/alert test" in text and "/alerts" in text


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_malformed_rule_gets_a_short_refusal_not_the_whole_usage(env, lang):
    text = await say(env, lang, "/alert gap 1y > nan")
    assert "nan" in text and len(text.splitlines()) == 2
    assert "small_dd" not in text


# -- rules in words ------------------------------------------------------------------------------


async def test_english_rules_name_their_window_in_words():
    from bot.present.alerts import rule_text

    spec = RuleSpec("gap", "7y", "<", -10.0, 1.0)
    assert rule_text("en", spec, "IWM", "SPY") == "IWM−SPY gap over 7 years falls below −10 pp"
    assert rule_text("ko", spec, "IWM", "SPY") == (
        "IWM과 SPY의 최근 7년 수익률 격차가 −10%p보다 낮아지면 알림")


async def test_korean_rules_read_as_conditions_a_korean_writer_would_write(env):
    drawdown = await say(env, "ko", "/alert small_dd < -20 once")
    assert ("VTWO 낙폭이 −20%보다 깊어지면 이 채팅에 한 번 알려 드리고 규칙을 삭제합니다."
            in drawdown)
    gap = await say(env, "ko", "/alert gap 1y < -30")
    assert "VTWO와 SPY의 최근 1년 수익률 격차가 −30%p보다 낮아지면 이 채팅에 알려 드립니다." in gap
    yield_rule = await say(env, "ko", "/alert yield crosses_above 5")
    assert "미국 10년물 국채 금리가 5%를 상향 돌파하면" in yield_rule
    listing = await say(env, "ko", "/alerts")
    assert "VTWO 낙폭이 −20%보다 깊어지면 알림(한 번만)" in listing
    for text in (drawdown, gap, yield_rule, listing):
        assert "1Y" not in text and "미만으로 내림" not in text and "일 때" not in text


async def test_english_confirmations_say_when_the_chat_is_told(env):
    text = await say(env, "en", "/alert small_dd < -20 once cooldown=2d")
    assert text.startswith("✅ Rule #")
    assert ("I'll tell this chat once, the first time the VTWO drawdown deepens past −20%, "
            "then delete the rule. Alerts come at least 2 days apart.") in text
    assert "Now: −" in text and "(as of the 2025-10-31 close)" in text


# -- backtests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_backtest_counts_in_words_once_or_n_times(env, lang):
    once = firings(env, "small_dd", None, "<", -20.0)
    many = firings(env, "gap", "1y", "<", -10.0)
    assert once == 1 and many > 1
    one = await say(env, lang, "/alert test small_dd < -20")
    several = await say(env, lang, "/alert test gap 1y < -10")
    if lang == "en":
        assert "it would have fired once." in one and "1 times" not in one
        assert f"it would have fired {many} times." in several
    else:
        assert "한 번 울렸을 것입니다." in one
        assert f"{many}번 울렸을 것입니다." in several and "번 알림." not in several


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_backtest_ends_with_basis_source_and_as_of_close(env, lang):
    text = await say(env, lang, "/alert test gap 1y < -10")
    words = {"en": ("Total return from dividend-adjusted closes", "Source:",
                    "As of the 2025-10-31 close"),
             "ko": ("총수익률", "출처:", "2025-10-31 종가 기준")}[lang]
    for phrase in words:
        assert phrase in text
    assert "⚠" not in text  # the data is current on FRESH


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_backtest_on_old_data_says_it_is_stale(env, lang):
    env.services.market.clock = lambda: LATER
    text = await say(env, lang, "/alert test gap 1y < -10")
    assert "⚠" in text and "2025-10-31" in text


async def test_a_yield_backtest_names_its_series_and_its_own_last_close(env, market_data):
    tnx_last = last_on_or_before(csv_column(market_data / "TNX.csv", "close"), FRESH.date())
    text = await say(env, "en", "/alert test yield crosses 4")
    assert "^TNX" in text and "TNX.csv" in text
    assert f"As of the {tnx_last:%Y-%m-%d} close" in text


@pytest.mark.parametrize(
    ("lang", "command", "phrase"),
    [
        ("en", "/alert test gap 1y < -10", "Band 1 pp (the default for gap)"),
        ("en", "/alert test gap 1y < -10 band=2.5", "Band 2.5 pp (set with band=)"),
        ("en", "/alert test yield crosses 4", "Band 10 bp (the default for yield)"),
        ("ko", "/alert test yield crosses 4", "밴드 10bp(yield 기본값)"),
        ("ko", "/alert test gap 1y < -10", "밴드 1%p(gap 기본값)"),
        ("ko", "/alert test gap 1y < -10 band=2.5", "밴드 2.5%p(band=로 지정)"),
    ],
)
async def test_a_backtest_always_states_the_band_it_used(env, lang, command, phrase):
    assert phrase in await say(env, lang, command)


# -- missing values and windows the data cannot hold -----------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_a_rule_without_a_current_value_says_there_is_none_and_why(reference_db_file,
                                                                         tmp_path, lang):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    env = await start_alert_bot(path)  # no P/E snapshots in this cache
    if lang == "ko":
        await env.say(PRIVATE, "/lang ko")
    (text,) = await env.say(PRIVATE, "/alert pe_discount < 25")
    assert "n/a" not in text and "없음 (없음 기준)" not in text
    assert {"en": "There is no current value: the cache has no P/E snapshots",
            "ko": "현재 값이 없습니다. 캐시에 VTWO와 SPY의 같은 날 P/E 스냅숏이"}[lang] in text
    (listing,) = await env.say(PRIVATE, "/alerts")
    row = {"en": "    no current value · armed", "ko": "    현재 값 없음 · 대기 중"}[lang]
    assert row in listing
    await env.application.shutdown()


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize(("command", "metric"), [("/alert gap 10y < -30", "gap"),
                                                ("/alert ratio_z <= -2", "ratio_z"),
                                                ("/alert test small_ret 10y > 5", "small_ret")])
async def test_a_window_longer_than_the_history_suggests_the_same_rule_with_one_that_fits(
    env, lang, command, metric
):
    text = await say(env, lang, command)
    assert "VTWO/SPY" in text and {"en": "2.9 years", "ko": "2.9년"}[lang] in text
    example = text.rsplit(": ", 1)[1].strip()
    words, asked = example.split(), command.split()
    # The same command, metric, operator and value; only the window differs.
    assert words[:-3] == asked[:len(words) - 3] and words[-2:] == asked[-2:]
    assert words[-3] != asked[-3] and metric in words
    assert env.services.chats.rules_for_chat(CHATS[lang]) == []
    accepted = await say(env, lang, example)
    assert {"en": ("Backtest", "Rule #"), "ko": ("백테스트", "규칙 #")}[lang][
        0 if "test" in command else 1] in accepted


# -- the pushed alert ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_pushed_alert_says_what_happened_in_the_readers_language(reference_db_file,
                                                                           tmp_path, lang):
    path = tmp_path / "gapbot.sqlite3"
    path.write_bytes(reference_db_file.read_bytes())
    env = await start_alert_bot(path)
    if lang == "ko":
        await env.say(PRIVATE, "/lang ko")
    env.services.market.clock.now = datetime(2025, 3, 14, 22, tzinfo=UTC)
    await env.say(PRIVATE, "/alert gap 1y < -10")
    env.services.market.clock.now = EVENING
    evaluate(env.services.chats, inputs_until(env.services, date(2025, 3, 21)), EVENING)
    await deliver(env)
    (alert,) = [m.plain for m in env.api.transcript(PRIVATE) if "🔔" in m.plain]
    expected = {"en": "the VTWO−SPY gap over 1 year fell below −10 pp.",
                "ko": "VTWO와 SPY의 최근 1년 수익률 격차가 −10%p보다 낮아졌습니다."}[lang]
    assert expected in alert and "2025-03-21" in alert
    assert not BOTH_WAYS.search(alert)
    await env.application.shutdown()


@pytest.mark.parametrize(("value", "en", "ko"), [
    (3.8, "the 10-year yield crossed below 4%", "미국 10년물 국채 금리가 4%를 하향 돌파했습니다"),
    (4.2, "the 10-year yield crossed above 4%", "미국 10년물 국채 금리가 4%를 상향 돌파했습니다"),
])
def test_a_crossing_alert_says_which_way_it_crossed(value, en, ko):
    rule = SimpleNamespace(id=7, metric="yield", window=None, op="crosses", threshold=4.0,
                           once=False)
    day = date(2025, 3, 21)
    assert en in render_alert_fired("en", rule, value, day, "VTWO", "SPY", "yield")
    assert ko in render_alert_fired("ko", rule, value, day, "VTWO", "SPY", "yield")


def test_p_e_alerts_name_their_basis_in_the_readers_language():
    rule = SimpleNamespace(id=3, metric="pe_discount", window=None, op="<", threshold=25.0,
                           once=True)
    text = render_alert_fired("ko", rule, 24.5, date(2025, 10, 31), "VTWO", "SPY",
                              "trailing P/E snapshots")
    assert "후행 P/E 스냅숏" in text and "trailing" not in text
    assert "SPY 대비 VTWO의 P/E 할인율이 25%보다 낮아졌습니다" in text


def test_every_window_a_rule_may_take_is_named_in_words_in_both_languages():
    from bot.present.alerts import metric_label

    for window in ("2w", "10d", "18m", "7y", "ytd", "max"):
        for lang in ("en", "ko"):
            label = metric_label(lang, "gap", window, "VTWO", "SPY")
            assert window.upper() not in label and not re.search(r"\d[dwmy]\b", label)


def test_cooldowns_are_written_in_words():
    from bot.present.alerts import fmt_duration

    assert fmt_duration("en", 86400) == "1 day" and fmt_duration("en", 2 * 86400) == "2 days"
    assert fmt_duration("ko", 12 * 3600) == "12시간"
    assert fmt_duration("en", int(timedelta(weeks=1).total_seconds())) == "1 week"


def test_no_alert_or_input_message_writes_a_particle_both_ways():
    from bot.present.i18n_alerts import ALERT_MESSAGES
    from bot.present.i18n_input import INPUT_MESSAGES

    for table in (ALERT_MESSAGES, INPUT_MESSAGES):
        for key, template in table["ko"].items():
            assert not BOTH_WAYS.search(template), key
