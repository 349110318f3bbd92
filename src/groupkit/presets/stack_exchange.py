"""Stack Exchange reputation as a `Points` program, and Stack Overflow's privileges as a `Ladder`.

Sources: the help-centre text "What is reputation? How do I earn (and lose) it?"
(<http://stackapps.com/help/whats-reputation>) for the points, the 200-a-day cap and its
exemptions, and the start at 1; "you'll never go below 1 reputation"
(<https://meta.stackexchange.com/revisions/266551/2>) for the floor; the privilege thresholds of
Stack Overflow (<https://meta.stackexchange.com/revisions/160292/95>, column "Designed", with Stack
Overflow's own values where they differ: create tags at 1,500).

Stack Exchange's day is the UTC day: give the community ``timezone=UTC`` for the same caps. A gain
that would cross the cap is cut to it (what is left of the day's 200); Stack Exchange does not say
how it treats the crossing gain.

>>> program = stack_exchange_reputation()
>>> program.daily_cap, program.start, program.floor
(200, 1, 1)
"""

from __future__ import annotations

from groupkit.incentives import EarningRule, Points, balance
from groupkit.tiers import Ladder, Tier

__all__ = ["PRIVILEGES", "stack_exchange_privileges", "stack_exchange_reputation"]

PRIVILEGES: tuple[tuple[str, int], ...] = (
    ("create_posts", 1),
    ("participate_in_meta", 5),
    ("remove_new_user_restrictions", 10),
    ("vote_up", 15),
    ("talk_in_chat", 20),
    ("comment_everywhere", 50),
    ("set_bounties", 75),
    ("edit_community_wiki", 100),
    ("vote_down", 125),
    ("vote_in_elections", 150),
    ("reduce_ads", 200),
    ("view_close_votes", 250),
    ("run_for_moderator", 300),
    ("access_review_queues", 500),
    ("established_user", 1000),
    ("create_tags", 1500),
    ("edit", 2000),
    ("create_tag_synonyms", 2500),
    ("close_votes", 3000),
    ("approve_tag_wiki_edits", 5000),
    ("moderator_tools", 10000),
    ("protect_questions", 15000),
    ("trusted_user", 20000),
    ("site_analytics", 25000),
)
"""Stack Overflow's privileges and the reputation each needs, lowest first."""


def stack_exchange_reputation() -> Points:
    """Stack Exchange reputation: start at 1, never below 1, at most 200 a day from capped gains.

    Votes, accepts, bounty awards and spam flags credit their ``target`` (the post's author);
    ``edit_approved``, ``bounty_place`` and ``association_bonus`` concern the member who sends them.

    | kind | effect |
    |---|---|
    | `upvote_question` | +10 to the asker |
    | `upvote_answer` | +10 to the answerer |
    | `downvote_question` | −2 to the asker |
    | `downvote_answer` | −2 to the answerer, −1 to the voter |
    | `accept` | +15 to the answerer, +2 to the asker (not on their own answer); uncapped |
    | `edit_approved` | +2 to the editor, at most 1,000 in all |
    | `bounty_place` | −`value` to the sponsor |
    | `bounty_award` | +`value` to the answerer; uncapped |
    | `association_bonus` | +100, once; uncapped |
    | `spam_flagged` | −100 to the author |

    >>> [rule.name for rule in stack_exchange_reputation().rules if rule.exempt_from_cap]
    ['answer accepted', 'accepted an answer', 'bounty awarded', 'association bonus']
    """
    return Points(
        [
            EarningRule("question upvoted", "upvote_question", 10, credit="target"),
            EarningRule("answer upvoted", "upvote_answer", 10, credit="target"),
            EarningRule("question downvoted", "downvote_question", -2, credit="target"),
            EarningRule("answer downvoted", "downvote_answer", -2, credit="target"),
            EarningRule("downvoted an answer", "downvote_answer", -1),
            EarningRule("answer accepted", "accept", 15, credit="target", exempt_from_cap=True),
            EarningRule("accepted an answer", "accept", 2, exempt_from_cap=True),
            EarningRule("edit approved", "edit_approved", 2, total_cap=1000),
            EarningRule("bounty placed", "bounty_place", -1, per_value=True),
            EarningRule("bounty awarded", "bounty_award", 1, per_value=True, credit="target", exempt_from_cap=True),
            EarningRule("association bonus", "association_bonus", 100, total_cap=100, exempt_from_cap=True),
            EarningRule("spam flagged", "spam_flagged", -100, credit="target"),
        ],
        daily_cap=200,
        start=1,
        floor=1,
    )


def stack_exchange_privileges(reputation: Points | None = None) -> Ladder:
    """Stack Overflow's privileges as tiers on the reputation balance; a privilege is lost below it.

    >>> ladder = stack_exchange_privileges()
    >>> ladder.names[3], ladder.names[-2]
    ('vote_up', 'trusted_user')
    """
    points = balance(reputation or stack_exchange_reputation())
    return Ladder([Tier(name, points >= needed) for name, needed in PRIVILEGES])
