"""Deadlines as a calendar: a month view in the admin and a personal .ics feed."""
