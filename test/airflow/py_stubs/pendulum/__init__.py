import datetime as _dt
from zoneinfo import ZoneInfo


class DateTime(_dt.datetime):
    def in_timezone(self, tz):
        return DateTime.fromtimestamp(self.timestamp(), ZoneInfo(tz))


def datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tz="UTC"):
    return DateTime(year, month, day, hour, minute, second, microsecond, tzinfo=ZoneInfo(tz))
