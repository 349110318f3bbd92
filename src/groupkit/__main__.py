"""`python -m groupkit`: the command line, and with no command a demo on synthetic communities.

- ``python -m groupkit [--lang en|zh]``: the demo. The chat-group playbook reviews a portfolio of
  five groups: which group needs attention first, and what to do today in the first one, with the
  reasons. Then, on one community: who matches rules, scores, tiers, points, badges, and a chat
  stream screened by the group rules.
- ``python -m groupkit check POLICY.json``: the policy's static checks, one line per problem with
  its path; exit status 1 if one is an error.
- ``python -m groupkit schema NAME``: the JSON Schema of a data form (``Policy``, ``Community`` …).
- ``python -m groupkit review --policy P.json --community C.json --now 2026-11-20T20:00+08:00
  [--lang zh] [--format text|json|markdown]``: the ranked actions with reasons, segments, health.
- ``python -m groupkit screen --policy P.json --events E.jsonl [--state S.json]``: a decision per
  event (one JSON event per line), the screening state read from and written back to S.json.

Bad files get a message naming the file and the path inside it, and exit status 2, never a
traceback. This is the one module of groupkit that reads files and prints.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any, TypeVar

import attrs

import groupkit as gk
from groupkit import i18n, report
from groupkit.i18n import ACTIONS, LANGS, Lang, Text, describe, kind, label, word
from groupkit.metrics import active_days, count, days_since_last, received, tenure_days, total
from groupkit.portfolio import review_all
from groupkit.rules import Predicate, has_role
from groupkit.scoring import engagement

WEEK, MONTH = timedelta(days=7), timedelta(days=30)
T = TypeVar("T")

SCORE = engagement(
    {gk.Kind.MESSAGE: 1, gk.Kind.REPLY: 2, gk.Kind.ANSWER: 5, gk.Kind.SHARE: 3, gk.Kind.CHECKIN: 1},
    half_life=WEEK,
    within=MONTH,
    daily_cap={gk.Kind.MESSAGE: 20, gk.Kind.CHECKIN: 1},
)

RULES: tuple[tuple[Text, Predicate], ...] = (
    (
        Text("Regulars to thank", "值得感谢的常客"),
        (count(gk.Kind.MESSAGE, WEEK) >= 10) & (active_days(MONTH) >= 15) & ~has_role(gk.Role.ADMIN)
        & ~has_role(gk.Role.OWNER),
    ),
    (Text("Silent members to win back", "待唤醒的沉默成员"), (days_since_last() >= 14) & (tenure_days() >= 30)),
    (Text("Paying members", "付费成员"), total(gk.Kind.PURCHASE, MONTH) >= 100),
    (Text("Helpful members", "乐于助人的成员"),
     (received(gk.Kind.REACTION, MONTH) >= 5) | (count(gk.Kind.ANSWER, MONTH) >= 3)),
)

GROUPS: tuple[tuple[str, int, int, int, str, str, int], ...] = (
    # id, seed, members, events over 30 days, purpose, stage, capacity
    ("readers-club", 1, 150, 4500, "interest", "growth", 500),
    ("founders-circle", 2, 190, 3000, "network", "mature", 200),
    ("skincare-buyers", 3, 300, 6000, "product", "mature", 500),
    ("new-runners", 4, 40, 300, "interest", "launch", 200),
    ("old-alumni", 5, 120, 150, "network", "declining", 500),
)
"""The synthetic portfolio: five groups of one team, of different sizes, purposes and stages."""


def portfolio() -> list[gk.Community]:
    """The five synthetic groups of the demo's portfolio."""
    return [
        attrs.evolve(gk.synthetic.community(seed=seed, members=members, events=events), id=name,
                     purpose=gk.Purpose(purpose), stage=gk.Stage(stage), capacity=capacity)
        for name, seed, members, events, purpose, stage, capacity in GROUPS
    ]


def demo(shown: int = 3, lang: Lang = "en") -> str:
    """The demo's report as text in English (``"en"``) or Chinese (``"zh"``): the same every run."""
    now = gk.synthetic.DEFAULT_NOW
    lines = _playbook(lang, now)
    club = gk.synthetic.community(seed=2026, members=150, days=30, events=4500)
    today = gk.view(club, now=now)
    lines += ["", _say(Text(
        f"groupkit demo: community {club.id!r}, {len(today.members)} members, {len(club.events)} events over 30 days",
        f"groupkit 演示：社群 {club.id!r}，{len(today.members)} 名成员，30 天内 {len(club.events)} 条事件"), lang)]
    for title, rule in RULES:
        chosen = [member for member, holds in today.test(rule).items() if holds]
        lines += ["", _say(Text(f"{title.en}: {len(chosen)} / {len(today.members)}",
                                f"{title.zh}：{len(chosen)} / {len(today.members)}"), lang),
                  _say(Text(f"  rule: {rule!r}", f"  规则：{describe(rule, 'zh')}"), lang)]
        for member_id in chosen[:shown]:
            nickname = today.member(member_id).nickname
            lines.append(_say(Text(f"  {member_id} ({nickname}): ", f"  {member_id}（{nickname}）："), lang)
                         + today.explain(rule, member_id).render(lang))
        if len(chosen) > shown:
            lines.append(_say(Text(f"  … and {len(chosen) - shown} more", f"  ……还有 {len(chosen) - shown} 人"), lang))
    lines += _scores(today, shown + 2, lang)
    lines += _incentives(today, shown, lang)
    lines += _screening(lang)
    return "\n".join(lines)


def _say(text: Text, lang: Lang) -> str:
    return text.render(lang)


def _figure(value: object, lang: Lang) -> str:
    """A health figure: shares to two places, a time in hours."""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, timedelta):
        hours = value.total_seconds() / 3600
        return f"{hours:.1f}小时" if lang == "zh" else f"{hours:.1f} hours"
    return "-" if value is None else str(value)


def _playbook(lang: Lang, now: datetime) -> list[str]:
    """The chat-group playbook over the portfolio: the ranking, then the first group's top actions."""
    policy = gk.presets.wechat_group()
    groups = portfolio()
    result = review_all(policy, groups, now=now)
    lines = [_say(Text(
        f"The chat-group playbook (gk.presets.wechat_group(), {len(policy.plays)} plays) over "
        f"{len(groups)} groups, as of {now.isoformat()}",
        f"群运营手册（gk.presets.wechat_group()，{len(policy.plays)} 个打法）用于 {len(groups)} 个群，"
        f"时间 {now.isoformat()}"), lang), "",
        _say(Text("Which group needs attention first:", "最需要关注的群："), lang)]
    for place, attention in enumerate(result.ranking, start=1):
        lines.append(f"  {place}. {attention.community_id:<16} {attention.score:6.2f}")
        lines += [f"       - {reason.render(lang)}" for reason in attention.reasons]
    first = result.reviews[0]
    assert isinstance(first, gk.Review)  # the demo's groups are valid
    lines += ["", _say(Text(
        f"Today in {first.community_id}: {len(first.actions)} actions within the budget, "
        f"{len(first.deferred)} deferred, {len(first.dropped)} dropped by conflicts; the first 8:",
        f"今天在 {first.community_id}：预算内 {len(first.actions)} 项行动，{len(first.deferred)} 项顺延，"
        f"{len(first.dropped)} 项因冲突取消；前 8 项："), lang)]
    lines += [f"  {place}. {action.render(lang)}" for place, action in enumerate(first.actions[:8], start=1)]
    if first.dropped:
        dropped = first.dropped[0]
        what, target, conflict = dropped.action.kind, dropped.action.target, dropped.conflict
        lines.append(_say(Text(f"A dropped action: {what} {target}: {conflict.render('en')}",
                               f"一项被取消的行动：{ACTIONS.get(what, what)} {target}：{conflict.render('zh')}"), lang))
    return lines


def _scores(today: gk.View, shown: int, lang: Lang) -> list[str]:
    scores = today.measure(SCORE)
    top = sorted(today.member_ids, key=lambda member_id: (-scores[member_id], member_id))[:shown]
    lines = ["", _say(Text(f"Most engaged: {SCORE!r}", f"最活跃：{label(SCORE, 'zh')}"), lang)]
    for member_id in top:
        parts = ("，" if lang == "zh" else ", ").join(
            f"{kind(what, lang)} {value:.1f}" for what, value in today.breakdown(SCORE, member_id).items() if value)
        lines.append(f"  {member_id} {scores[member_id]:6.1f} = {parts}")
    titles = (Text("Segments", "分层"), Text("Lifecycle", "生命周期"))
    for title, segmentation in zip(titles, (gk.segments.standard(), gk.lifecycle()), strict=True):
        sizes = Counter(today.segment(segmentation).values())
        sep = "，" if lang == "zh" else ", "
        lines.append(_say(Text(f"{title.en}: ", f"{title.zh}："), lang)
                     + sep.join(f"{word(name, lang)} {sizes[name]}" for name in segmentation.names))
    health = today.health()
    lines.append(_say(Text("Health:", "健康度："), lang))
    for field in attrs.fields(type(health)):
        value = getattr(health, field.name)
        if field.name != "flags":
            lines.append(f"  {word(field.name, lang):<28} {_figure(value, lang)}")
    flags = [_say(Text(f"  flag {flag}", f"  警示 {flag.render('zh')}"), lang) for flag in health.flags]
    lines += flags or [_say(Text("  no flags", "  无警示"), lang)]
    return lines


def _incentives(today: gk.View, shown: int, lang: Lang) -> list[str]:
    playbook = gk.presets.chat_group_incentives()
    decisions = today.tiers(playbook.ladder)
    changes = Counter(decision.change for decision in decisions.values())
    title = _say(Text("Tiers (chat-group playbook): ", "等级（群运营手册）："), lang)
    sep = "，" if lang == "zh" else ", "
    lines = ["", title + sep.join(f"{word(change, lang)} {n}" for change, n in sorted(changes.items()))]
    moved = [decision for decision in decisions.values() if decision.change != "kept"]
    lines += [f"  {decision.render(lang)}" for decision in moved[:shown]]
    balances = today.points(playbook.points)
    richest = sorted(balances, key=lambda member_id: (-balances[member_id].balance, member_id))[:shown]
    lines.append(_say(Text("Points, highest balances:", "积分最高："), lang))
    for member_id in richest:
        account = balances[member_id]
        capped = sum(e.points for e in account.entries if e.kind == "capped")
        last = account.entries[-1]
        lines.append(_say(Text(
            f"  {member_id} {account.balance:>4} points (earned {account.earned}, capped {capped}); last: {last}",
            f"  {member_id} {account.balance:>4} 积分（共获得 {account.earned}，超出上限 {capped}）；"
            f"最近一笔：{last.render('zh')}"), lang))
    awards = today.badges(playbook.badges)
    given = Counter(award.badge.name for due in awards.values() for award in due)
    lines.append(_say(Text("New badges: ", "新勋章："), lang)
                 + sep.join(f"{i18n.name(badge.name, lang)} {given[badge.name]}" for badge in playbook.badges))
    for member_id, due in awards.items():
        for award in due[:1]:
            nickname, badge = today.member(member_id).nickname, award.badge
            lines.append(_say(Text(
                f"  {member_id} ({nickname}) earns {badge.name!r}, title {badge.title!r}: {award.reasons}",
                f"  {member_id}（{nickname}）获得勋章「{i18n.name(badge.name, 'zh')}」，头衔「{badge.title}」："
                f"{award.reasons.render('zh')}"), lang))
            shown -= 1
        if shown <= 0:
            break
    return lines


def _screening(lang: Lang) -> list[str]:
    """A morning in a WeChat group, event by event, through the preset group rules."""
    rules = gk.presets.wechat_group_rules()
    start = gk.synthetic.DEFAULT_NOW
    second, minute = timedelta(seconds=1), timedelta(minutes=1)
    people = {
        "ann": gk.Member("ann", start - MONTH, nickname="王芳-杭州-设计师"),
        "bo": gk.Member("bo", start - MONTH, nickname="bo"),
        "cy": gk.Member("cy", start - timedelta(hours=2), nickname="陈-上海-老师"),
        "dan": gk.Member("dan", start - MONTH, nickname="李-北京-律师"),
    }
    stream = [
        gk.Event("bo", gk.Kind.MESSAGE, start, text="大家好"),
        gk.Event("ann", gk.Kind.MESSAGE, start + second, text="新品上市，八折", data={"ad": True}),
        gk.Event("dan", gk.Kind.MESSAGE, start + 2 * second, text="广告也发一个", data={"ad": True}),
        gk.Event("cy", gk.Kind.MESSAGE, start + 3 * second, text="看这里 https://example.com"),
        gk.Event("bo", gk.Kind.VOICE, start + 4 * second),
        gk.Event("bo", gk.Kind.MESSAGE, start + 5 * second, text="专业代购，加我 vx: abc12345"),
        gk.Event("ann", gk.Kind.RED_PACKET, start + 2 * minute, value=50, data={"count": 20}),
    ]
    lines = ["", _say(Text(
        f"Screening a chat stream with the WeChat group rules ({len(rules.rules)} rules, "
        f"{len(rules.obligations)} obligation):",
        f"用微信群规筛查一段聊天（{len(rules.rules)} 条规则，{len(rules.obligations)} 项义务）："), lang)]
    state = gk.ScreenState.empty()
    for event in stream:
        result = rules.screen(state, event, people[event.member_id])
        state = result.state
        shown = (event.text or event.kind)[:24]
        lines.append(f"  {event.at:%H:%M:%S} {event.member_id:<4} {shown!r:<28} → {result.decision.render(lang)}")
    due, state = rules.tick(state, start + 5 * minute)
    tick = _say(Text("tick", "定时检查"), lang)
    lines += [f"  {start + 5 * minute:%H:%M:%S} {tick}：{decision.render(lang)}" if lang == "zh"
              else f"  {start + 5 * minute:%H:%M:%S} {tick}: {decision.render(lang)}" for decision in due]
    message = due[0].message.render(lang) if due and due[0].message else "-"
    lines.append(_say(Text("  a message for the group: ", "  发到群里的话："), lang) + message)
    return lines


# -- the command line: the one place of groupkit that reads and writes files ------------------------

SCHEMAS: tuple[str, ...] = ("Policy", "Community", "Member", "Event", "Moderation", "Admission", "ScreenState",
                            "Ladder", "Points", "Segmentation", "Badge", "Play", "Budget")
"""The names `python -m groupkit schema NAME` knows."""


class _Stop(Exception):
    """A problem with the input: its message (English, and Chinese for ``--lang zh``) goes to stderr
    and the exit status is 2."""

    def __init__(self, en: str, zh: str | None = None) -> None:
        super().__init__(en)
        self.text = Text(en, en if zh is None else zh)


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except OSError as error:
        why = error.strerror or str(error)
        raise _Stop(f"{path}: cannot read the file: {why}", f"{path}：无法读取文件：{why}") from None
    except UnicodeDecodeError as error:
        raise _Stop(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})",
                    f"{path}：不是 UTF-8 文本（第 {error.start} 个字节：{error.reason}）") from None


def _json(text: str, where: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise _Stop(f"{where}: not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
                    f"{where}：不是有效的 JSON：第 {error.lineno} 行第 {error.colno} 列：{error.msg}") from None


def _load(path: str, kind: type[T]) -> T:
    """The file's JSON as a `kind`, or a `_Stop` naming the file and every problem's path inside it."""
    return _structure(_json(_read(path), path), kind, path)


def _structure(data: Any, kind: type[T], where: str) -> T:
    try:
        return gk.from_data(data, kind)
    except gk.PolicyError as error:
        lines = [f"{where}: {problem}" for problem in error.problems]
        raise _Stop("\n".join(lines), "\n".join([f"{where}：数据有 {len(lines)} 处问题（说明为英文）：", *lines])) from None


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise _Stop(f"--now: expected an ISO 8601 date and time with its offset, such as "
                    f"2026-11-20T20:00+08:00; got {text!r}",
                    f"--now：需要带时区的 ISO 8601 日期时间，比如 2026-11-20T20:00+08:00；实际写的是 {text!r}") from None
    if moment.utcoffset() is None:
        raise _Stop(f"--now: {text!r} has no UTC offset; add one, such as +08:00 or Z",
                    f"--now：{text!r} 没有时区；请加上，比如 +08:00（北京时间）或 Z（UTC）")
    return moment


@contextlib.contextmanager
def _working(what: str, after: float = 1.0) -> Iterator[None]:
    """A spinner on stderr while something slow runs, shown once it has run for `after` seconds,
    when stderr is a terminal and `rich` (the `cli` extra) is installed; nothing otherwise."""
    if not sys.stderr.isatty():
        yield
        return
    try:
        from rich.console import Console, ConsoleOptions, RenderResult
        from rich.live import Live
        from rich.spinner import Spinner
    except ImportError:
        yield
        return

    class Delayed:
        """Nothing for the first `after` seconds (rich's own clock), then the spinner."""

        def __init__(self) -> None:
            self.spinner = Spinner("dots", text=what)
            self.start: float | None = None

        def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
            now = console.get_time()
            if self.start is None:
                self.start = now
            if now - self.start >= after:
                yield self.spinner

    with Live(Delayed(), console=Console(stderr=True), transient=True, refresh_per_second=12.5):
        yield


def _check(args: argparse.Namespace) -> int:
    policy = _load(args.policy, gk.Policy)
    problems = policy.check()
    zh = args.lang == "zh"
    for problem in problems:
        if zh:
            severity = "错误" if problem.severity == "error" else "警告"
            print(f"{args.policy}：{severity}：{problem.path}：{problem.zh or problem.message}")
        else:
            print(f"{args.policy}: {problem.severity}: {problem.path}: {problem.message}")
    if not problems:
        print(f"{args.policy}：没有问题" if zh else f"{args.policy}: no problems")
    return 1 if any(problem.severity == "error" for problem in problems) else 0


def _schema(args: argparse.Namespace) -> int:
    print(json.dumps(gk.json_schema(getattr(gk, args.name)), ensure_ascii=False, indent=2))
    return 0


def _review(args: argparse.Namespace) -> int:
    policy = _load(args.policy, gk.Policy)
    community = _load(args.community, gk.Community)
    now = _moment(args.now)
    with _working(f"reviewing {community.id}"):
        review = policy.review(community, now=now)
        report = _report(review, args.lang, args.format)
    if not (args.format == "text" and sys.stdout.isatty() and _table(review, args.lang)):
        print(report)
    return 0


def _table(review: gk.Review, lang: Lang) -> bool:
    """The text report as a `rich` table, for a terminal; False (nothing printed) without `rich`."""
    try:
        from rich.console import Console
        from rich.table import Table
    except ImportError:
        return False
    zh = lang == "zh"
    lines = report.as_text(review, lang).splitlines()
    table = Table(title=lines[0], caption=lines[1], show_lines=True)
    for column in ("#", "行动", "对象", "理由") if zh else ("#", "action", "target", "reasons"):
        table.add_column(column, overflow="fold")
    for n, item in enumerate(review.actions, start=1):
        when = "" if item.at is None else " " + item.at.isoformat(timespec="minutes")
        table.add_row(str(n), (ACTIONS.get(item.kind, item.kind) if lang == "zh" else kind(item.kind, lang)) + when,
                      item.target,
                      "\n".join(reason.render(lang) for reason in item.reasons))
    console = Console()
    console.print(table)
    for line in lines[-3:]:  # segments, health, flags
        console.print(line, markup=False, highlight=False)
    return True


def _report(review: gk.Review, lang: Lang, form: str) -> str:
    if form == "json":
        return json.dumps(report.as_data(review, lang), ensure_ascii=False, indent=2)
    return report.as_markdown(review, lang) if form == "markdown" else report.as_text(review, lang)


def _screen(args: argparse.Namespace) -> int:
    policy = _load(args.policy, gk.Policy)
    if policy.moderation is None:
        raise _Stop(f"{args.policy}: the policy has no moderation rules to screen with",
                    f"{args.policy}：策略里没有用来筛查的群规（moderation）")
    events = []
    for number, line in enumerate(_read(args.events).splitlines(), start=1):
        if line.strip():
            where = f"{args.events}:{number}"
            events.append(_structure(_json(line, where), gk.Event, where))
    state = gk.ScreenState.empty()
    if args.state and os.path.exists(args.state):
        state = _load(args.state, gk.ScreenState)
    members = {} if args.community is None else {m.id: m for m in _load(args.community, gk.Community).members}
    for number, event in enumerate(events, start=1):
        try:
            result = policy.moderation.screen(state, event, members.get(event.member_id))
        except gk.moderation.OutOfOrderError as error:
            raise _Stop(f"{args.events}: event {number}: {error} (events are screened in time order, once)",
                        f"{args.events}：第 {number} 条事件早于上次筛查的时间（事件要按时间顺序、只筛查一次）："
                        f"这条事件在 {event.at.isoformat()}，上次筛查到 {_clock(state)}") from None
        state = result.state
        print(f"{event.at.isoformat()} {result.decision.render(args.lang)}")
    if args.now is not None:  # the deadlines due by then
        now = _moment(args.now)
        try:
            due, state = policy.moderation.tick(state, now)
        except gk.moderation.OutOfOrderError as error:
            raise _Stop(f"--now: {error}", f"--now：{now.isoformat()} 早于上次筛查到的时间 {_clock(state)}") from None
        for decision in due:
            print(f"{now.isoformat()} {decision.render(args.lang)}")
    if args.state:
        try:
            with open(args.state, "w", encoding="utf-8") as file:
                json.dump(gk.to_data(state), file, ensure_ascii=False)
        except OSError as error:
            why = error.strerror or str(error)
            raise _Stop(f"{args.state}: cannot write the state: {why}", f"{args.state}：无法写入状态文件：{why}") from None
    return 0


def _clock(state: gk.ScreenState) -> str:
    return "-" if state.clock is None else state.clock.isoformat()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m groupkit",
        description="With no command, a demo: the chat-group playbook over five synthetic groups, then rules, "
                    "scores, tiers, points, badges and screening on one community, each with its reasons.")
    parser.add_argument("--lang", choices=LANGS, default="en", help="the language of the report (default: en)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check a policy before use (exit 1 on an error)")
    check.add_argument("policy", metavar="POLICY.json")
    check.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS)
    check.set_defaults(run=_check)
    schema = commands.add_parser("schema", help="print the JSON Schema of a data form")
    schema.add_argument("name", choices=SCHEMAS, metavar="NAME", help=", ".join(SCHEMAS))
    schema.set_defaults(run=_schema)
    review = commands.add_parser("review", help="review a community with a policy: ranked actions with reasons")
    review.add_argument("--policy", required=True, metavar="P.json")
    review.add_argument("--community", required=True, metavar="C.json")
    review.add_argument("--now", required=True, metavar="WHEN", help="e.g. 2026-11-20T20:00+08:00")
    review.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS)
    review.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    review.set_defaults(run=_review)
    screen = commands.add_parser("screen", help="screen events (JSON lines) with a policy's moderation rules")
    screen.add_argument("--policy", required=True, metavar="P.json")
    screen.add_argument("--events", required=True, metavar="E.jsonl")
    screen.add_argument("--state", metavar="S.json", help="the screening state: read if it exists, written back")
    screen.add_argument("--community", metavar="C.json",
                        help="the community: its members are the senders (roles, join dates, nicknames)")
    screen.add_argument("--now", metavar="WHEN", help="after the events, fire the deadlines due by then")
    screen.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS)  # else the one before the command
    screen.set_defaults(run=_screen)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run a command, or the demo without one: 0 on success, 1 when `check` finds an error, 2 (with
    a message on stderr, never a traceback) for bad arguments or files."""
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as stop:  # argparse has printed the usage and the problem
        return int(stop.code or 0)
    if args.command is None:
        print(demo(lang=args.lang))
        return 0
    try:
        return int(args.run(args))
    except _Stop as stop:
        print(f"groupkit: {stop.text.render(args.lang)}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader stopped early (`| head`): no traceback, and no more output
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
