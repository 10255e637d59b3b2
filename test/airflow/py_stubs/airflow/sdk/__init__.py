import inspect
from datetime import timedelta

DAGS = []
_CURRENT = []


class DAG:
    def __init__(
        self,
        dag_id,
        description=None,
        schedule=None,
        start_date=None,
        end_date=None,
        template_searchpath=None,
        user_defined_macros=None,
        user_defined_filters=None,
        default_args=None,
        max_active_tasks=16,
        max_active_runs=16,
        max_consecutive_failed_dag_runs=0,
        dagrun_timeout=None,
        catchup=False,
        on_success_callback=None,
        on_failure_callback=None,
        doc_md=None,
        params=None,
        access_control=None,
        is_paused_upon_creation=None,
        jinja_environment_kwargs=None,
        render_template_as_native_obj=False,
        tags=None,
        owner_links=None,
        auto_register=True,
        fail_fast=False,
        dag_display_name=None,
        disable_bundle_versioning=False,
    ):
        assert isinstance(dag_id, str)
        assert default_args is None or isinstance(default_args, dict)
        assert dagrun_timeout is None or isinstance(dagrun_timeout, timedelta)
        self.dag_id = dag_id
        self.schedule = schedule
        self.start_date = start_date
        self.end_date = end_date
        self.default_args = default_args or {}
        self.max_active_tasks = max_active_tasks
        self.max_active_runs = max_active_runs
        self.max_consecutive_failed_dag_runs = max_consecutive_failed_dag_runs
        self.dagrun_timeout = dagrun_timeout
        self.catchup = catchup
        self.doc_md = doc_md
        self.params = params or {}
        self.is_paused_upon_creation = is_paused_upon_creation
        self.tags = tags
        self.tasks = []
        DAGS.append(self)

    def __enter__(self):
        _CURRENT.append(self)
        return self

    def __exit__(self, *exc):
        _CURRENT.pop()


class _AssetBase:
    def __and__(self, other):
        return AssetAll(self, other)

    def __or__(self, other):
        return AssetAny(self, other)


class Asset(_AssetBase):
    def __init__(self, name=None, uri=None, *, group="asset", extra=None, watchers=()):
        assert name is not None or uri is not None
        self.name = name if name is not None else uri
        self.uri = uri if uri is not None else name
        for w in watchers:
            assert isinstance(w, AssetWatcher)
        self.watchers = list(watchers)

    def describe(self):
        return {"asset": self.name, "uri": self.uri, "watchers": [w.describe() for w in self.watchers]}


class AssetAll(_AssetBase):
    def __init__(self, *objects):
        assert objects and all(isinstance(o, _AssetBase) for o in objects)
        self.objects = objects

    def describe(self):
        return {"all": [o.describe() for o in self.objects]}


class AssetAny(_AssetBase):
    def __init__(self, *objects):
        assert objects and all(isinstance(o, _AssetBase) for o in objects)
        self.objects = objects

    def describe(self):
        return {"any": [o.describe() for o in self.objects]}


class AssetAlias(_AssetBase):
    def __init__(self, name, *, group="asset"):
        assert isinstance(name, str) and name
        self.name = name

    def describe(self):
        return {"alias": self.name}


class AssetWatcher:
    def __init__(self, name, trigger):
        assert isinstance(name, str)
        self.name = name
        self.trigger = trigger

    def describe(self):
        return {"name": self.name, "queue": self.trigger.queue}


class BaseOperator:
    def __init__(
        self,
        *,
        task_id,
        owner="airflow",
        email=None,
        email_on_retry=True,
        email_on_failure=True,
        retries=0,
        retry_delay=timedelta(seconds=300),
        retry_exponential_backoff=False,
        max_retry_delay=None,
        start_date=None,
        end_date=None,
        depends_on_past=False,
        ignore_first_depends_on_past=None,  # None: not passed (2.11 defaults True by config, 3.x False)
        wait_for_past_depends_before_skipping=False,
        wait_for_downstream=False,
        dag=None,
        params=None,
        default_args=None,
        priority_weight=1,
        weight_rule="downstream",
        queue="default",
        pool=None,
        pool_slots=1,
        sla=None,
        execution_timeout=None,
        on_execute_callback=None,
        on_failure_callback=None,
        on_success_callback=None,
        on_retry_callback=None,
        on_skipped_callback=None,
        pre_execute=None,
        post_execute=None,
        trigger_rule="all_success",
        resources=None,
        run_as_user=None,
        map_index_template=None,
        max_active_tis_per_dag=None,
        max_active_tis_per_dagrun=None,
        executor=None,
        executor_config=None,
        do_xcom_push=True,
        multiple_outputs=False,
        inlets=None,
        outlets=None,
        task_group=None,
        doc_md=None,
        task_display_name=None,
        logger_name=None,
        allow_nested_operators=True,
    ):
        assert isinstance(retry_delay, timedelta)
        assert max_retry_delay is None or isinstance(max_retry_delay, timedelta)
        for o in outlets or []:
            assert isinstance(o, (Asset, AssetAlias))
        self.task_id = task_id
        self.args = {
            "trigger_rule": trigger_rule,
            "depends_on_past": depends_on_past or wait_for_downstream,
            "wait_for_downstream": wait_for_downstream,
            "ignore_first_depends_on_past": ignore_first_depends_on_past,
            "retries": retries,
            "retry_delay": retry_delay.total_seconds(),
            "retry_exponential_backoff": retry_exponential_backoff,
            "max_retry_delay": None if max_retry_delay is None else max_retry_delay.total_seconds(),
            "pool": pool or "default_pool",
            "pool_slots": pool_slots,
            "priority_weight": priority_weight,
            "weight_rule": weight_rule,
            "max_active_tis_per_dag": max_active_tis_per_dag,
            "max_active_tis_per_dagrun": max_active_tis_per_dagrun,
            "outlets": [o.name for o in outlets or [] if isinstance(o, Asset)],
            "start_date": None if start_date is None else start_date.timestamp(),
            "end_date": None if end_date is None else end_date.timestamp(),
        }
        self.upstream = []
        _CURRENT[-1].tasks.append(self)

    def as_setup(self):
        self.args["is_setup"] = True
        return self

    def as_teardown(self, *, setups=None, on_failure_fail_dagrun=None):
        self.args["is_teardown"] = True
        self.args["trigger_rule"] = "all_done_setup_success"
        if on_failure_fail_dagrun is not None:
            self.args["on_failure_fail_dagrun"] = on_failure_fail_dagrun
        for s in [setups] if isinstance(setups, BaseOperator) else setups or []:
            s.args["is_setup"] = True
            if s.task_id not in self.upstream:
                self.upstream.append(s.task_id)
        return self

    @classmethod
    def partial(cls, **kwargs):
        """Operator.partial(...).expand(op_kwargs=[...]): the operator built once with the shared
        arguments (checked against its signature as Airflow does) and the first map index's kwargs."""
        return _Partial(cls, kwargs)

    def __rshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            o.upstream.append(self.task_id)
        return other

    def __rrshift__(self, other):
        for o in other if isinstance(other, list) else [other]:
            self.upstream.append(o.task_id)
        return self


def apply_defaults(cls, kwargs):
    """What Airflow's BaseOperatorMeta does: default_args fill the arguments the class accepts."""
    dag = _CURRENT[-1]
    accepted = set()
    for klass in cls.__mro__:
        if "__init__" in klass.__dict__:
            accepted |= set(inspect.signature(klass.__dict__["__init__"]).parameters)
    for key in dag.default_args:
        assert key in accepted or key not in inspect.signature(BaseOperator.__init__).parameters, key
    merged = {k: v for k, v in dag.default_args.items() if k in accepted}
    merged.update(kwargs)
    return merged


class _Partial:
    def __init__(self, cls, kwargs):
        self.cls = cls
        self.kwargs = kwargs

    def expand(self, *, op_kwargs):
        assert isinstance(op_kwargs, list) and all(isinstance(k, dict) for k in op_kwargs)
        op = self.cls(**self.kwargs, op_kwargs=op_kwargs[0] if op_kwargs else {})
        op.mapped_op_kwargs = op_kwargs
        return op


class timezone:  # airflow.sdk.timezone is a module in Airflow
    @staticmethod
    def utcnow():
        raise NotImplementedError("stub")
