"""On time or late: the rules (pure), where every unit stands (positions), the matrix and the dashboard panels."""
