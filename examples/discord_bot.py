"""A Discord bot that runs its servers by groupkit's rules, with their AutoMod rules imported
(discord.py 2).

When it joins a server it reads the server's AutoMod rules and adds them to the server's policy
(`gk.moderation.from_discord_automod`), so they get groupkit's escalation and reasons; on each
message it screens the message and acts (delete, time out, kick, reply); every few seconds it ticks
the servers with a deadline; once a day it reviews each server and posts the top actions in the
admins' channel. State, policies and the action log live in the SQLite store of `examples/store.py`.

The Discord-facing part is a thin shell (`GroupkitClient`) over pure functions that turn a
`discord.Message` into the discord.py calls to make (`on_message`, `on_timer`, `daily_reports`):
those are tested offline with discord.py's own objects.

Run it:

    pip install 'groupkit[examples]'
    python examples/discord_bot.py bot.db   # with DISCORD_TOKEN and ADMIN_CHANNEL_ID set
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import discord
from discord.ext import tasks

import groupkit as gk
from groupkit.moderation import DiscordImport, from_discord_automod
from store import Pending, Store

__all__ = ["Call", "GroupkitClient", "Plan", "daily_reports", "event_of", "import_automod", "member_of",
           "on_message", "on_timer"]

AD_TAG = "#广告"  # this bot's servers ask advertisers to tag their ads
LONGEST_TIMEOUT = timedelta(days=28)  # Discord's limit; a mute without an end lasts this long
REVIEW_AT = time(20, 0, tzinfo=ZoneInfo("Asia/Shanghai"))  # the daily review: 8 pm in Beijing
MAX_TEXT = 2000  # Discord's limit for one message


@attrs.frozen
class Call:
    """One discord.py call to make: `await target.method(*args, **kwargs)`."""

    target: Any
    method: str
    args: tuple[Any, ...] = ()
    kwargs: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class Plan:
    """The calls that carry out one stored action; when they are made, mark `action` done."""

    action: Pending
    calls: tuple[Call, ...]


def community_id(guild_id: int) -> str:
    return f"dc:{guild_id}"


# --8<-- [start:member]
def member_of(author: discord.Member) -> gk.Member | None:
    """The `gk.Member` for a server member: the owner, administrators (admin), members who may
    manage messages or time members out (moderator); role ids as tags, for `exempt_tags`. None when
    Discord did not say when they joined (a sender of unknown tenure)."""
    if author.joined_at is None:
        return None
    permissions = author.guild_permissions
    if author.guild.owner_id == author.id:
        role = "owner"
    elif permissions.administrator:
        role = "admin"
    elif permissions.manage_messages or permissions.moderate_members:
        role = "moderator"
    else:
        role = "member"
    tags = [str(r.id) for r in author.roles if not r.is_default()]
    return gk.Member(str(author.id), author.joined_at, role=role, nickname=author.display_name, tags=tags)


def event_of(message: discord.Message) -> gk.Event:
    """The `gk.Event` for a message: its kind, text, time, id, channel, and the members and roles it mentions."""
    types = [attachment.content_type or "" for attachment in message.attachments]
    if message.flags.voice:
        kind = gk.Kind.VOICE
    elif any(t.startswith("video/") for t in types):
        kind = gk.Kind.VIDEO
    elif any(t.startswith("image/") for t in types):
        kind = gk.Kind.IMAGE
    else:
        kind = gk.Kind.MESSAGE
    mentions = [str(user.id) for user in message.mentions] + [str(role.id) for role in message.role_mentions]
    data: dict[str, Any] = {"channel": str(message.channel.id), "mentions": mentions}
    if AD_TAG in message.content:
        data["ad"] = True
    return gk.Event(str(message.author.id), kind, message.created_at, text=message.content, id=str(message.id), data=data)
# --8<-- [end:member]


# --8<-- [start:calls]
def calls_for(action: Pending, guild: discord.Guild) -> tuple[Call, ...]:
    """The discord.py calls that carry out a decision in `guild`: delete the message for a delete,
    a mute or a removal; time the member out (mute) or kick them (removal); and post the decision's
    message in the message's channel (the server's system channel for a timer's decision), as a
    reply for a reminder, a request or a warning."""
    decision, event = action.decision, action.event
    channel: Any = guild.system_channel
    message = None
    if event is not None:
        channel = guild.get_channel_or_thread(int(event.data["channel"])) or channel
        if channel is not None:
            message = channel.get_partial_message(int(str(event.id)))
    reason = decision.reasons[0].en if decision.reasons else decision.rule
    calls = []
    if decision.action in ("delete", "mute", "remove") and message is not None:
        calls.append(Call(message, "delete"))
    if decision.action == "mute":
        member = guild.get_member(int(decision.member_id))
        if member is not None:  # None: they left the server meanwhile
            until = min(decision.duration or LONGEST_TIMEOUT, LONGEST_TIMEOUT)
            calls.append(Call(member, "timeout", (until,), {"reason": reason}))
    elif decision.action == "remove":
        calls.append(Call(guild, "kick", (), {"user": discord.Object(id=int(decision.member_id)), "reason": reason}))
    if decision.message is not None and channel is not None:
        reply = {"reference": message} if message is not None and decision.action in ("remind", "request", "warn") else {}
        calls.append(Call(channel, "send", (), {"content": decision.message.zh[:MAX_TEXT], **reply}))
    return tuple(calls)
# --8<-- [end:calls]


# --8<-- [start:message]
def on_message(store: Store, message: discord.Message) -> list[Plan]:
    """What to do about one server message: the plans for the actions its screening stored.
    Direct messages, bots and servers without a stored policy are left alone."""
    guild, author = message.guild, message.author
    if guild is None or author.bot or not isinstance(author, discord.Member):
        return []
    cid = community_id(guild.id)
    try:
        policy, _ = store.policy(cid)
    except KeyError:
        return []
    if policy.moderation is None:
        return []
    screened = store.screen(policy.moderation, cid, event_of(message), member_of(author))
    actions = screened.actions
    if screened.again:  # delivered again: only what was not carried out the first time
        actions = tuple(action for action in store.pending(cid) if action.version == screened.version)
    return [Plan(action, calls_for(action, guild)) for action in actions]
# --8<-- [end:message]


# --8<-- [start:timer]
def on_timer(store: Store, now: datetime, guilds: Iterable[discord.Guild]) -> list[Plan]:
    """Fire the deadlines due by `now` in the bot's servers (each once, whoever ticks): the plans."""
    by_id = {community_id(guild.id): guild for guild in guilds}
    plans = []
    for cid in store.due(now):
        moderation = store.policy(cid)[0].moderation
        if cid in by_id and moderation is not None:
            plans += [Plan(action, calls_for(action, by_id[cid])) for action in store.tick(moderation, cid, now)]
    return plans


def pending(store: Store, guilds: Iterable[discord.Guild]) -> list[Plan]:
    """The actions stored but not carried out (the bot stopped before it could): do these first."""
    by_id = {community_id(guild.id): guild for guild in guilds}
    return [Plan(action, calls_for(action, by_id[action.community_id]))
            for action in store.pending() if action.community_id in by_id]
# --8<-- [end:timer]


# --8<-- [start:automod]
def import_automod(store: Store, guild: discord.Guild, rules: Sequence[Mapping[str, Any]],
                   base: gk.Policy) -> DiscordImport:
    """Store the server's policy: `base` with the server's AutoMod rules (as the API returns them)
    added to its screening rules, replacing rules of the same name. Also stores the server's facts
    the first time. What could not be converted is in the result's `skipped`."""
    imported = from_discord_automod(rules)
    cid = community_id(guild.id)
    if cid not in store.community_ids():
        store.put_community(gk.Community(cid, "interest", "growth", None, [], []))
    moderation = base.moderation or gk.Moderation([])
    names = {rule.name for rule in imported.rules}
    kept = [rule for rule in moderation.rules if rule.name not in names]
    policy = attrs.evolve(base, moderation=attrs.evolve(moderation, rules=[*kept, *imported.rules]))
    while True:  # compare-and-set: another worker may be storing it too
        try:
            current, version = store.policy(cid)
        except KeyError:
            current, version = None, 0
        if current == policy:
            return imported
        try:
            store.put_policy(cid, policy, version=version)
            return imported
        except ValueError:
            continue
# --8<-- [end:automod]


def daily_reports(store: Store, now: datetime, channel: Any, *, top: int = 10) -> list[Call]:
    """Review every server as of `now` and post each one's top actions in `channel`, in Chinese."""
    calls = []
    for cid in store.community_ids():
        if cid.startswith("dc:"):
            try:
                policy, _ = store.policy(cid)
            except KeyError:
                continue
            text = gk.report.as_text(policy.review(store.community(cid), now=now), "zh", top=top)
            calls.append(Call(channel, "send", (), {"content": text[:MAX_TEXT]}))
    return calls


# --8<-- [start:shell]
# -- the shell: everything below talks to Discord -------------------------------------------------

class GroupkitClient(discord.Client):
    """The bot: imports AutoMod rules, screens messages, ticks every `every`, reviews daily at `review_at`."""

    def __init__(self, path: str, admin_channel_id: int, base: gk.Policy, *, every: float = 5.0,
                 review_at: time = REVIEW_AT) -> None:
        intents = discord.Intents.default()
        intents.message_content = True  # a privileged intent: switch it on in the developer portal
        intents.members = True  # so that members are cached for time-outs
        super().__init__(intents=intents)
        self.store, self.admin_channel_id, self.base = Store(path), admin_channel_id, base
        self.timer = tasks.loop(seconds=every)(self._tick)
        self.review = tasks.loop(time=review_at)(self._review)

    async def setup_hook(self) -> None:
        self.timer.start()
        self.review.start()

    async def _carry_out(self, plans: Sequence[Plan]) -> None:
        for plan in plans:
            for call in plan.calls:
                await getattr(call.target, call.method)(*call.args, **call.kwargs)
            self.store.done(plan.action, datetime.now(UTC))

    async def on_ready(self) -> None:
        await self._carry_out(pending(self.store, self.guilds))

    async def on_guild_available(self, guild: discord.Guild) -> None:
        rules = await self.http.get_auto_moderation_rules(guild.id)
        imported = import_automod(self.store, guild, rules, self.base)
        for skipped in imported.skipped:
            print(f"{guild.name}: AutoMod rule not imported: {skipped}")

    async def on_message(self, message: discord.Message) -> None:
        await self._carry_out(on_message(self.store, message))

    async def _tick(self) -> None:
        await self._carry_out(on_timer(self.store, datetime.now(UTC), self.guilds))

    async def _review(self) -> None:
        channel = self.get_channel(self.admin_channel_id)
        for call in daily_reports(self.store, datetime.now(UTC), channel):
            await getattr(call.target, call.method)(*call.args, **call.kwargs)


def main(argv: Sequence[str]) -> None:
    if len(argv) != 2:
        sys.exit("usage: python examples/discord_bot.py STORE.db  (with DISCORD_TOKEN and ADMIN_CHANNEL_ID set)")
    client = GroupkitClient(argv[1], int(os.environ["ADMIN_CHANNEL_ID"]), gk.presets.wechat_group())
    client.run(os.environ["DISCORD_TOKEN"])


if __name__ == "__main__":
    main(sys.argv)
# --8<-- [end:shell]
