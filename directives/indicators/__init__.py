"""Indicators (chỉ tiêu): what a task asks units to count, the figures they report, the sums."""
