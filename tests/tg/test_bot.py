"""The whole bot through the strict fake Bot API, as people in chats use it."""

from __future__ import annotations

import logging

import pytest

from tests.support.bots import GROUP, OTHER_USER, USER, bot_env
from tests.support.fake_botapi import feed


@pytest.fixture
async def env(reference_db_file, tmp_path):
    async with bot_env(reference_db_file, tmp_path) as running:
        yield running


# -- core commands --------------------------------------------------------------------------


async def test_help_lists_every_command_with_an_example(env):
    (text,) = await env.say(USER, "/help")
    for command in ("/gap", "/valuation", "/sectors", "/top", "/status", "/alert", "/alerts",
                    "/digest", "/tz", "/lang", "/settings"):
        assert command in text
    assert "/gap 2023-01-01 2025-10-15" in text


async def test_gap_shows_both_bases_dates_gap_ratio_and_source(env):
    (text,) = await env.say(USER, "/gap 2023-01-01 2025-10-15")
    assert "2022-12-30 close → 2025-10-15 close" in text
    assert "Price" in text and "Total" in text
    assert "VTWO lagged SPY by 31.1 pp (total return)" in text
    assert "VTWO/SPY ratio" in text
    source = text.split("Source: ")[1].split(". ")[0]
    assert source.startswith("imported CSV files ") and "VTWO.csv" in source and "SPY_" in source
    assert "As of the 2025-10-15 close (imported " in text


async def test_gap_in_korean_for_a_korean_user(env):
    (text,) = await env.say(OTHER_USER, "/gap 2023-01-01 2025-10-15")
    assert "2022-12-30 종가 → 2025-10-15 종가" in text
    assert "−31.1%p" in text and "총수익률" in text


async def test_index_tickers_have_price_return_only(env):
    (text,) = await env.say(USER, "/gap 5y ^RUT ^GSPC")
    assert "^RUT is a price index: no dividends, so no total return." in text


async def test_valuation_sectors_top_and_status(env):
    (valuation,) = await env.say(USER, "/valuation")
    assert "· discount " in valuation and "percentile" in valuation and "×" in valuation
    (sectors,) = await env.say(USER, "/sectors")
    assert "Technology" in sectors and "−19.0" in sectors  # 14% vs 33%
    (top,) = await env.say(USER, "/top VTWO")
    assert "Small Holding 0" in top and "Top 10" in top
    (index,) = await env.say(USER, "/top ^RUT")
    assert "is an index, not a fund" in index
    (status,) = await env.say(USER, "/status")
    assert "VTWO: 2022-12-01 → 2025-10-31" in status and "Offline mode" in status


# -- groups ------------------------------------------------------------------------------------


async def test_commands_addressed_to_this_bot_work_and_others_are_ignored(env):
    replies = await env.say(GROUP, f"/gap@{env.api.bot_username} 1y", user_id=USER)
    assert len(replies) == 1 and "VTWO vs SPY" in replies[0]
    assert await env.say(GROUP, "/gap@someotherbot 1y", user_id=USER) == []


async def test_edited_messages_do_not_run_commands_again(env):
    assert await env.say(GROUP, "/gap 1y", user_id=USER, edited=True) == []


# -- bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/gap 2030-01-01", "2030-01-01 is in the future."),
        ("/gap 2025-10-15 2023-01-01", "is not after the start date"),
        ("/gap 1y NOPE SPY", "No data for NOPE in the cache, and the bot is offline"),
        ("/gap <b>bold</b>", "is not a ticker symbol"),
        ("/gap 1y <script> SPY", "is not a ticker symbol"),
        ("/gap 📉📈", "is not a ticker symbol"),
        ("/gap " + "x" * 5000, "is not a ticker symbol"),
        ("/gap 1y 3y", "I don't understand"),
        ("/gap 2025-02-30", "is not a valid date"),
        ("/top A&B", "is not a ticker symbol"),
        ("/sectors SPY", "Too many arguments"),
    ],
)
async def test_bad_input_gets_a_short_localized_reply(env, command, expected):
    (text,) = await env.say(USER, command)
    assert expected in text
    assert len(text) < 1200  # a refusal, never a wall of text


async def test_html_in_arguments_is_escaped_not_interpreted(env):
    await env.say(USER, "/gap <b>x</b>")
    sent = env.api.last(USER)
    assert "&lt;b&gt;x&lt;/b&gt;" in sent.html


async def test_the_token_never_reaches_logs_or_replies(env, caplog):
    caplog.set_level(logging.DEBUG)
    env.api.fail_next("sendMessage", chat_id=USER, kind="500")
    await env.say(USER, "/gap 1y")  # the reply fails: the error handler logs it
    await env.say(USER, "/status")
    token_secret = env.api.token.split(":", 1)[1]
    assert token_secret not in caplog.text
    assert all(token_secret not in m.html for m in env.api.transcript(USER) if m.html)


def test_the_log_formatter_redacts_the_token():
    from bot.tg.app import RedactingFormatter

    formatter = RedactingFormatter("%(message)s", ["123:SECRET"])
    record = logging.LogRecord("x", logging.ERROR, __file__, 1,
                               "GET https://api.telegram.org/bot123:SECRET/getMe failed", None,
                               None)
    assert formatter.format(record) == "GET https://api.telegram.org/bot[REDACTED]/getMe failed"


# -- menu, buttons, inline ------------------------------------------------------------------------


async def test_the_command_menu_is_published_in_both_languages_for_both_scopes(env):
    scopes = {key for key in env.api.commands}
    for scope in ("all_private_chats", "all_group_chats"):
        assert (scope, None) in scopes or (scope, "") in scopes
        assert (scope, "ko") in scopes


async def test_window_buttons_edit_the_same_message(env):
    await env.say(USER, "/gap 1y")
    message = env.api.last(USER)
    rows = message.reply_markup["inline_keyboard"]
    labels = [button["text"] for row in rows for button in row]
    assert "• 1Y" in labels and "3M" in labels
    three_months = next(b for row in rows for b in row if b["text"] == "3M")
    press = env.api.callback_update(USER, USER, message.message_id, three_months["callback_data"])
    await feed(env.application, press)
    edited = env.api.last(USER)
    assert edited.message_id == message.message_id and edited.edits == 1
    assert "VTWO vs SPY · 3 months" in edited.plain
    assert len(env.api.transcript(USER)) == 1


async def test_pressing_the_current_selection_changes_nothing(env):
    await env.say(USER, "/gap 1y")
    message = env.api.last(USER)
    current = next(b for row in message.reply_markup["inline_keyboard"] for b in row
                   if b["text"] == "• 1Y")
    await feed(env.application,
               env.api.callback_update(USER, USER, message.message_id, current["callback_data"]))
    assert env.api.last(USER).edits == 0
    assert env.api.callback_answers[-1].get("text") == "Already showing that."


async def test_a_forged_button_gets_a_polite_answer(env):
    await env.say(USER, "/gap 1y")
    message = env.api.last(USER)
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        "gap:1y:total:DROP TABLE:x"))
    assert "expired" in env.api.callback_answers[-1].get("text", "")
    assert env.api.last(USER).edits == 0


async def test_inline_mode_offers_the_answer(env):
    await feed(env.application, env.api.inline_update(USER, "gap 2023-01-01 2025-10-15"))
    (answer,) = env.api.inline_answers
    (result,) = answer["results"]
    assert "VTWO vs SPY" in result["title"] and "−31.1 pp" in result["title"]
    await feed(env.application, env.api.inline_update(USER, "gap nonsense!!"))
    assert env.api.inline_answers[-1]["results"] == []


async def test_lang_switches_the_chat_language(env):
    await env.say(USER, "/lang ko")
    (text,) = await env.say(USER, "/gap 2023-01-01 2025-10-15")
    assert "종가" in text


# -- charts ---------------------------------------------------------------------------------------


async def test_gap_with_charts_on_sends_a_photo_with_the_answer_as_caption(env):
    env.services.chats.update_chat(USER, env.services.market.clock(), charts=1)
    await env.say(USER, "/gap 1y")
    sent = env.api.last(USER)
    assert sent.kind == "photo" and sent.photo.startswith(b"\x89PNG")
    assert "VTWO vs SPY · 1 year" in sent.plain and len(sent.plain) <= 1024
    assert (USER, "upload_photo") in env.api.chat_actions  # "sending photo…" while rendering


async def test_a_window_button_under_a_chart_replaces_the_chart_in_place(env):
    env.services.chats.update_chat(USER, env.services.market.clock(), charts=1)
    await env.say(USER, "/gap 1y")
    message = env.api.last(USER)
    first_photo = message.photo
    button = next(b for row in message.reply_markup["inline_keyboard"] for b in row
                  if b["text"] == "6M")
    await feed(env.application, env.api.callback_update(USER, USER, message.message_id,
                                                        button["callback_data"]))
    edited = env.api.last(USER)
    assert edited.edits == 1 and edited.kind == "photo" and edited.photo != first_photo
    assert "VTWO vs SPY · 6 months" in edited.plain


async def test_settings_charts_off_gives_text_only(env):
    env.services.chats.update_chat(USER, env.services.market.clock(), charts=1)
    (reply,) = await env.say(USER, "/settings charts off")
    assert reply == "Charts: off (text only)."
    await env.say(USER, "/sectors")
    assert env.api.last(USER).kind == "text"


async def test_sectors_and_valuation_charts_in_korean(env):
    env.services.chats.update_chat(OTHER_USER, env.services.market.clock(), charts=1)
    await env.say(OTHER_USER, "/sectors")
    sectors = env.api.last(OTHER_USER)
    assert sectors.kind == "photo" and "섹터 비중" in sectors.plain
    await env.say(OTHER_USER, "/valuation")
    valuation = env.api.last(OTHER_USER)
    assert valuation.kind == "photo" and "할인율" in valuation.plain


async def test_a_text_too_long_for_a_caption_follows_the_chart(env, monkeypatch):
    from bot.present import render

    real = render.render_sectors

    def long_sectors(*args):
        return real(*args) + "\n" + "<i>" + "note " * 250 + "</i>"

    monkeypatch.setattr(render, "render_sectors", long_sectors)
    env.services.chats.update_chat(USER, env.services.market.clock(), charts=1)
    await env.say(USER, "/sectors")
    photo, text = env.api.transcript(USER)[-2:]
    assert photo.kind == "photo" and photo.plain == "Sector weights: VTWO vs SPY"
    assert text.kind == "text" and "note note" in text.plain
