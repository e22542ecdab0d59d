# Portuguese writes dates as Spanish does: "4 de dezembro de 2026, 14:05".
from entraide.core.formats.es.formats import (  # noqa: F401 (Django reads them from this module)
    DATE_FORMAT,
    DATETIME_FORMAT,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)
