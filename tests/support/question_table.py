"""The question reader's table: plain-language questions and the command lines they are
read as, on TODAY in a chat whose pair is PAIR. tests/questions/test_reader.py holds the
reader to every row; tests/tg/test_questions.py asks them in chats."""

from __future__ import annotations

from datetime import date

from bot.questions.reader import Reading

TODAY = date(2026, 11, 27)
PAIR = ("VTWO", "SPY")

ENGLISH = [
    # relative performance
    ("How far do small caps lag the S&P this year?", "/gap ytd"),
    ("IWM this year", "/gap ytd IWM SPY"),
    ("how are small caps doing vs large caps", "/gap"),
    ("Did the Russell 2000 beat the S&P 500 over the past year?", "/gap 1y"),
    ("small caps vs S&P last 3 months", "/gap 3m"),
    ("have small caps outperformed in the last 6 months", "/gap 6m"),
    ("russell vs spx over 5 years", "/gap 5y"),
    ("how did small caps do since 2023", "/gap 2023-01-01"),
    ("small caps since March 2023", "/gap 2023-03-01"),
    ("gap from 2023-01-01 to 2024-06-30", "/gap 2023-01-01 2024-06-30"),
    ("How did small caps do in 2024?", "/gap 2024-01-01 2024-12-31"),
    ("small caps since Liberation Day", "/gap 2025-04-02"),
    ("how have small caps done since the Fed cut", "/gap 2024-09-18"),
    ("IWM vs SPY since 2023", "/gap 2023-01-01 IWM SPY"),
    ("SPY vs IWM ytd", "/gap ytd IWM SPY"),
    ("small caps vs nasdaq", "/gap VTWO QQQ"),
    ("Russell index vs S&P 500 index over 10 years", "/gap 10y ^RUT ^GSPC"),
    ("S&P 600 vs S&P 500 1y", "/gap 1y IJR SPY"),
    ("total return of small caps vs the S&P over 3 years", "/gap 3y"),
    ("AAPL vs SPY ytd", "/gap ytd AAPL SPY"),
    ("how much have small caps trailed large caps all time", "/gap max"),
    ("small caps relative performance over two years", "/gap 2024-11-27"),
    ("VTWO vs QQQ this year", "/gap ytd VTWO QQQ"),
    ("are small caps catching up this quarter?", "/gap 3m"),
    ("from 2022-06-01 to 2022-12-31 small caps vs large caps", "/gap 2022-06-01 2022-12-31"),
    ("small caps last month", "/gap 1m"),
    # misspellings
    ("russel vs s&p this year", "/gap ytd"),
    ("vtow performance ytd", "/gap ytd VTWO SPY"),
    ("small cap valuaton", "/valuation"),
    ("vtwo drawdwon", "/drawdown VTWO SPY"),
    ("nasdq vs small caps", "/gap VTWO QQQ"),
    ("are small caps undervalued? sectr weights too", "/valuation"),
    # valuation
    ("Are small caps cheap?", "/valuation"),
    ("what's the P/E discount of small caps", "/valuation"),
    ("small cap valuation vs S&P", "/valuation"),
    ("how expensive is the S&P compared to the Russell", "/valuation"),
    ("PE ratio of small caps", "/valuation"),
    # sectors, holdings
    ("sector weights", "/sectors"),
    ("IWM sector breakdown vs SPY", "/sectors IWM SPY"),
    ("top holdings of IWM", "/top IWM"),
    ("what are the top holdings of the S&P", "/top SPY"),
    ("small caps top 10 holdings", "/top"),
    # rates
    ("how sensitive are small caps to the 10-year yield", "/rates"),
    ("small caps and rates over 3 years", "/rates 3y"),
    ("IWM treasury yield sensitivity", "/rates IWM SPY"),
    # drawdown
    ("how far from the peak is IWM", "/drawdown IWM SPY"),
    ("small caps max drawdown", "/drawdown"),
    ("drawdown of small caps since 2022", "/drawdown 2022-01-01"),
    # events
    ("how did small caps do in the SVB crisis", "/event svb"),
    ("small caps during the covid crash", "/event covid"),
    ("Liberation Day week small caps", "/event liberation-day"),
    ("30 days after covid", "/event covid 30"),
    ("lehman: small caps vs S&P", "/event lehman"),
    ("IWM in the banking crisis", "/event svb IWM SPY"),
    # odds
    ("over five years do small caps win?", "/odds 5y"),
    ("what are the odds small caps beat the S&P over 10 years", "/odds 10y"),
    ("probability that small caps outperform", "/odds"),
    ("how often does IWM beat SPY over 3 years", "/odds 3y IWM SPY"),
    # mix
    ("20% small caps in my portfolio", "/mix 20"),
    ("what if I add 10% small caps to my portfolio over 10 years", "/mix 10 10y"),
    ("does diversifying into small caps help", "/mix"),
    # alerts
    ("tell us when the gap passes -20", "/alert gap 1y crosses -20"),
    ("alert me if the P/E discount drops below 25%", "/alert pe_discount < 25"),
    ("let me know when the 3y gap goes above 5", "/alert gap 3y > 5"),
    ("notify me when ratio z-score drops below -2", "/alert ratio_z 5y < -2"),
    ("alert me if the 10-year yield goes above 5", "/alert yield > 5"),
    ("alert me when small caps fall below -10% over a year", "/alert small_ret 1y < -10"),
    ("ping me when the pe spread crosses above 4", "/alert pe_spread crosses_above 4"),
    ("what alerts do we have", "/alerts"),
    # status, help, pair
    ("is the data fresh?", "/status"),
    ("when was the data last updated", "/status"),
    ("what can you do", "/help"),
    ("help", "/help"),
    ("which pair are we comparing", "/pair"),
    # refusals
    ("lol", None),
    ("good morning", None),
    ("what's the weather", None),
    ("bitcoin vs small caps", None),
    ("how about a joke", None),
    ("small caps since 2030", None),
    ("gap from 2023-02-30", None),
    ("thanks!", None),
    ("", None),
    ("   ", None),
]

KOREAN = [
    # relative performance, particles and spacing
    ("올해 러셀이 S&P보다 얼마나 뒤졌어?", "/gap ytd"),
    ("러셀은 대형주랑 비교하면 3년 동안 어때", "/gap 3y"),
    ("소형주가 나스닥과 비교해서 올해 어때", "/gap ytd VTWO QQQ"),
    ("지난 3개월 소형주 성과", "/gap 3m"),
    ("지난3개월 러셀2000", "/gap 3m"),
    ("러셀 2000 최근 1년 수익률", "/gap 1y"),
    ("러셀2000 5년 성과", "/gap 5y"),
    ("소형주 연초 이후 얼마나 차이 나?", "/gap ytd"),
    ("2023년 이후 러셀 vs S&P", "/gap 2023-01-01"),
    ("2023년부터 소형주 수익률", "/gap 2023-01-01"),
    ("2023년 3월 이후 러셀", "/gap 2023-03-01"),
    ("2024년 소형주 성과", "/gap 2024-01-01 2024-12-31"),
    ("해방의 날 이후 소형주", "/gap 2025-04-02"),
    ("금리 인하 이후 러셀 성과", "/gap 2024-09-18"),
    ("IWM 올해 어때?", "/gap ytd IWM SPY"),
    ("IWM이 SPY보다 올해 잘했어?", "/gap ytd IWM SPY"),
    ("러셀 지수랑 S&P 지수 10년 비교", "/gap 10y ^RUT ^GSPC"),
    ("에스앤피 대비 소형주 6개월", "/gap 6m"),
    ("에스엔피랑 러셀 1년 격차", "/gap 1y"),
    ("대형주가 소형주를 얼마나 이겼어", "/gap"),
    ("배당 포함 수익률로 올해 소형주 vs 대형주", "/gap ytd"),
    ("소형주 반년 성과", "/gap 6m"),
    ("러셀 역대 성과", "/gap max"),
    ("소형주 지난달 어땠어", "/gap 1m"),
    ("QQQ랑 IWM 3년", "/gap 3y IWM QQQ"),
    ("2023-01-01부터 2024-06-30까지 소형주", "/gap 2023-01-01 2024-06-30"),
    ("S&P 600이랑 S&P 500 비교", "/gap IJR SPY"),
    ("작년 소형주 성과", "/gap 1y"),
    # misspellings
    ("러쎌 낙폭", "/drawdown"),
    ("러쎌이 올해 어때", "/gap ytd"),
    ("나스닼이랑 소형주", "/gap VTWO QQQ"),
    ("소형주 밸류에이숀", "/valuation"),
    # valuation
    ("소형주 밸류에이션 싸?", "/valuation"),
    ("러셀 P/E 할인 얼마야", "/valuation"),
    ("소형주가 대형주보다 싸?", "/valuation"),
    ("러셀 저평가야?", "/valuation"),
    ("소형주 PER 얼마야", "/valuation"),
    # sectors, holdings
    ("섹터 비중 비교", "/sectors"),
    ("IWM 섹터", "/sectors IWM SPY"),
    ("IWM 보유 종목", "/top IWM"),
    ("소형주 보유종목 알려줘", "/top"),
    ("S&P 상위 종목", "/top SPY"),
    # rates
    ("금리랑 소형주 관계", "/rates"),
    ("10년물 국채 금리에 러셀 민감도 5년", "/rates 5y"),
    ("IWM 금리 민감도", "/rates IWM SPY"),
    # drawdown
    ("고점 대비 러셀 얼마나 빠졌어", "/drawdown"),
    ("소형주 최대 낙폭", "/drawdown"),
    ("IWM 낙폭 10년", "/drawdown 10y IWM SPY"),
    # events
    ("코로나 때 소형주", "/event covid"),
    ("SVB 때 러셀 어땠어", "/event svb"),
    ("리먼 사태 때 소형주", "/event lehman"),
    ("해방의 날 소형주 반응", "/event liberation-day"),
    ("코로나 폭락 30일간 소형주", "/event covid 30"),
    # odds
    ("5년 보유하면 이길 확률", "/odds 5y"),
    ("소형주가 10년 동안 S&P를 이길 확률", "/odds 10y"),
    ("IWM 3년 승률", "/odds 3y IWM SPY"),
    # mix
    ("소형주 20% 섞으면", "/mix 20"),
    ("포트폴리오에 소형주 15% 넣으면 10년", "/mix 15 10y"),
    ("소형주로 분산하면 어때", "/mix"),
    # alerts
    ("P/E 할인율이 25% 아래로 떨어지면 알려줘", "/alert pe_discount < 25"),
    ("격차가 -20을 넘으면 알려줘", "/alert gap 1y > -20"),
    ("3년 격차가 -15 아래로 내려가면 알려줘", "/alert gap 3y < -15"),
    ("금리가 5% 이상이면 알려줘", "/alert yield >= 5"),
    ("러셀 낙폭이 -20 아래로 가면 알림 설정", "/alert small_dd < -20"),
    ("표준편차 -2 이하로 떨어지면 알려줘", "/alert ratio_z 5y <= -2"),
    ("격차가 -20을 돌파하면 알려줘", "/alert gap 1y crosses_above -20"),
    ("알림 목록", "/alerts"),
    ("설정된 알림 보여줘", "/alerts"),
    # status, help, pair
    ("데이터 언제 업데이트됐어?", "/status"),
    ("데이터 최신이야?", "/status"),
    ("뭐 할 수 있어?", "/help"),
    ("도움말", "/help"),
    ("사용법 알려줘", "/help"),
    ("기본 페어 뭐야", "/pair"),
    # refusals
    ("ㅋㅋㅋ", None),
    ("점심 뭐 먹지", None),
    ("비트코인 어때", None),
    ("오늘 날씨 어때", None),
    ("안녕하세요", None),
    ("2030년 이후 소형주", None),
    ("2027년 3월부터 러셀", None),
    ("ㅇㅋ 고마워", None),
]

OTHER_PAIR = [
    ("IWM this year", "/gap ytd IWM QQQ"),  # a ticker typed is written out, even the default
    ("small caps vs nasdaq 3 months", "/gap 3m IWM QQQ"),
    ("small caps vs the S&P 500", "/gap IWM SPY"),
    ("VTWO vs nasdaq 3m", "/gap 3m VTWO QQQ"),
    ("러셀 올해 어때", "/gap ytd"),
    ("소형주 대형주 5년", "/gap 5y"),
    ("러셀이 S&P보다 얼마나 뒤졌어", "/gap IWM SPY"),
]

GAP_YTD = Reading("gap", ("ytd",), "en")
DRAWDOWN_IWM = Reading("drawdown", ("IWM", "SPY"), "ko")
ODDS_5Y = Reading("odds", ("5y",), "ko")
TOP = Reading("top", (), "en")
VALUATION = Reading("valuation", (), "en")
ALERT = Reading("alert", ("gap", "1y", "crosses", "-20"), "en", confirm=True)

FOLLOW_UPS = [
    (GAP_YTD, "what about 3 years?", "/gap 3y"),
    (GAP_YTD, "3년은?", "/gap 3y"),
    (GAP_YTD, "and IWM?", "/gap ytd IWM SPY"),
    (GAP_YTD, "IWM은?", "/gap ytd IWM SPY"),
    (GAP_YTD, "since 2020?", "/gap 2020-01-01"),
    (GAP_YTD, "나스닥이랑은?", "/gap ytd VTWO QQQ"),
    (DRAWDOWN_IWM, "5년은?", "/drawdown 5y IWM SPY"),
    (DRAWDOWN_IWM, "and the Russell index?", "/drawdown ^RUT SPY"),
    (ODDS_5Y, "10년은?", "/odds 10y"),
    (ODDS_5Y, "what about 3 years", "/odds 3y"),
    (TOP, "SPY는?", "/top SPY"),
    (TOP, "and QQQ?", "/top QQQ"),
    (GAP_YTD, "valuation?", "/valuation"),
    (GAP_YTD, "밸류에이션은?", "/valuation"),
    (GAP_YTD, "ok thanks", None),
    (GAP_YTD, "ㅇㅋ", None),
    (GAP_YTD, "?", None),
    (VALUATION, "and IWM?", None),
    (ALERT, "what about -25?", None),
]

HOSTILE = [
    "<b>small caps</b> this year",
    "<script>alert(1)</script>",
    "'; DROP TABLE chats; --",
    "1' OR '1'='1",
    "\x00\x01\x02small\x1b[31mcaps\x7f",
    "\u202eraey siht spac llams",
    "small caps " + "\u0301" * 200,
    "🚀🚀🚀 small caps to the moon 🌕",
    "%s%s%s %n {0} {{}} \\x00",
    "2024-99-99 to 0000-00-00",
    "9" * 400,
    "-" * 499,
    "since 99999",
    "İstanbul ß ﬁ Ⅻ ㎏ 𝔰𝔪𝔞𝔩𝔩",
    "러셀" * 250,
]
