"""Korean text is written as a Korean writer would: particles chosen from the word they
follow, never both forms; the house rule in conftest.py reads every message a test sent."""

from __future__ import annotations

import pytest

from bot.present.i18n import MESSAGES, t
from bot.present.korean import BOTH_WAYS, particle_formatter
from tests.support.fake_botapi import LIVE_APIS, FakeBotAPI, shown_texts


def test_no_korean_template_writes_a_particle_both_ways():
    doubled = {key: text for key, text in MESSAGES["ko"].items() if BOTH_WAYS.search(text)}
    assert doubled == {}


@pytest.mark.parametrize("text", ["VTWO이(가) 뒤처졌습니다", "규칙 #3을(를) 삭제", "(으)로",
                                  "^GSPC은(는)", "/foo은(는) 모르는 명령"])
def test_the_house_rule_recognises_particles_written_both_ways(text):
    assert BOTH_WAYS.search(text)


def test_the_house_rule_reads_captions_buttons_and_inline_results():
    api = FakeBotAPI()
    api.calls.append(type("Call", (), {"params": {
        "caption": "IWM이(가) 앞섰습니다", "reply_markup": '{"text": "1년"}',
        "results": [{"title": "VTWO은(는)"}]}})())
    assert [bool(BOTH_WAYS.search(text)) for text in shown_texts(api)] == [True, False, True]
    LIVE_APIS.remove(api)  # it broke the rule on purpose


@pytest.mark.parametrize(
    ("template", "values", "expected"),
    [
        ("{small:이} {large}보다 뒤처졌습니다", {"small": "VTWO", "large": "SPY"},
         "VTWO가 SPY보다 뒤처졌습니다"),
        ("{small:이} {large}보다 뒤처졌습니다", {"small": "IWM", "large": "SPY"},
         "IWM이 SPY보다 뒤처졌습니다"),
        ("<code>{arg}</code>{arg:~을} 이해하지 못했습니다", {"arg": "2Y"},
         "<code>2Y</code>를 이해하지 못했습니다"),
        ("<code>{arg}</code>{arg:~은} 티커가 아닙니다", {"arg": "IWM"},
         "<code>IWM</code>은 티커가 아닙니다"),
        ("{n:,}개 중 {pct:.0f}%", {"n": 6317, "pct": 38.4}, "6,317개 중 38%"),
    ],
)
def test_templates_choose_the_particle_for_the_value(template, values, expected):
    assert particle_formatter.format(template, **values) == expected


def test_a_korean_refusal_reads_naturally():
    assert t("ko", "err_same_ticker") == "서로 다른 티커 두 개를 입력해 주세요."
    assert t("ko", "err_no_overlap", small="IWM", large="QQQ") == (
        "캐시에 IWM과 QQQ가 함께 거래된 날이 없습니다.")
