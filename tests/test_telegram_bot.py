"""examples/telegram_bot.py, tested offline with python-telegram-bot's own objects: a morning in a
group, from join messages to a removal by the timer, and the calls checked against `telegram.Bot`."""

from __future__ import annotations

import inspect
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import telegram
from telegram import Chat, ChatPermissions, Message, Update, User, Voice
from telegram.ext import MessageHandler

import groupkit as gk
from tests.examples import EXAMPLES  # noqa: F401  (puts examples/ on the path)

import telegram_bot as bot  # isort: skip
from store import Store  # isort: skip

CHAT = Chat(id=-1001234567890, type=Chat.SUPERGROUP, title="家常菜交流群")
GROUP = "tg:-1001234567890"
T0 = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
SECOND, MINUTE, DAY = timedelta(seconds=1), timedelta(minutes=1), timedelta(days=1)
WANG = User(2001, "王芳-杭州-设计师", is_bot=False)
BO = User(2002, "Bo", is_bot=False)
CHEN = User(2003, "陈磊-上海-教师", is_bot=False)
LI = User(2004, "李娜-北京-销售", is_bot=False)


def message(message_id: int, user: User, at: datetime, **content: object) -> Message:
    return Message(message_id=message_id, date=at, chat=CHAT, from_user=user, **content)  # type: ignore[arg-type]


def made(plans: list[bot.Plan]) -> list[tuple[str, dict[str, object]]]:
    """The calls of `plans`, each checked to be a valid call of `telegram.Bot`."""
    calls = [call for plan in plans for call in plan.calls]
    for call in calls:
        inspect.signature(getattr(telegram.Bot, call.method)).bind(None, **call.kwargs)
    return [(call.method, dict(call.kwargs)) for call in calls]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store(str(tmp_path / "bot.db")) as store:
        bot.manage(store, CHAT.id, gk.presets.wechat_group())
        for user, joined in ((WANG, T0 - 30 * DAY), (BO, T0 - 30 * DAY), (LI, T0 - 60 * DAY), (CHEN, T0 - DAY)):
            join = Message(message_id=int(joined.timestamp()) % 1000, date=joined, chat=CHAT, from_user=user,
                           new_chat_members=(user,))
            assert bot.on_message(store, join) == []
        yield store


def test_a_morning_in_the_group(store: Store) -> None:
    assert store.member(GROUP, "2003") == gk.Member("2003", T0 - DAY, nickname="陈磊-上海-教师")
    morning = [
        message(101, BO, T0, text="大家好，今天做什么菜？"),
        message(102, WANG, T0 + SECOND, text="#广告 新款铸铁锅八折，私聊下单"),
        message(103, LI, T0 + 2 * SECOND, text="#广告 有机蔬菜配送，首单免运费"),
        message(104, BO, T0 + 3 * SECOND, voice=Voice("AwACAgIAAxkBAAIB", "AgADxxx", 4)),
        message(105, BO, T0 + 4 * SECOND, text="专业代购，价格优惠"),
        message(106, CHEN, T0 + 30 * SECOND, text="我的菜谱 https://www.xiachufang.com/recipe/1"),
    ]
    plans = [bot.on_message(store, m) for m in morning]
    assert [[(p.action.decision.action, p.action.decision.rule) for p in plan] for plan in plans] == [
        [("remind", "nickname")],
        [("request", "send a red packet")],
        [("request", "send a red packet")],
        [("warn", "media")],
        [("mute", "sensitive words")],
        [("warn", "links")],
    ]
    chat = CHAT.id
    assert made(plans[4]) == [
        ("delete_message", {"chat_id": chat, "message_id": 105}),
        ("restrict_chat_member", {"chat_id": chat, "user_id": 2002, "until_date": T0 + 4 * SECOND + 10 * MINUTE,
                                  "permissions": ChatPermissions.no_permissions()}),
        ("send_message", {"chat_id": chat, "text": "@Bo：消息包含违禁词「代购」。你已被禁言10分钟。"}),
    ]
    assert made(plans[0])[0][1]["reply_to_message_id"] == 101  # a reminder answers the message
    for done in (plan for plans_of_one in plans for plan in plans_of_one):  # the calls made: mark them done
        store.done(done.action, T0 + 5 * SECOND)

    # Telegram delivers message 105 again: nothing new is stored, and nothing is done twice
    assert bot.on_message(store, morning[4]) == []
    assert store.state(GROUP)[1] == 6

    # the timer: nobody sent a red packet; three minutes after each ad, the advertiser is removed, once
    assert bot.on_timer(store, T0 + 3 * MINUTE) == []
    removals = bot.on_timer(store, T0 + 3 * MINUTE + 2 * SECOND)
    assert made(removals) == [
        ("ban_chat_member", {"chat_id": chat, "user_id": 2001}),
        ("unban_chat_member", {"chat_id": chat, "user_id": 2001, "only_if_banned": True}),
        ("send_message", {"chat_id": chat, "text": removals[0].action.decision.message.zh}),
        ("ban_chat_member", {"chat_id": chat, "user_id": 2004}),
        ("unban_chat_member", {"chat_id": chat, "user_id": 2004, "only_if_banned": True}),
        ("send_message", {"chat_id": chat, "text": removals[1].action.decision.message.zh}),
    ]
    assert "未在3分钟内发一个50元以上、20人以上领取的红包" in removals[1].action.decision.message.zh
    # the bot stopped before carrying them out: after a restart they are still to do, and only they
    assert [plan.action for plan in bot.pending(store, T0 + 4 * MINUTE)] == [plan.action for plan in removals]
    assert bot.on_timer(store, T0 + 10 * MINUTE) == []


def test_an_update_as_it_comes_over_the_wire(store: Store) -> None:
    """The same conversion from an Update parsed from the Bot API's JSON, with a caption and a photo."""
    data = {"update_id": 10001, "message": {
        "message_id": 201, "date": int((T0 + MINUTE).timestamp()),
        "chat": {"id": CHAT.id, "type": "supergroup", "title": "家常菜交流群"},
        "from": {"id": 2001, "is_bot": False, "first_name": "王芳-杭州-设计师"},
        "photo": [{"file_id": "AgACAgUAAxkBAAIC", "file_unique_id": "AQADxxx", "width": 90, "height": 67}],
        "caption": "红烧肉做好了 刷单返现",
    }}
    update = Update.de_json(data, None)
    assert update.effective_message is not None
    event = bot.event_of(update.effective_message)
    assert event == gk.Event("2001", gk.Kind.IMAGE, T0 + MINUTE, text="红烧肉做好了 刷单返现", id="201")
    [plan] = bot.on_message(store, update.effective_message)
    assert (plan.action.decision.action, plan.action.decision.rule) == ("warn", "sensitive words")
    assert made([plan]) == [("send_message", {"chat_id": CHAT.id, "reply_to_message_id": 201,
                                              "text": "@王芳-杭州-设计师：消息包含违禁词「刷单」。这是一次警告。"})]


def test_groups_without_a_policy_and_other_bots_are_left_alone(store: Store) -> None:
    other = Chat(id=-100999, type=Chat.GROUP)
    assert bot.on_message(store, Message(message_id=1, date=T0, chat=other, from_user=BO, text="专业代购")) == []
    robot = User(3001, "helper", is_bot=True)
    assert bot.on_message(store, message(300, robot, T0, text="专业代购")) == []
    assert store.state(GROUP) == (gk.ScreenState.empty(), 0)


def test_the_daily_review_goes_to_the_admins(store: Store) -> None:
    for n in range(30):
        bot.on_message(store, message(400 + n, [WANG, CHEN, LI][n % 3], T0 + n * MINUTE, text=f"今天的菜 {n}"))
    [call] = bot.daily_reports(store, T0 + DAY, admin_chat_id=42, top=3)
    inspect.signature(telegram.Bot.send_message).bind(None, **call.kwargs)
    review = store.policy(GROUP)[0].review(store.community(GROUP), now=T0 + DAY)
    assert call.kwargs == {"chat_id": 42, "text": gk.report.as_text(review, "zh", top=3)}
    assert call.kwargs["text"].startswith(f"{GROUP} 的复盘")
    assert review.actions and review.actions[0].render("zh") in call.kwargs["text"]


def test_the_shell_wires_a_handler_a_timer_and_a_daily_review(tmp_path: Path) -> None:
    application = bot.build("123456:ABC-DEF1234ghIkl-zyx57W2v1u123ew11", str(tmp_path / "bot.db"), 42)
    [[handler]] = application.handlers.values()
    assert isinstance(handler, MessageHandler)
    assert application.job_queue is not None
    assert [job.name for job in application.job_queue.jobs()] == ["timer", "review"]
