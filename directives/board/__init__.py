"""The leader's board (bảng điều hành): figures, ranking, trends and charts."""
