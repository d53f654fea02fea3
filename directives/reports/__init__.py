"""Consolidated reports: compile once, render (PDF, XLSX), schedule, deliver once."""
