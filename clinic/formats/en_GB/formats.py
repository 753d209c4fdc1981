"""How the site writes dates (settings.FORMAT_MODULE_PATH): the day without a leading
zero and the month as a word, "6 Jan 2027", with the 24-hour time "6 Jan 2027 14:30".
Templates that give a format use the same words ("j M Y", "j M Y H:i"); Python code
calls django.utils.formats.date_format(day) with none. Input formats stay Django's."""

DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
