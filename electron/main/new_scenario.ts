// The text of File › New: a small scenario that validates and runs as it is, to edit from.
export const NEW_SCENARIO_TEXT = `windtunnel: 1
name: untitled
description: |
  A daily DAG with two tasks. Change the schedule, durations or clock and run it again.
airflow: "3.3"
clock:
  start: 2025-01-01T00:00:00Z
  end: 2025-01-04T00:00:00Z
seed: 1
dags:
  - dag_id: example
    schedule: "@daily"
    start_date: 2025-01-01
    tasks:
      - task_id: extract
        duration: PT5M
      - task_id: load
        upstream: [extract]
        duration: PT2M
events: []
`;
