"""A directive or a unit's document as a Word file in Party format, and its print rules."""
