"""Independent table of expected Korean particle choices for ``with_particle``.

Written from how Korean speakers read each value aloud, without reference to the
implementation.  The rule being checked: the particle follows the *pronunciation*
of the last sound of the text.

* final consonant (받침)  -> 이 / 은 / 을 / 과 / 으로 / 이나 / 이라 / 이면 / 이고
* final vowel            -> 가 / 는 / 를 / 와 / 로   / 나   / 라   / 면   / 고
* final ㄹ               -> as a consonant, except 으로/로 takes 로

Readings used (Korean letter names): A 에이, B 비, C 씨, D 디, E 이, F 에프, G 지,
H 에이치, I 아이, J 제이, K 케이, L 엘, M 엠, N 엔, O 오, P 피, Q 큐, R 알, S 에스,
T 티, U 유, V 브이, W 더블유, X 엑스, Y 와이.  Only L (ㄹ), M (ㅁ), N (ㄴ) and R (ㄹ)
end in a consonant.  Z (제트 / 지 / 젯) is read inconsistently, so no case ends in Z.
Numbers are Sino-Korean: 0 영, 1 일, 2 이, 3 삼, 4 사, 5 오, 6 육, 7 칠, 8 팔, 9 구,
10 십, 100 백, 1000 천, 10^4 만, 10^8 억, 10^12 조.

Cases where real usage varies were deliberately left out, e.g. AAPL (애플 vs 에이에이피엘),
^DJI (다우 vs 다우존스), ^IXIC (나스닥 vs 나스닥 종합지수), ^KS11, TIP (팁 vs 티아이피),
and dates whose day does not end in 1/7/8 (2025-10-30 read as digits ends 삼십 [ㅂ],
read as a date ends 삼십 일 [ㄹ]; for days ending in 1, 7 or 8 both readings end in ㄹ).
"""

import pytest

from bot.present.korean import with_particle

# (text, form, expected full output)
CASES = [
    # --- plain Hangul, final vowel -------------------------------------------------
    ("사과", "이", "사과가"),
    ("사과", "은", "사과는"),
    ("사과", "을", "사과를"),
    ("사과", "과", "사과와"),
    ("사과", "으로", "사과로"),
    ("사과", "이나", "사과나"),
    ("사과", "이라", "사과라"),
    ("사과", "이면", "사과면"),
    ("사과", "이고", "사과고"),
    ("지수", "가", "지수가"),
    ("금리", "는", "금리는"),
    ("달러", "으로", "달러로"),
    ("학교", "로", "학교로"),
    ("나", "은", "나는"),
    ("미국 주식 시장의 대표 지수", "를", "미국 주식 시장의 대표 지수를"),
    # --- plain Hangul, final consonant (not ㄹ) -----------------------------------
    ("책", "가", "책이"),
    ("책", "는", "책은"),
    ("책", "를", "책을"),
    ("책", "와", "책과"),
    ("책", "로", "책으로"),
    ("책", "나", "책이나"),
    ("책", "라", "책이라"),
    ("책", "면", "책이면"),
    ("책", "고", "책이고"),
    ("시장", "로", "시장으로"),
    ("채권", "가", "채권이"),
    ("원", "로", "원으로"),
    ("집", "으로", "집으로"),
    ("주식", "는", "주식은"),
    ("삶", "로", "삶으로"),  # ㄻ is not plain ㄹ
    ("닭", "로", "닭으로"),  # ㄺ is not plain ㄹ
    # --- plain Hangul, final ㄹ ----------------------------------------------------
    ("서울", "가", "서울이"),
    ("서울", "는", "서울은"),
    ("서울", "를", "서울을"),
    ("서울", "와", "서울과"),
    ("서울", "으로", "서울로"),
    ("서울", "로", "서울로"),
    ("서울", "라", "서울이라"),
    ("연필", "으로", "연필로"),
    ("물", "으로", "물로"),
    ("10월", "으로", "10월로"),
    ("3개월", "은", "3개월은"),
    # --- Hangul units after numbers --------------------------------------------------
    ("100원", "이", "100원이"),
    ("5달러", "이", "5달러가"),
    ("3배", "을", "3배를"),
    ("3억", "으로", "3억으로"),
    ("5조", "은", "5조는"),
    ("10년", "과", "10년과"),
    # --- tickers ending in a vowel letter -------------------------------------------
    ("VTWO", "이", "VTWO가"),
    ("VTWO", "은", "VTWO는"),
    ("VTWO", "을", "VTWO를"),
    ("VTWO", "과", "VTWO와"),
    ("VTWO", "으로", "VTWO로"),
    ("VTWO", "이라", "VTWO라"),
    ("SPY", "이", "SPY가"),
    ("SPY", "과", "SPY와"),
    ("QQQ", "은", "QQQ는"),
    ("QQQ", "이나", "QQQ나"),
    ("XLK", "을", "XLK를"),
    ("XLK", "이면", "XLK면"),
    ("XLF", "이", "XLF가"),
    ("XLU", "은", "XLU는"),
    ("XLE", "을", "XLE를"),
    ("XLV", "과", "XLV와"),
    ("XLI", "으로", "XLI로"),
    ("XLP", "이", "XLP가"),
    ("XLY", "은", "XLY는"),
    ("XLB", "이", "XLB가"),
    ("XLC", "을", "XLC를"),
    ("VB", "이", "VB가"),
    ("DIA", "은", "DIA는"),
    ("TLT", "을", "TLT를"),
    ("TLT", "이고", "TLT고"),
    ("GLD", "과", "GLD와"),
    ("IWO", "이", "IWO가"),
    ("IWF", "은", "IWF는"),
    ("IWD", "으로", "IWD로"),
    ("VTI", "이", "VTI가"),
    ("VOO", "을", "VOO를"),
    ("IVV", "은", "IVV는"),
    ("SCHD", "이", "SCHD가"),
    ("IEF", "으로", "IEF로"),
    ("HYG", "은", "HYG는"),
    ("LQD", "과", "LQD와"),
    ("EFA", "이", "EFA가"),
    ("VWO", "을", "VWO를"),
    ("TQQQ", "이", "TQQQ가"),
    ("MSFT", "은", "MSFT는"),
    ("NVDA", "이", "NVDA가"),
    ("SMH", "을", "SMH를"),
    ("BRK.B", "이", "BRK.B가"),
    # --- tickers ending in M / N (ㅁ / ㄴ) ---------------------------------------------
    ("IWM", "가", "IWM이"),
    ("IWM", "는", "IWM은"),
    ("IWM", "를", "IWM을"),
    ("IWM", "와", "IWM과"),
    ("IWM", "로", "IWM으로"),
    ("IWM", "나", "IWM이나"),
    ("IWM", "라", "IWM이라"),
    ("IWM", "면", "IWM이면"),
    ("IWM", "고", "IWM이고"),
    ("EEM", "가", "EEM이"),
    ("EEM", "로", "EEM으로"),
    ("QQQM", "는", "QQQM은"),
    ("IBM", "를", "IBM을"),
    ("IWN", "가", "IWN이"),
    ("IWN", "로", "IWN으로"),
    ("AMZN", "는", "AMZN은"),  # 아마존 and 에이엠지엔 both end in ㄴ
    # --- tickers ending in L / R (ㄹ: 로, but 이/은/을) ---------------------------------
    ("IJR", "가", "IJR이"),
    ("IJR", "는", "IJR은"),
    ("IJR", "를", "IJR을"),
    ("IJR", "으로", "IJR로"),
    ("IJR", "와", "IJR과"),
    ("IWR", "로", "IWR로"),
    ("IWR", "가", "IWR이"),
    ("SOXL", "으로", "SOXL로"),
    ("SOXL", "는", "SOXL은"),
    ("SPXL", "가", "SPXL이"),
    ("GOOGL", "으로", "GOOGL로"),  # 구글 and 지오오지엘 both end in ㄹ
    # --- Yahoo index symbols read as their names --------------------------------------
    ("^RUT", "는", "^RUT은"),  # 러셀 이천
    ("^RUT", "가", "^RUT이"),
    ("^RUT", "를", "^RUT을"),
    ("^RUT", "와", "^RUT과"),
    ("^RUT", "로", "^RUT으로"),
    ("^GSPC", "는", "^GSPC은"),  # 에스앤피 오백
    ("^GSPC", "가", "^GSPC이"),
    ("^GSPC", "로", "^GSPC으로"),
    ("^TNX", "으로", "^TNX로"),  # 십년물
    ("^TNX", "는", "^TNX은"),
    ("^TNX", "가", "^TNX이"),
    ("^VIX", "이", "^VIX가"),  # 빅스 / 브이아이엑스, vowel either way
    ("^N225", "은", "^N225는"),  # 니케이 이백이십오
    ("러셀 2000", "는", "러셀 2000은"),
    ("S&P 500", "가", "S&P 500이"),
    ("S&P500", "는", "S&P500은"),
    ("나스닥 100", "는", "나스닥 100은"),
    ("코스피 200", "를", "코스피 200을"),
    # --- integers ---------------------------------------------------------------------
    ("0", "는", "0은"),  # 영
    ("1", "가", "1이"),  # 일
    ("1", "는", "1은"),
    ("1", "으로", "1로"),
    ("2", "이", "2가"),
    ("2", "으로", "2로"),
    ("3", "가", "3이"),
    ("3", "로", "3으로"),
    ("4", "은", "4는"),
    ("5", "을", "5를"),
    ("6", "가", "6이"),
    ("6", "로", "6으로"),
    ("7", "으로", "7로"),
    ("7", "와", "7과"),
    ("8", "으로", "8로"),
    ("9", "과", "9와"),
    ("10", "가", "10이"),
    ("10", "로", "10으로"),
    ("12", "은", "12는"),  # 십이
    ("16", "가", "16이"),  # 십육
    ("21", "으로", "21로"),  # 이십일
    ("30", "는", "30은"),  # 삼십
    ("100", "가", "100이"),
    ("100", "로", "100으로"),
    ("250", "를", "250을"),  # 이백오십
    ("1000", "가", "1000이"),
    ("1001", "으로", "1001로"),  # 천일
    ("2025", "은", "2025는"),  # 이천이십오
    ("10000", "가", "10000이"),
    ("12345", "은", "12345는"),  # 만이천삼백사십오
    ("1000000", "을", "1000000을"),  # 백만
    ("100000000", "으로", "100000000으로"),  # 일억
    ("1000000000000", "이", "1000000000000가"),  # 일조
    ("1,000", "는", "1,000은"),
    ("2,500", "이라", "2,500이라"),  # 이천오백
    ("1,234", "을", "1,234를"),
    ("-3", "가", "-3이"),  # 마이너스 삼
    # --- decimals ---------------------------------------------------------------------
    ("2.5", "이", "2.5가"),  # 이점오
    ("2.5", "으로", "2.5로"),
    ("0.5", "은", "0.5는"),
    ("1.25", "을", "1.25를"),  # 일점이오
    ("4.7", "으로", "4.7로"),  # 사점칠
    ("4.7", "는", "4.7은"),
    ("10.3", "가", "10.3이"),  # 십점삼
    ("3.0", "는", "3.0은"),  # 삼점영
    ("-0.8", "로", "-0.8로"),  # 마이너스 영점팔
    # --- numbers with %, %p, bp --------------------------------------------------------
    ("20%", "이", "20%가"),  # 이십 퍼센트
    ("20%", "은", "20%는"),
    ("20%", "을", "20%를"),
    ("20%", "과", "20%와"),
    ("20%", "으로", "20%로"),
    ("-3.2%", "이", "-3.2%가"),
    ("3.1%p", "이", "3.1%p가"),  # 삼점일 퍼센트포인트
    ("3.1%p", "으로", "3.1%p로"),
    ("0.25%p", "은", "0.25%p는"),
    ("25bp", "이", "25bp가"),  # 이십오 비피 / 베이시스포인트
    ("25bp", "으로", "25bp로"),
    ("50bp", "은", "50bp는"),
    # --- dates (day ends in 1/7/8, so both date and digit readings end in ㄹ) ----------
    ("2025-10-31", "가", "2025-10-31이"),
    ("2025-10-31", "는", "2025-10-31은"),
    ("2025-10-31", "를", "2025-10-31을"),
    ("2025-10-31", "으로", "2025-10-31로"),
    ("2024-12-01", "로", "2024-12-01로"),
    ("2025-01-07", "는", "2025-01-07은"),
    ("2025-03-28", "으로", "2025-03-28로"),
    # --- HTML-wrapped values -------------------------------------------------------------
    ("<code>VTWO</code>", "이", "<code>VTWO</code>가"),
    ("<b>IWM</b>", "는", "<b>IWM</b>은"),
    ("<code>IJR</code>", "으로", "<code>IJR</code>로"),
    ("<code>20%</code>", "을", "<code>20%</code>를"),
    ("<i>사과</i>", "과", "<i>사과</i>와"),
    ("<b>서울</b>", "으로", "<b>서울</b>로"),
    ("<code>2025-10-31</code>", "으로", "<code>2025-10-31</code>로"),
    ('<a href="https://example.com/?q=IWM">VTWO</a>', "이", '<a href="https://example.com/?q=IWM">VTWO</a>가'),
    ("S&amp;P 500", "는", "S&amp;P 500은"),
    ("<b>S&amp;P 500</b>", "가", "<b>S&amp;P 500</b>이"),
    # --- trailing closing brackets / quotes -----------------------------------------------
    ("VTWO)", "이", "VTWO)가"),
    ("(IWM)", "가", "(IWM)이"),
    ("IJR]", "으로", "IJR]로"),
    ("(20%)", "은", "(20%)는"),
    ("'사과'", "을", "'사과'를"),
    ('"책"', "는", '"책"은'),
    ('"서울"', "으로", '"서울"로'),
    ("“SPY”", "이", "“SPY”가"),
    ("<code>VTWO)</code>", "을", "<code>VTWO)</code>를"),
    # --- last word of a sentence ------------------------------------------------------------
    ("오늘 가장 많이 오른 종목은 VTWO", "이", "오늘 가장 많이 오른 종목은 VTWO가"),
    ("가장 많이 빠진 종목은 IWM", "이고", "가장 많이 빠진 종목은 IWM이고"),
    ("10년물 금리가 4.5%", "으로", "10년물 금리가 4.5%로"),
    ("이번 인하 폭은 25bp", "이라", "이번 인하 폭은 25bp라"),
    ("비교 대상 지수는 러셀 2000", "이면", "비교 대상 지수는 러셀 2000이면"),
    ("VTWO와 IWM", "는", "VTWO와 IWM은"),
    ("마감일은 2025-10-31", "이고", "마감일은 2025-10-31이고"),
    ("나는 어제 시장에서 사과", "을", "나는 어제 시장에서 사과를"),
    ("다음 목적지는 서울", "으로", "다음 목적지는 서울로"),
]


def _case_id(case):
    text, form, _ = case
    return f"{text}+{form}"


@pytest.mark.parametrize("text,form,expected", CASES, ids=[_case_id(c) for c in CASES])
def test_with_particle(text, form, expected):
    assert with_particle(text, form) == expected


PAIRS = [
    ("이", "가"),
    ("은", "는"),
    ("을", "를"),
    ("과", "와"),
    ("으로", "로"),
    ("이나", "나"),
    ("이라", "라"),
    ("이면", "면"),
    ("이고", "고"),
]
ALL_FORMS = [f for pair in PAIRS for f in pair]

# A broad mix, including things with no obvious reading, to make sure the function
# always commits to one particle instead of hedging with 이(가), 은(는), (으)로, ...
DOUBLED_PROBE_TEXTS = sorted({c[0] for c in CASES}) + [
    "???",
    "—",
    "😀",
    "αβγ",
    "abc",
    "x",
    "#",
    "<b></b>",
    "()",
    "ETF",
    "VTWO 펀드",
]


@pytest.mark.parametrize("form", ALL_FORMS)
def test_never_returns_doubled_form(form):
    pair = next(p for p in PAIRS if form in p)
    for text in DOUBLED_PROBE_TEXTS:
        out = with_particle(text, form)
        assert out.startswith(text), (text, form, out)
        suffix = out[len(text):]
        assert suffix in pair, (text, form, out)
        assert "(" not in suffix and ")" not in suffix, (text, form, out)
        for a, b in PAIRS:
            for doubled in (f"{a}({b})", f"{b}({a})", f"({a}){b}", f"({b}){a}"):
                assert doubled not in out, (text, form, out)
        assert "(으)로" not in out, (text, form, out)
