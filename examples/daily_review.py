"""A batch host: review every community in a SQLite store (`examples/store.py`) as of a moment, on
a process pool, and write each review as Markdown and JSON, with an index ranking the communities
for the team's attention.

    python examples/daily_review.py bot.db --now 2026-11-20T20:00+08:00 --out reviews/ [--workers 4] [--lang zh]

Each community is reviewed with its own stored policy; the communities that share a policy are
reviewed together by `gk.portfolio.review_all`, and each worker reads its communities from the
file itself (a loader), so only the reviews travel between processes. A community that cannot be
reviewed is named on stderr with the reason, the others are still written, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from functools import partial
from pathlib import Path

import groupkit as gk
from groupkit.portfolio import Attention, Failed, review_all
from store import Store, load_community

__all__ = ["file_name", "main", "review_store"]


def file_name(community_id: str) -> str:
    """A file name for a community id: letters, digits, '.', '_' and '-' kept, anything else '_'."""
    return re.sub(r"[^A-Za-z0-9._-]", "_", community_id)


# --8<-- [start:review]
def review_store(path: str, now: datetime, out: Path, *, workers: int = 2,
                 lang: gk.i18n.Lang = "en") -> tuple[list[Attention], list[Failed]]:
    """Review every community of the store at `path` that has facts and a policy, write
    `<id>.md` and `<id>.json` for each into `out`, and `index.md` with the ranking. Returns the
    ranking (most urgent first) and the communities that failed."""
    with Store(path) as store:
        groups: list[tuple[gk.Policy, list[str]]] = []  # communities sharing a policy are reviewed together
        for community_id in store.community_ids():
            try:
                policy, _ = store.policy(community_id)
            except KeyError:
                continue
            for known, ids in groups:
                if known == policy:
                    ids.append(community_id)
                    break
            else:
                groups.append((policy, [community_id]))
    out.mkdir(parents=True, exist_ok=True)
    ranking: list[Attention] = []
    failed: list[Failed] = []
    with ProcessPoolExecutor(workers) as pool:
        for policy, ids in groups:
            loaders = [partial(load_community, path, community_id) for community_id in ids]
            portfolio = review_all(policy, loaders, now=now, executor=pool)
            for community_id, review in zip(ids, portfolio.reviews, strict=True):
                if isinstance(review, Failed):
                    failed.append(Failed(community_id, review.error))
                    continue
                name = file_name(community_id)
                (out / f"{name}.md").write_text(gk.report.as_markdown(review, lang) + "\n", encoding="utf-8")
                data = json.dumps(gk.report.as_data(review, lang), ensure_ascii=False, indent=2)
                (out / f"{name}.json").write_text(data + "\n", encoding="utf-8")
            ranking += portfolio.ranking
    ranking.sort(key=lambda attention: (-attention.score, attention.community_id))
    title = f"# 社群复盘（{now.isoformat()}）" if lang == "zh" else f"# Reviews at {now.isoformat()}"
    lines = [title, ""]
    lines += [f"{n}. [{a.community_id}]({file_name(a.community_id)}.md): {a.render(lang)}"
              for n, a in enumerate(ranking, start=1)]
    lines += [f"- {entry.community_id}: {'未能复盘' if lang == 'zh' else 'not reviewed'}: {entry.error}" for entry in failed]
    (out / "index.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return ranking, failed
# --8<-- [end:review]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("store", metavar="STORE.db")
    parser.add_argument("--now", required=True, type=datetime.fromisoformat, help="e.g. 2026-11-20T20:00+08:00")
    parser.add_argument("--out", required=True, type=Path, metavar="DIR")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--lang", choices=gk.i18n.LANGS, default="en")
    args = parser.parse_args(argv)
    if args.now.utcoffset() is None:
        parser.error("--now: give the time zone, as in 2026-11-20T20:00+08:00")
    if not Path(args.store).exists():
        parser.error(f"{args.store}: no such file")
    ranking, failed = review_store(args.store, args.now, args.out, workers=args.workers, lang=args.lang)
    print(f"{len(ranking)} communities reviewed into {args.out}")
    for entry in failed:
        print(f"{entry.community_id}: not reviewed: {entry.error}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
