"""Calls in storage: a side per member, one settlement, and chats that move."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime

import pytest

from storage.calls import CallStore, NewCall
from storage.chats import ChatStore
from storage.db import Storage

NOW = datetime(2025, 1, 2, 22, 0, tzinfo=UTC)
GROUP, OTHER_GROUP = -100, -200


def new_call(chat_id: int = GROUP, maker: int = 1, thread_id: int | None = None) -> NewCall:
    return NewCall(chat_id=chat_id, thread_id=thread_id, maker_id=maker, maker_name="Alice",
                   metric="gap", small="IWM", large="SPY", op=">", threshold=0.0,
                   probability=0.7, start_day=date(2025, 1, 2), start_value=0.0,
                   settle_day=date(2025, 7, 2), cutoff_day=date(2025, 1, 20), horizon="6m",
                   lang="en", base_rate=48.0, base_windows=6000,
                   base_since=date(2000, 5, 26))


@pytest.fixture
def storage(tmp_path) -> Storage:
    storage = Storage(tmp_path / "calls.sqlite3")
    yield storage
    storage.close()


@pytest.fixture
def calls(storage) -> CallStore:
    return CallStore(storage.db)


def test_a_call_is_read_back_as_it_was_made_and_only_in_its_chat(calls):
    call_id = calls.add(new_call(), NOW)
    stored = calls.call(GROUP, call_id)
    assert (stored.metric, stored.op, stored.threshold, stored.probability) == ("gap", ">", 0.0,
                                                                                  0.7)
    assert (stored.start_day, stored.settle_day, stored.status) == (
        date(2025, 1, 2), date(2025, 7, 2), "open")
    assert calls.call(OTHER_GROUP, call_id) is None
    assert calls.delete(OTHER_GROUP, call_id) is False
    assert calls.take_side(OTHER_GROUP, call_id, 2, "Bob", "agree", date(2025, 1, 3),
                           NOW) == "missing"


def test_a_member_has_one_side_changeable_until_the_cutoff(calls):
    call_id = calls.add(new_call(), NOW)
    day = date(2025, 1, 3)
    assert calls.take_side(GROUP, call_id, 2, "Bob", "agree", day, NOW) == "recorded"
    assert calls.take_side(GROUP, call_id, 2, "Bob", "agree", day, NOW) == "same"
    assert calls.take_side(GROUP, call_id, 2, "Bob", "disagree", day, NOW) == "changed"
    late = date(2025, 1, 21)
    assert calls.take_side(GROUP, call_id, 2, "Bob", "agree", late, NOW) == "locked"
    assert calls.take_side(GROUP, call_id, 3, "Cho", "agree", late, NOW) == "recorded"
    assert [(s.member_id, s.side) for s in calls.sides(call_id)] == [(2, "disagree"),
                                                                     (3, "agree")]


def test_settling_twice_settles_once_and_queues_one_message(calls, storage):
    call_id = calls.add(new_call(), NOW)
    message = (f"call:{call_id}:settled", GROUP, "settled", None)
    assert calls.settle(call_id, end_value=1.5, hit=True, now=NOW, message=message)
    assert not calls.settle(call_id, end_value=-9.0, hit=False, now=NOW, message=message)
    stored = calls.call(GROUP, call_id)
    assert (stored.status, stored.end_value, stored.hit) == ("settled", 1.5, True)
    assert storage.db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1
    assert calls.take_side(GROUP, call_id, 2, "Bob", "agree", date(2025, 1, 3),
                           NOW) == "closed"


def test_two_settlements_at_once_on_two_connections_settle_once(tmp_path):
    path = tmp_path / "race.sqlite3"
    first = Storage(path)
    call_id = CallStore(first.db).add(new_call(), NOW)
    second = Storage(path)
    stores = [CallStore(first.db), CallStore(second.db)]
    barrier = threading.Barrier(2)
    results: list[bool] = []

    def settle(store: CallStore, value: float) -> None:
        barrier.wait()
        results.append(store.settle(call_id, end_value=value, hit=value > 0, now=NOW,
                                    message=(f"call:{call_id}:settled", GROUP, str(value),
                                             None)))

    threads = [threading.Thread(target=settle, args=(s, v)) for s, v in zip(stores, (1.0, 2.0),
                                                                           strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False, True]
    rows = first.db.execute("SELECT text FROM outbox").fetchall()
    assert len(rows) == 1
    assert CallStore(first.db).call(GROUP, call_id).end_value == float(rows[0][0])
    first.close()
    second.close()


def test_due_calls_are_the_open_ones_whose_day_has_come(calls):
    soon = calls.add(new_call(), NOW)
    calls.add(new_call(chat_id=OTHER_GROUP), NOW)
    assert calls.due(date(2025, 7, 1)) == []
    assert {c.id for c in calls.due(date(2025, 7, 2))} == {soon, soon + 1}
    calls.settle(soon, end_value=1.0, hit=True, now=NOW, message=("k", GROUP, "t", None))
    assert [c.id for c in calls.due(date(2025, 8, 1))] == [soon + 1]


def test_a_migrated_group_keeps_its_calls_and_an_anonymous_admin_stays_the_group(storage,
                                                                                   calls):
    chats = ChatStore(storage.db)
    by_member = calls.add(new_call(), NOW)
    by_the_group = calls.add(new_call(maker=GROUP), NOW)
    calls.take_side(GROUP, by_member, GROUP, "the group", "agree", date(2025, 1, 3), NOW)
    assert chats.migrate_chat(GROUP, -1001, NOW)
    assert calls.call(GROUP, by_member) is None
    assert calls.call(-1001, by_member).maker_id == 1
    assert calls.call(-1001, by_the_group).maker_id == -1001
    assert [s.member_id for s in calls.sides(by_member)] == [-1001]
    assert ("IWM", "SPY") in chats.pairs_in_use()  # an open call keeps its pair fresh


def test_a_closed_topic_moves_its_calls_to_general(storage, calls):
    chats = ChatStore(storage.db)
    call_id = calls.add(new_call(thread_id=7), NOW)
    assert chats.move_topic_to_general(GROUP, 7)
    assert calls.call(GROUP, call_id).thread_id is None


def test_calls_can_be_restricted_to_admins_per_chat(storage):
    chats = ChatStore(storage.db)
    assert chats.chat(GROUP).calls_open is True
    chats.update_chat(GROUP, NOW, calls_open=0)
    assert chats.chat(GROUP).calls_open is False


def test_each_chat_numbers_its_own_calls_and_never_reuses_a_number(calls):
    assert calls.add(new_call(), NOW) == 1
    assert calls.add(new_call(chat_id=OTHER_GROUP), NOW) == 1  # the other club's first
    assert calls.add(new_call(), NOW) == 2
    assert calls.delete(GROUP, 2)
    assert calls.add(new_call(), NOW) == 3  # #2 stays the deleted one's
    assert calls.call(GROUP, 1).id != calls.call(OTHER_GROUP, 1).id


def test_a_migrated_groups_calls_follow_any_the_supergroup_made(storage, calls):
    chats = ChatStore(storage.db)
    calls.add(new_call(chat_id=-1001), NOW)  # the supergroup's own #1
    calls.add(new_call(), NOW)
    assert chats.migrate_chat(GROUP, -1001, NOW)
    assert [calls.call(-1001, n).maker_name for n in (1, 2)] == ["Alice", "Alice"]
    assert calls.call(-1001, 2).start_day == date(2025, 1, 2)
