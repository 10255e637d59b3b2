class DateTimeTrigger:
    def __init__(self, moment=None, *, target_time=None, end_from_trigger=False):
        self.moment = moment
