from portal.formats.vi.formats import DATETIME_INPUT_FORMATS as VI_DATETIME_INPUT_FORMATS

# English pages for readers outside Vietnam: the month spelt out, so that
# 03/11 is never read as March; 24-hour times as in the Vietnamese pages.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# Forms keep accepting the Vietnamese way of writing dates.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d %b %Y", "%d %B %Y"]
DATETIME_INPUT_FORMATS = VI_DATETIME_INPUT_FORMATS
FIRST_DAY_OF_WEEK = 1
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
