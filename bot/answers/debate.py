"""/rates, /drawdown, /event, /odds and /mix: the rest of the small-cap debate.

Each answer is built once per data change for every chat, from the command's words, and
shared by the command, its buttons, inline mode, questions and the console.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analytics.drawdown import drawdowns
from analytics.events import event_window, find_event
from analytics.mix import mix_portfolio
from analytics.odds import rolling_odds
from analytics.performance import AnalyticsError
from analytics.rates import BILL_TICKER, YIELD_TICKER, rates_sensitivity
from bot.answers.answer import Answer, Ask, Button, Chart
from bot.answers.buttons import button_data
from bot.answers.gap import window_words as _window_words
from bot.answers.pair_offer import PairOffer, first_close, pair_offer
from bot.answers.services import Services, check_fetch_budget
from bot.catalogue import command as catalogue_command
from bot.config import TICKER_RE
from bot.parsing import (
    parse_event_args,
    parse_mix_args,
    parse_odds_args,
    parse_window_pair,
)
from bot.present import debate as render_debate
from bot.present import render
from bot.present.i18n import sources_label, t, window_button_label
from bot.present.render import esc, refusal_text


@dataclass(frozen=True)
class DebateAnswer:
    """What one debate builder found, before it becomes an Answer."""

    text: str
    chart: str | None = None  # a bot.present.charts function drawing `result`
    result: object = None
    sources: str | None = None
    tickers: tuple[str, ...] = ()
    # The answer's own words with the pair spelled out, when its window buttons apply:
    # `("1y", "VTWO", "SPY")`, `("20", "10y", "VTWO", "SPY")` for /mix.
    canonical: tuple[str, ...] | None = None
    offer: PairOffer | None = None  # a longer-lived pair that can answer it
    refused: bool = False  # the pair could not answer; `text` says why (and `offer` who can)
    stale_note: str | None = None  # the chart's stale warning, on the text's rule


def _debate_offer(svc: Services, lang: str, command: str, question: tuple[str, ...],
                  small: str, large: str, needed_start: date) -> PairOffer | None:
    """`pair_offer` whose buttons ask `/command QUESTION OTHER_SMALL OTHER_LARGE`."""
    return pair_offer(svc, lang, small, large, needed_start,
                      lambda s, lg: button_data(command, (*question, s, lg)))


def _with_offer(lang: str, text: str, offer: PairOffer | None) -> str:
    return text if offer is None else f"{text}\n{offer.text}"


async def _pair_frames(svc: Services, small: str, large: str):
    frames = await svc.market.prices([small, large])
    return frames[small], frames[large]


def _sources(svc: Services, lang: str, tickers) -> str:
    return sources_label(lang, svc.storage.price_sources(list(tickers))) or "cache"


def _stale(lang: str, freshness, open_ended: bool) -> str | None:
    return render.chart_stale_note(lang, freshness, open_ended)


def _truncation_offer(svc: Services, lang: str, command: str, question: tuple[str, ...],
                      result, needed_start: date | None = None) -> PairOffer | None:
    """A pair with the history a window cut short by the data needs."""
    if not result.truncated:
        return None
    return _debate_offer(svc, lang, command, question, result.small_ticker,
                         result.large_ticker, needed_start or result.requested_start)


async def _rates(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_window_pair(args, today, *pair,
                                usage="usage_rates", default="1y")
    small, large = await _pair_frames(svc, request.small, request.large)
    tnx = (await svc.market.prices([YIELD_TICKER]))[YIELD_TICKER]
    irx = svc.market.cached_prices([BILL_TICKER]).get(BILL_TICKER)
    result = rates_sensitivity(request.small, small, request.large, large, tnx,
                               request.window, irx=irx)
    tickers = (request.small, request.large, YIELD_TICKER)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    # No pair reaches back further than the yield does.
    needed = max(result.requested_start, first_close(tnx) or result.requested_start)
    offer = _truncation_offer(svc, lang, "rates", _window_words(request.window), result,
                              needed)
    text = _with_offer(lang, render_debate.render_rates(lang, result, freshness), offer)
    return DebateAnswer(text, "rates_chart", result, _sources(svc, lang, tickers), tickers,
                        _preset_args(request), offer,
                        stale_note=_stale(lang, freshness, not result.closed))


async def _drawdown(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_window_pair(args, today, *pair,
                                usage="usage_drawdown", default="max")
    small, large = await _pair_frames(svc, request.small, request.large)
    result = drawdowns(request.small, small, request.large, large, request.window)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    offer = _truncation_offer(svc, lang, "drawdown", _window_words(request.window), result)
    text = _with_offer(lang, render_debate.render_drawdown(lang, result, freshness), offer)
    return DebateAnswer(text, "drawdown_chart", result, _sources(svc, lang, tickers), tickers,
                        _preset_args(request), offer,
                        stale_note=_stale(lang, freshness, not result.closed))


async def _event(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    if not args:
        return DebateAnswer(render_debate.render_event_list(lang))
    request = parse_event_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    start = find_event(request.event_key) if request.event_key else request.start
    try:
        result = event_window(request.small, small, request.large, large, start,
                              request.days)
    except AnalyticsError as exc:
        if exc.code != "start_before_data":
            raise
        question = (request.event_key or request.start.isoformat(), str(request.days))
        return _refusal_with_offer(svc, lang, exc, "event", question, request,
                                   request.start)
    tickers = (request.small, request.large)
    # Staleness is about the data, which runs on past the event window.
    freshness = svc.market.freshness(list(tickers), result.last_date)
    text = render_debate.render_event(lang, result, freshness)
    if request.read_as:  # `covd` answered as covid: the first line says how it was read
        text = t(lang, "event_read_as", typed=esc(request.read_as),
                 event=request.event_key) + "\n" + text
    return DebateAnswer(text, "event_chart", result, _sources(svc, lang, tickers), tickers,
                        stale_note=_stale(lang, freshness,
                                          render_debate.event_open_ended(result)))


def _refusal_with_offer(svc: Services, lang: str, exc: AnalyticsError, command: str,
                        question: tuple[str, ...], request, needed_start: date
                        ) -> DebateAnswer:
    """The pair's data is too short: say so, and name the pairs that can answer (or
    refuse as before when none can)."""
    offer = _debate_offer(svc, lang, command, question, request.small, request.large,
                          needed_start)
    if offer is None:
        raise exc
    return DebateAnswer(_with_offer(lang, refusal_text(lang, exc), offer), offer=offer,
                        refused=True)


async def _odds(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_odds_args(args, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    try:
        result = rolling_odds(request.small, small, request.large, large, request.years)
    except AnalyticsError as exc:
        if exc.code != "years_too_long":
            raise
        return _refusal_with_offer(svc, lang, exc, "odds", (f"{request.years}y",), request,
                                   exc.details["needed_start"])
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.last_date)
    return DebateAnswer(render_debate.render_odds(lang, result, freshness), "odds_chart",
                        result, _sources(svc, lang, tickers), tickers,
                        (f"{request.years}y", request.small, request.large),
                        stale_note=_stale(lang, freshness, True))


async def _mix(svc: Services, args: list[str], lang: str, today: date,
                  pair: tuple[str, str]) -> DebateAnswer:
    request = parse_mix_args(args, today, *pair)
    small, large = await _pair_frames(svc, request.small, request.large)
    result = mix_portfolio(request.small, small, request.large, large, request.window,
                           request.pct)
    tickers = (request.small, request.large)
    freshness = svc.market.freshness(list(tickers), result.end_date)
    preset = _preset_args(request)
    offer = _truncation_offer(svc, lang, "mix",
                              (f"{request.pct:g}", *_window_words(request.window)), result)
    text = _with_offer(lang, render_debate.render_mix(lang, result, freshness), offer)
    return DebateAnswer(text, "mix_chart", result, _sources(svc, lang, tickers), tickers,
                        (f"{request.pct:g}", *preset) if preset else None, offer,
                        stale_note=_stale(lang, freshness, not result.closed))


def _preset_args(request) -> tuple[str, ...] | None:
    """`(window, SMALL, LARGE)` for a preset window; dates get no window buttons."""
    if request.window.preset is None:
        return None
    return (request.window.preset, request.small, request.large)


async def _answer(build, command: str, svc: Services, ask: Ask, args: list[str]) -> Answer:
    """The answer to one debate command, computed once per data change for every chat."""
    check_fetch_budget(svc, ask, _explicit_tickers(args))
    key = ("debate", command, tuple(a.lower() for a in args), ask.lang, ask.today, ask.pair)
    answer = svc.answers.get(key)
    if answer is None:
        found = await build(svc, args, ask.lang, ask.today, ask.pair)
        answer = _as_answer(command, found, ask.lang, args)
        svc.answers.put(key, answer)
    return answer


def _explicit_tickers(args: list[str]) -> list[str]:
    """The pair named at the end of the words, if any (an unseen one costs a fetch)."""
    words = [a.upper() for a in args[-2:]]
    return words if len(words) == 2 and all(TICKER_RE.match(w) and not w[0].isdigit()
                                            for w in words) else []


def _as_answer(command: str, found: DebateAnswer, lang: str, args: list[str]) -> Answer:
    rows = tuple(row for row in (_window_row(command, found, lang),
                                 found.offer.buttons if found.offer else ()) if row)
    chart = None
    if found.chart is not None:
        chart = Chart(found.chart, (found.result, lang),
                      (("source", found.sources), ("stale_note", found.stale_note)))
    words = found.canonical or tuple(args)
    title = render.html_to_text(found.text.split("\n", 1)[0])[:100]
    return Answer(found.text, chart, rows, command_line=" ".join(["/" + command, *words]),
                  refused=found.refused, title=title, usage=not args and command == "event")


def _window_row(command: str, found: DebateAnswer, lang: str) -> tuple[Button, ...]:
    """One row of the catalogue's windows for the command; the shown one is marked."""
    choices = catalogue_command(command).window_buttons
    if not choices or found.canonical is None:
        return ()
    position = catalogue_command(command).window_position
    buttons = []
    for choice in choices:
        words = list(found.canonical)
        words[position] = choice
        data = button_data(command, words)
        if data is None:
            return ()
        buttons.append(Button(window_button_label(lang, choice), data,
                              found.canonical[position] == choice))
    return tuple(buttons)


async def rates(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """How the pair moved with the 10-year yield."""
    return await _answer(_rates, "rates", svc, ask, args)


async def drawdown(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """Falls from the peak and recoveries, both sides."""
    return await _answer(_drawdown, "drawdown", svc, ask, args)


async def event(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """The pair over the trading days after an event (alone: the list of events)."""
    return await _answer(_event, "event", svc, ask, args)


async def odds(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """How often small beat large over N-year holds."""
    return await _answer(_odds, "odds", svc, ask, args)


async def mix(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """A small-cap slice in a large-cap portfolio."""
    return await _answer(_mix, "mix", svc, ask, args)
