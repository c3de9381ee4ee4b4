"""/gap: relative performance of the small side against the large side, with its window
and basis buttons, the same for the command, its buttons, inline mode and the console."""

from __future__ import annotations

import html

from analytics.performance import RelativePerformance, relative_performance
from analytics.windows import Window
from bot.answers.answer import Answer, Ask, Button, Chart
from bot.answers.buttons import BASIS_WORDS, button_data
from bot.answers.pair_offer import pair_offer
from bot.answers.services import Services, check_fetch_budget
from bot.parsing import GapRequest, parse_gap_args
from bot.present import render
from bot.present.i18n import sources_label, t, window_button_label

WINDOW_ROWS = (("1m", "3m", "6m", "ytd"), ("1y", "3y", "5y"))


async def gap(svc: Services, ask: Ask, args: list[str]) -> Answer:
    """`[WINDOW] [SMALL LARGE] [total|price]`: total return unless price is asked."""
    basis = "total"
    if args and args[-1].lower() in BASIS_WORDS:
        basis, args = args[-1].lower(), args[:-1]
    request = parse_gap_args(args, ask.today, *ask.pair)
    check_fetch_budget(svc, ask, [request.small, request.large])
    key = ("gap", request, basis, ask.lang)
    answer = svc.answers.get(key)
    if answer is None:
        answer = await _gap_answer(svc, request, basis, ask.lang)
        svc.answers.put(key, answer)
    return answer


def window_words(window: Window) -> tuple[str, ...]:
    """The window as the user would type it again: its code, or its dates."""
    if window.preset is not None:
        return (window.preset,)
    return tuple(d.isoformat() for d in (window.start, window.end) if d is not None)


def _ask_line(window_words_: tuple[str, ...], small: str, large: str, basis: str
              ) -> tuple[str, ...]:
    return (*window_words_, small, large, *(("price",) if basis == "price" else ()))


async def _gap_answer(svc: Services, request: GapRequest, basis: str, lang: str) -> Answer:
    frames = await svc.market.prices([request.small, request.large])
    small, large = frames[request.small], frames[request.large]
    result = relative_performance(request.small, small, request.large, large, request.window,
                                  basis=basis)
    freshness = svc.market.freshness([request.small, request.large], result.end_date)
    text = render.render_gap(lang, result, freshness, frames_have=_bases_held(
        {request.small: small, request.large: large}))
    rows = _window_and_basis_rows(lang, request, basis)
    if result.truncated:
        words = window_words(request.window)
        offer = pair_offer(svc, lang, request.small, request.large, result.requested_start,
                           lambda s, lg: button_data("gap", _ask_line(words, s, lg, basis)))
        if offer is not None:
            text += "\n" + offer.text
            rows = (*rows, offer.buttons)
    chart = Chart("gap_chart", (result, small, large, lang, result.basis), (
        ("source", sources_label(lang, freshness.sources) or None),
        ("stale_note", render.chart_stale_note(lang, freshness, result.window.end is None)),
    ), may_stand_apart=False)
    line = " ".join(["/gap", *_ask_line(window_words(request.window), request.small,
                                        request.large, basis)])
    return Answer(text, chart, rows, command_line=line, title=_inline_title(lang, result),
                  description=f"{result.start_date} → {result.end_date}")


def _window_and_basis_rows(lang: str, request: GapRequest, basis: str
                           ) -> tuple[tuple[Button, ...], ...]:
    def button(label: str, words: tuple[str, ...], chosen_basis: str, selected: bool):
        data = button_data("gap", _ask_line(words, request.small, request.large, chosen_basis))
        return Button(label, data, selected) if data else None

    current = request.window.preset
    rows = [[button(window_button_label(lang, w), (w,), basis, w == current) for w in row]
            for row in WINDOW_ROWS]
    # The basis buttons keep the window shown, whatever it is (a code or dates).
    rows.append([button(t(lang, "button_" + b), window_words(request.window), b, b == basis)
                 for b in BASIS_WORDS])
    return tuple(tuple(b for b in row if b) for row in rows if any(row))


def _bases_held(frames: dict) -> dict[tuple[str, str], bool]:
    """Which side has any closes of each basis, so an empty cell is explained truly."""
    held = {}
    for ticker, frame in frames.items():
        for basis, column in (("price", "close"), ("total", "adj_close")):
            held[ticker, basis] = column in frame.columns and bool(frame[column].notna().any())
    return held


def _inline_title(lang: str, result: RelativePerformance) -> str:
    gap_pp = result.total_gap_pp if result.total_gap_pp is not None else result.price_gap_pp
    window = render.covered_window(lang, result.window, result.start_date, result.end_date,
                                   result.truncated)
    return html.unescape(
        f"{result.small.ticker} vs {result.large.ticker} · {window}: {render.fmt_pp(lang, gap_pp)}"
    )
