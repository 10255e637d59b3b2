class AssetOrTimeSchedule:
    def __init__(self, *, timetable, assets):
        self.d = {"class": "AssetOrTimeSchedule", "timetable": timetable.d, "assets": assets.describe()}
