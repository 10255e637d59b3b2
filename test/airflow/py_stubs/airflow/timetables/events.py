class EventsTimetable:
    def __init__(self, event_dates, restrict_to_events=False, presorted=False, description=None):
        for d in event_dates:
            assert d.tzinfo is not None
        self.d = {"class": "EventsTimetable", "event_dates": [d.timestamp() for d in event_dates],
                  "restrict_to_events": restrict_to_events}
