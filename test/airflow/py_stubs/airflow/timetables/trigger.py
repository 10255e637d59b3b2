from datetime import timedelta


def _delta(d):
    return {"relativedelta": repr(d)} if not isinstance(d, timedelta) else d.total_seconds()


class CronTriggerTimetable:
    def __init__(self, cron, *, timezone, interval=timedelta(), run_immediately=False):
        self.d = {"class": "CronTriggerTimetable", "cron": cron, "timezone": timezone, "interval": _delta(interval),
                  "run_immediately": run_immediately if isinstance(run_immediately, bool) else _delta(run_immediately)}


class DeltaTriggerTimetable:
    def __init__(self, delta, *, interval=timedelta()):
        self.d = {"class": "DeltaTriggerTimetable", "delta": _delta(delta), "interval": _delta(interval)}


class MultipleCronTriggerTimetable:
    def __init__(self, *crons, timezone, interval=timedelta(), run_immediately=False):
        assert crons
        self.d = {"class": "MultipleCronTriggerTimetable", "crons": list(crons), "timezone": timezone,
                  "interval": _delta(interval),
                  "run_immediately": run_immediately if isinstance(run_immediately, bool) else _delta(run_immediately)}
