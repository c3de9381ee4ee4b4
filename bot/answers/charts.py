"""An answer's chart as PNG bytes, drawn once per data change for every chat."""

from __future__ import annotations

from bot.answers.answer import Answer, chart_key
from bot.answers.services import Services
from bot.present.drawing import draw


def has_drawn(svc: Services, answer: Answer) -> bool:
    return chart_key(answer) in svc.answers


async def chart_png(svc: Services, answer: Answer) -> bytes | None:
    if answer.chart is None:
        return None
    key = chart_key(answer)
    png = svc.answers.get(key)
    if png is None:
        png = await draw(answer.chart.name, answer.chart.args, dict(answer.chart.kwargs))
        if png is not None:
            svc.answers.put(key, png)
    return png
