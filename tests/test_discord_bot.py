"""examples/discord_bot.py, tested offline with discord.py's own objects (a Guild, its channel and
members, and Messages built from gateway payloads by discord.py itself): the server's AutoMod rules
imported into its policy, messages screened, a deadline fired by the timer, the daily review."""

from __future__ import annotations

import inspect
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

import groupkit as gk
from tests.examples import EXAMPLES  # noqa: F401  (puts examples/ on the path)

import discord_bot as bot  # isort: skip
from store import Store  # isort: skip

T0 = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
SECOND, MINUTE, DAY = timedelta(seconds=1), timedelta(minutes=1), timedelta(days=1)
GUILD, GENERAL, OWNER = 613425648685547541, 700000000000000001, 500000000000000001
MODERATORS, ADMINS, PARTNERS = 900000000000000002, 900000000000000003, 323456789123456789
NEWCOMER, REGULAR, MODERATOR, PARTNER = 500000000000000011, 500000000000000012, 500000000000000013, 500000000000000014
AUTOMOD = [
    {
        "id": "969707018069872670", "guild_id": str(GUILD), "name": "Invites and scams",
        "creator_id": str(OWNER), "event_type": 1, "trigger_type": 1,
        "trigger_metadata": {"keyword_filter": ["discord.gg*", "*nitro*", "free gift"], "regex_patterns": [],
                             "allow_list": ["nitrogen"]},
        "actions": [{"type": 1, "metadata": {"custom_message": "No invites or scams here."}},
                    {"type": 3, "metadata": {"duration_seconds": 600}}],
        "enabled": True, "exempt_roles": [str(PARTNERS)], "exempt_channels": [],
    },
    {
        "id": "969707018069872671", "guild_id": str(GUILD), "name": "Mention spam", "creator_id": str(OWNER),
        "event_type": 1, "trigger_type": 5, "trigger_metadata": {"mention_total_limit": 3},
        "actions": [{"type": 1}], "enabled": True, "exempt_roles": [], "exempt_channels": [],
    },
    {
        "id": "969707018069872672", "guild_id": str(GUILD), "name": "Spam", "creator_id": str(OWNER),
        "event_type": 1, "trigger_type": 3, "trigger_metadata": {}, "actions": [{"type": 1}],
        "enabled": True, "exempt_roles": [], "exempt_channels": [],
    },
]


def role(role_id: int, name: str, permissions: int, position: int) -> dict[str, Any]:
    return {"id": str(role_id), "name": name, "permissions": str(permissions), "position": position, "color": 0,
            "hoist": False, "managed": False, "mentionable": False}


def member(user_id: int, name: str, joined: datetime, roles: list[int]) -> dict[str, Any]:
    return {"user": {"id": str(user_id), "username": name.lower(), "global_name": name, "discriminator": "0",
                     "avatar": None},
            "roles": [str(r) for r in roles], "joined_at": joined.isoformat(), "nick": name, "deaf": False,
            "mute": False, "flags": 0}


MEMBERS = {
    OWNER: member(OWNER, "Owner", T0 - 400 * DAY, []),
    NEWCOMER: member(NEWCOMER, "赵敏-广州-厨师", T0 - DAY, []),
    REGULAR: member(REGULAR, "Bo", T0 - 90 * DAY, []),
    MODERATOR: member(MODERATOR, "李娜-北京-销售", T0 - 300 * DAY, [MODERATORS]),
    PARTNER: member(PARTNER, "王芳-杭州-设计师", T0 - 30 * DAY, [PARTNERS]),
}


@pytest.fixture
def guild() -> discord.Guild:
    client = discord.Client(intents=discord.Intents.all())
    state = client._connection
    guild = discord.Guild(state=state, data={  # type: ignore[typeddict-item]
        "id": str(GUILD), "name": "家常菜", "owner_id": str(OWNER), "system_channel_id": str(GENERAL),
        "roles": [role(GUILD, "@everyone", 0, 0), role(MODERATORS, "moderator", 8192, 1),
                  role(ADMINS, "admin", 8, 2), role(PARTNERS, "partner", 0, 3)],
        "channels": [{"id": str(GENERAL), "type": 0, "name": "general", "position": 0, "permission_overwrites": []}],
        "members": list(MEMBERS.values()), "member_count": len(MEMBERS),
    })
    state._add_guild(guild)
    return guild


def message(guild: discord.Guild, n: int, user_id: int, at: datetime, content: str, **extra: Any) -> discord.Message:
    """A MESSAGE_CREATE in #general, turned into a discord.Message by discord.py."""
    data = {"id": str(discord.utils.time_snowflake(at) + n), "channel_id": str(GENERAL), "guild_id": str(GUILD),
            "author": MEMBERS[user_id]["user"], "member": {k: v for k, v in MEMBERS[user_id].items() if k != "user"},
            "content": content, "timestamp": at.isoformat(), "edited_timestamp": None, "tts": False,
            "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
            "pinned": False, "type": 0, "flags": 0, **extra}
    channel = guild.get_channel(GENERAL)
    assert isinstance(channel, discord.TextChannel)
    return discord.Message(state=guild._state, channel=channel, data=data)  # type: ignore[arg-type]


def made(plans: list[bot.Plan]) -> list[tuple[Any, str, tuple[Any, ...], dict[str, Any]]]:
    """The calls of `plans`, each checked to be a valid call of its discord.py object's method."""
    calls = [call for plan in plans for call in plan.calls]
    for call in calls:
        method = getattr(type(call.target), call.method)
        assert inspect.iscoroutinefunction(method)
        inspect.signature(method).bind(call.target, *call.args, **call.kwargs)
    return [(call.target, call.method, call.args, dict(call.kwargs)) for call in calls]


@pytest.fixture
def store(tmp_path: Path, guild: discord.Guild) -> Iterator[Store]:
    with Store(str(tmp_path / "bot.db")) as store:
        imported = bot.import_automod(store, guild, AUTOMOD, gk.presets.wechat_group())
        assert [rule.name for rule in imported.rules] == ["Invites and scams", "Mention spam"]
        assert any("Spam" in skipped for skipped in imported.skipped)
        yield store


def test_the_automod_rules_join_the_servers_policy(store: Store, guild: discord.Guild) -> None:
    policy, version = store.policy(f"dc:{GUILD}")
    assert policy.moderation is not None
    assert [rule.name for rule in policy.moderation.rules][-2:] == ["Invites and scams", "Mention spam"]
    assert policy.moderation.obligations == gk.presets.wechat_group_rules().obligations
    bot.import_automod(store, guild, AUTOMOD, gk.presets.wechat_group())  # the bot restarts: nothing changes
    assert store.policy(f"dc:{GUILD}")[1] == version == 1


def test_members_and_messages_as_discord_gives_them(guild: discord.Guild) -> None:
    found = message(guild, 1, MODERATOR, T0, "<@500000000000000011> 看这里", mentions=[MEMBERS[NEWCOMER]["user"]],
                    attachments=[{"id": "1", "filename": "a.png", "size": 10, "url": "https://cdn.example/a.png",
                                  "proxy_url": "https://cdn.example/a.png", "content_type": "image/png"}])
    assert isinstance(found.author, discord.Member)
    assert bot.member_of(found.author) == gk.Member(str(MODERATOR), T0 - 300 * DAY, role="moderator",
                                                    nickname="李娜-北京-销售", tags=[str(MODERATORS)])
    assert bot.event_of(found) == gk.Event(str(MODERATOR), gk.Kind.IMAGE, found.created_at, text=found.content,
                                           id=str(found.id), data={"channel": str(GENERAL), "mentions": [str(NEWCOMER)]})
    owner = message(guild, 2, OWNER, T0, "hi")
    assert isinstance(owner.author, discord.Member) and bot.member_of(owner.author).role == "owner"  # type: ignore[union-attr]
    voice = message(guild, 3, REGULAR, T0, "", flags=8192)
    assert bot.event_of(voice).kind == gk.Kind.VOICE


def test_messages_screened_and_acted_on(store: Store, guild: discord.Guild) -> None:
    scam = message(guild, 1, NEWCOMER, T0, "free gift for everyone")
    [plan] = bot.on_message(store, scam)
    assert (plan.action.decision.action, plan.action.decision.rule) == ("mute", "Invites and scams")
    delete, timeout, reply = made([plan])
    assert (delete[0].id, delete[1]) == (scam.id, "delete")
    assert (timeout[0], timeout[1], timeout[2]) == (guild.get_member(NEWCOMER), "timeout", (10 * MINUTE,))
    assert (reply[0], reply[1]) == (guild.get_channel(GENERAL), "send")
    assert reply[3]["content"].startswith("@赵敏-广州-厨师：")

    # the partner role is exempt from the AutoMod rule; the moderator from every rule
    assert bot.on_message(store, message(guild, 2, PARTNER, T0 + SECOND, "free gift for everyone")) == []
    assert bot.on_message(store, message(guild, 3, MODERATOR, T0 + 2 * SECOND, "专业代购 https://shop.example")) == []
    # Bo's nickname breaks the group's format: a reminder, as a reply to his message
    hello = message(guild, 4, REGULAR, T0 + 3 * SECOND, "大家好")
    [reminder] = made(bot.on_message(store, hello))
    assert reminder[1] == "send" and reminder[3]["reference"].id == hello.id
    # the scam delivered again before its actions were carried out: the same plan, nothing new stored
    assert bot.on_message(store, scam) == [plan] and store.state(f"dc:{GUILD}")[1] == 4
    for action in store.pending():  # carried out
        store.done(action, T0 + 5 * SECOND)
    assert bot.on_message(store, scam) == []  # delivered once more: nothing is done twice


def test_a_deadline_fires_once_and_kicks(store: Store, guild: discord.Guild) -> None:
    ad = message(guild, 1, REGULAR, T0, "#广告 铸铁锅八折")
    [request] = bot.on_message(store, ad)
    assert request.action.decision.action == "request"
    store.done(request.action, T0)
    assert bot.on_timer(store, T0 + 2 * MINUTE, [guild]) == []
    [removal] = bot.on_timer(store, T0 + 3 * MINUTE + SECOND, [guild])
    kick, notice = made([removal])
    assert kick[0] is guild and kick[1] == "kick" and kick[3]["user"].id == REGULAR
    assert notice[0] is guild.system_channel and "红包" in notice[3]["content"]
    assert [plan.action for plan in bot.pending(store, [guild])] == [removal.action]  # after a crash: still to do
    assert bot.on_timer(store, T0 + 10 * MINUTE, [guild]) == []


def test_the_daily_review_and_the_client(store: Store, guild: discord.Guild, tmp_path: Path) -> None:
    for n in range(12):
        bot.on_message(store, message(guild, n, [NEWCOMER, PARTNER, REGULAR][n % 3], T0 + n * MINUTE, f"今天的菜 {n}"))
    channel = guild.get_channel(GENERAL)
    [call] = bot.daily_reports(store, T0 + DAY, channel, top=3)
    review = store.policy(f"dc:{GUILD}")[0].review(store.community(f"dc:{GUILD}"), now=T0 + DAY)
    assert (call.target, call.method, dict(call.kwargs)) == (channel, "send", {"content": gk.report.as_text(review, "zh", top=3)})

    client = bot.GroupkitClient(str(tmp_path / "client.db"), GENERAL, gk.presets.wechat_group())
    assert client.intents.message_content and client.intents.members
    assert client.timer.seconds == 5 and client.review.time[0].hour == 20
