"""Ready policies built only from public parts, each documented with its source.

>>> orbit_levels().default
'orbit4'
"""

from groupkit.presets.orbit import OrbitLove, orbit_levels, orbit_love

__all__ = ["OrbitLove", "orbit_levels", "orbit_love"]
