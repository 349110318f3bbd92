"""A Telegram bot that runs its groups by groupkit's rules (python-telegram-bot 22).

On each group message it screens the message and acts (delete, mute, remove, remind); every few
seconds it ticks the groups with a deadline; once a day it reviews each group and sends the top
actions to the admins' chat. State, policies and the action log live in the SQLite store of
`examples/store.py`, so the bot can run as several processes and be restarted at any time.

The Telegram-facing part is a thin shell (`build`) over pure functions that turn an incoming
`telegram.Message` into the Bot API calls to make (`on_message`, `on_timer`, `daily_reports`):
those are tested offline with python-telegram-bot's own objects.

Run it:

    pip install 'groupkit[examples]'
    python examples/telegram_bot.py bot.db   # with TELEGRAM_TOKEN and ADMIN_CHAT_ID set

Before it acts in a group, store the group's policy and facts (see `manage`).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
from telegram import Bot, ChatPermissions, Message, Update
from telegram.ext import Application, CallbackContext, ContextTypes, MessageHandler, filters

import groupkit as gk
from store import Pending, Store

__all__ = ["Call", "Plan", "build", "daily_reports", "event_of", "manage", "on_message", "on_timer", "pending"]

AD_TAG = "#广告"  # this bot's groups ask advertisers to tag their ads
REVIEW_AT = time(20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # the daily review: 8 pm in Beijing
MAX_TEXT = 4096  # the Bot API's limit for one message


# --8<-- [start:call]
@attrs.frozen
class Call:
    """One Bot API call to make: a `telegram.Bot` method's name and its keyword arguments."""

    method: str
    kwargs: Mapping[str, Any]


@attrs.frozen
class Plan:
    """The calls that carry out one stored action; when they are made, mark `action` done."""

    action: Pending
    calls: tuple[Call, ...]


def community_id(chat_id: int) -> str:
    return f"tg:{chat_id}"


def chat_id(community: str) -> int:
    return int(community.removeprefix("tg:"))
# --8<-- [end:call]


# --8<-- [start:manage]
def manage(store: Store, chat_id: int, policy: gk.Policy, *, purpose: str = "interest", stage: str = "growth",
           capacity: int | None = 500, timezone: str = "Asia/Shanghai") -> None:
    """Start running a group: store its facts and policy (an admin's one-off step)."""
    cid = community_id(chat_id)
    store.put_community(gk.Community(cid, purpose, stage, capacity, [], [], timezone))
    try:
        _, version = store.policy(cid)
    except KeyError:
        version = 0
    store.put_policy(cid, policy, version=version)
# --8<-- [end:manage]


# --8<-- [start:event]
def event_of(message: Message) -> gk.Event:
    """The `gk.Event` for a Telegram message: its kind, text, time and id; ads are tagged."""
    assert message.from_user is not None
    text = message.text or message.caption or ""
    if message.voice is not None:
        kind = gk.Kind.VOICE
    elif message.video is not None or message.video_note is not None:
        kind = gk.Kind.VIDEO
    elif message.photo:
        kind = gk.Kind.IMAGE
    else:
        kind = gk.Kind.MESSAGE
    data = {"ad": True} if AD_TAG in text else {}
    return gk.Event(str(message.from_user.id), kind, message.date, text=text, id=str(message.message_id), data=data)
# --8<-- [end:event]


# --8<-- [start:calls]
def calls_for(action: Pending, now: datetime) -> tuple[Call, ...]:
    """The Bot API calls that carry out a decision: delete the message for a delete, a mute or a
    removal; restrict the member (mute) or ban and unban them (removal, so that they may rejoin
    later); and post the decision's message in Chinese."""
    decision, chat = action.decision, chat_id(action.community_id)
    user = int(decision.member_id)
    calls = []
    if decision.action in ("delete", "mute", "remove") and action.event is not None:
        calls.append(Call("delete_message", {"chat_id": chat, "message_id": int(str(action.event.id))}))
    if decision.action == "mute":
        until = None if decision.duration is None else now + decision.duration
        calls.append(Call("restrict_chat_member", {"chat_id": chat, "user_id": user, "until_date": until,
                                                   "permissions": ChatPermissions.no_permissions()}))
    elif decision.action == "remove":
        calls.append(Call("ban_chat_member", {"chat_id": chat, "user_id": user}))
        calls.append(Call("unban_chat_member", {"chat_id": chat, "user_id": user, "only_if_banned": True}))
    if decision.message is not None:
        reply = {"reply_to_message_id": int(str(action.event.id))} if decision.action in ("remind", "request", "warn") \
            and action.event is not None else {}
        calls.append(Call("send_message", {"chat_id": chat, "text": decision.message.zh, **reply}))
    return tuple(calls)
# --8<-- [end:calls]


# --8<-- [start:message]
def on_message(store: Store, message: Message) -> list[Plan]:
    """What to do about one group message: the plans for the actions its screening stored.

    A group without a stored policy is left alone; members who join are stored with the time they
    joined (so `links(min_tenure=...)` knows them); other bots are not screened.
    """
    cid = community_id(message.chat.id)
    try:
        policy, _ = store.policy(cid)
    except KeyError:
        return []
    for user in message.new_chat_members:
        store.put_member(cid, gk.Member(str(user.id), message.date, nickname=user.full_name))
    sender = message.from_user
    if policy.moderation is None or sender is None or sender.is_bot or message.new_chat_members:
        return []
    screened = store.screen(policy.moderation, cid, event_of(message), store.member(cid, str(sender.id)))
    actions = screened.actions
    if screened.again:  # Telegram delivered it again: only what was not carried out the first time
        actions = tuple(action for action in store.pending(cid) if action.version == screened.version)
    return [Plan(action, calls_for(action, message.date)) for action in actions]
# --8<-- [end:message]


# --8<-- [start:timer]
def on_timer(store: Store, now: datetime) -> list[Plan]:
    """Fire the deadlines due by `now` in every group (each once, whoever ticks): the plans."""
    plans = []
    for cid in store.due(now):
        moderation = store.policy(cid)[0].moderation
        if moderation is not None and cid.startswith("tg:"):
            plans += [Plan(action, calls_for(action, now)) for action in store.tick(moderation, cid, now)]
    return plans


def pending(store: Store, now: datetime) -> list[Plan]:
    """The actions stored but not carried out (the bot stopped before it could): do these first."""
    return [Plan(action, calls_for(action, now)) for action in store.pending() if action.community_id.startswith("tg:")]
# --8<-- [end:timer]


# --8<-- [start:review]
def daily_reports(store: Store, now: datetime, admin_chat_id: int, *, top: int = 10) -> list[Call]:
    """Review every group as of `now` and send the admins each group's top actions, in Chinese."""
    calls = []
    for cid in store.community_ids():
        if not cid.startswith("tg:"):
            continue
        try:
            policy, _ = store.policy(cid)
        except KeyError:
            continue
        review = policy.review(store.community(cid), now=now)
        text = gk.report.as_text(review, "zh", top=top)
        calls.append(Call("send_message", {"chat_id": admin_chat_id, "text": text[:MAX_TEXT]}))
    return calls
# --8<-- [end:review]


# --8<-- [start:shell]
# -- the shell: everything below talks to Telegram ------------------------------------------------

async def _make(bot: Bot, calls: Sequence[Call]) -> None:
    for call in calls:
        await getattr(bot, call.method)(**call.kwargs)


async def _carry_out(bot: Bot, store: Store, plans: Sequence[Plan]) -> None:
    for plan in plans:
        await _make(bot, plan.calls)
        store.done(plan.action, datetime.now(UTC))


def build(token: str, path: str, admin_chat_id: int, *, every: timedelta = timedelta(seconds=5),
          review_at: time = REVIEW_AT) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot: a handler for group messages, a timer every `every`, a review each day at `review_at`."""
    store = Store(path)

    async def message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if update.effective_message is not None:
            await _carry_out(context.bot, store, on_message(store, update.effective_message))

    async def timer(context: CallbackContext[Any, Any, Any, Any]) -> None:
        await _carry_out(context.bot, store, on_timer(store, datetime.now(UTC)))

    async def review(context: CallbackContext[Any, Any, Any, Any]) -> None:
        await _make(context.bot, daily_reports(store, datetime.now(UTC), admin_chat_id))

    async def restart(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        await _carry_out(application.bot, store, pending(store, datetime.now(UTC)))

    application = Application.builder().token(token).post_init(restart).build()
    application.add_handler(MessageHandler(filters.ChatType.GROUPS, message))
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(timer, interval=every)
    application.job_queue.run_daily(review, time=review_at)
    return application


def main(argv: Sequence[str]) -> None:
    if len(argv) != 2:
        sys.exit("usage: python examples/telegram_bot.py STORE.db  (with TELEGRAM_TOKEN and ADMIN_CHAT_ID set)")
    application = build(os.environ["TELEGRAM_TOKEN"], argv[1], int(os.environ["ADMIN_CHAT_ID"]))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main(sys.argv)
# --8<-- [end:shell]
