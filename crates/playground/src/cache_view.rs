//! The cache panel: a remembered build, what-if re-plans with per-step HIT/MISS and reasons, the advisor.
