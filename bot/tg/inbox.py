"""No update lost in a crash: each update is saved before Telegram hears it arrived.

Telegram forgets an update once it is acknowledged (the webhook answers 200, long polling
asks with the next offset), and PTB acknowledges as soon as the update is queued in
memory, so a crash between acknowledging and handling lost the update for good. Here the
webhook and the poller hand each update to `UpdateInbox.receive`, which commits it to
the inbox (storage/inbox.py) and only then returns, so the acknowledgement follows the
save; the update is then handled as PTB's own update fetcher would (through the
Application's update processor: chats side by side, each chat's in order) and marked
done once its handlers ran. On start `resume` hands the Application what a crash left
pending, oldest first, before any new update is taken.

Done is marked in its own transaction right after the handlers, not in theirs: most
effects are messages sent to Telegram, which no SQLite transaction can include, and the
few writes (settings, rules) commit inside ChatStore. So a crash in the moment between a
handler's last send and the mark repeats that update's answer on restart: at least once,
never lost.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.ext import Application, ExtBot

from storage.inbox import Inbox

log = logging.getLogger(__name__)

PRUNE_EVERY = timedelta(hours=6)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class UpdateInbox:
    """The one door updates come in by, for the webhook and the poller alike."""

    def __init__(self, application: Application, store: Inbox,
                 clock: Callable[[], datetime] = _utcnow):
        self.application = application
        self.store = store
        self.clock = clock
        self._pruned_at: datetime | None = None

    @classmethod
    def of(cls, application: Application) -> UpdateInbox:
        """The inbox in the application's own database."""
        return cls(application, Inbox(application.bot_data.services.storage.db))

    def resume(self) -> int:
        """Hand the running Application every update a crash left pending, in Telegram's
        order; call it after `application.start()` and before taking new updates, so each
        chat's old updates are queued ahead of its new ones. Returns how many."""
        self._prune()
        left = self.store.pending()
        for row in left:
            update = Update.de_json(row.payload, self.application.bot)
            self.resolve_callback_data(update)
            self._handle(update)
        if left:
            log.info("handling %d update(s) left pending by the last run", len(left))
        return len(left)

    def receive(self, update: Update, payload: dict | None = None) -> bool:
        """Save `update` (its JSON as Telegram sent it, else as PTB reads it), then hand
        it to the Application. The save is committed when this returns, so the caller
        may acknowledge it; False for a repeat delivery, which is dropped."""
        chat = update.effective_chat
        saved = self.store.save(update.update_id, chat.id if chat else None,
                                payload if payload is not None else update.to_dict(),
                                self.clock())
        if not saved:
            log.info("update %d delivered again: already taken, dropped", update.update_id)
            return False
        self._handle(update)
        if self._pruned_at is None or self.clock() - self._pruned_at >= PRUNE_EVERY:
            self._prune()
        return True

    def resolve_callback_data(self, update: Update) -> None:
        # As PTB's webhook and get_updates do: arbitrary callback data is resolved on arrival.
        bot = self.application.bot
        if isinstance(bot, ExtBot):
            bot.insert_callback_data(update)

    def _handle(self, update: Update) -> None:
        """What PTB's update fetcher does for a queued update, then the done mark."""
        app = self.application
        app.create_task(app.update_processor.process_update(update, self._handled(update)),
                        update=update, name=f"inbox:update:{update.update_id}")

    async def _handled(self, update: Update) -> None:
        # process_update hands handler errors to the error handlers and returns, so an
        # update that failed is done too; only a crash (or a cancelled task) leaves it.
        await self.application.process_update(update)
        self.store.mark_done(update.update_id, self.clock())

    def _prune(self) -> None:
        self._pruned_at = self.clock()
        self.store.prune(self._pruned_at)


class InboxFeed(asyncio.Queue):
    """The queue PTB's Updater puts fetched updates on, saving each to the inbox.

    The Updater asks Telegram for the next offset (which confirms the batch) only after
    `put` returned for every update of the batch (telegram/ext/_updater.py,
    polling_action_cb), so no update is confirmed before it is saved. Nothing is ever
    taken off this queue: `put` hands the update straight to the inbox.
    """

    def __init__(self, inbox: UpdateInbox):
        super().__init__()
        self.inbox = inbox

    async def put(self, item: object) -> None:
        self.put_nowait(item)

    def put_nowait(self, item: object) -> None:
        if isinstance(item, Update):
            self.inbox.receive(item)
        else:  # not from Telegram, nothing to keep: straight to the Application
            self.inbox.application.update_queue.put_nowait(item)
