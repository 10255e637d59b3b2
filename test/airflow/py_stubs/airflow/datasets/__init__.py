# Airflow 2.11 datasets (profile "2" exports): identified by their URI alone.
from airflow.sdk import Asset, AssetAll, AssetAny


class Dataset(Asset):
    def __init__(self, uri, extra=None):
        assert isinstance(uri, str)
        super().__init__(name=uri, uri=uri)


class DatasetAll(AssetAll):
    pass


class DatasetAny(AssetAny):
    pass
