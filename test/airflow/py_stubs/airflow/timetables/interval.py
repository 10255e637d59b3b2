from airflow.timetables.trigger import _delta


class CronDataIntervalTimetable:
    def __init__(self, cron, timezone):
        self.d = {"class": "CronDataIntervalTimetable", "cron": cron, "timezone": timezone}


class DeltaDataIntervalTimetable:
    def __init__(self, delta):
        self.d = {"class": "DeltaDataIntervalTimetable", "delta": _delta(delta)}
