"""A unit's documents on their way: starting a report, the leader's approval, the department's review."""
