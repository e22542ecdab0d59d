# French writes dates as English does here: "4 décembre 2026, 14:05".
from entraide.core.formats.en.formats import (  # noqa: F401 (Django reads them from this module)
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
