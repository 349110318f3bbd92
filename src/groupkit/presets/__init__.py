"""Ready policies built only from public parts, each documented with its source.

>>> orbit_levels().default
'orbit4'
>>> discourse_trust_levels().names
('basic', 'member', 'regular', 'leader')
"""

from groupkit.presets.chat_group import ChatGroupIncentives, chat_group_incentives
from groupkit.presets.discourse import TrustSettings, discourse_trust_levels
from groupkit.presets.orbit import OrbitLove, orbit_levels, orbit_love
from groupkit.presets.playbook import ENGAGEMENT_WEIGHTS, discourse_community, wechat_group
from groupkit.presets.stack_exchange import PRIVILEGES, stack_exchange_privileges, stack_exchange_reputation
from groupkit.presets.wechat import wechat_group_admission, wechat_group_rules

__all__ = [
    "ENGAGEMENT_WEIGHTS",
    "PRIVILEGES",
    "ChatGroupIncentives",
    "OrbitLove",
    "TrustSettings",
    "chat_group_incentives",
    "discourse_community",
    "discourse_trust_levels",
    "orbit_levels",
    "orbit_love",
    "stack_exchange_privileges",
    "stack_exchange_reputation",
    "wechat_group",
    "wechat_group_admission",
    "wechat_group_rules",
]
