"""Marshalling of option objects into their C structs."""

from __future__ import annotations

# ==== section: options ====
# ==== end section: options ====
