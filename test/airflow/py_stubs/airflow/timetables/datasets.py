class DatasetOrTimeSchedule:
    def __init__(self, *, timetable, datasets):
        self.d = {"class": "DatasetOrTimeSchedule", "timetable": timetable.d, "datasets": datasets.describe()}
