// replay_events.py: the scenario's events as requests to a real Airflow 3.1's REST API v2, sent at
// the scenario's times relative to clock.start (optionally sped up). This file is the scenario's data
// only; the runtime that sends it is windtunnel_replay.py beside it (replay_runtime.ts), the same for
// every export. Python finds it because a script's own folder is on sys.path.
import type { Scenario, ScenarioEvent } from '../../model/scenario.js';
import { formatInstant } from '../../time/instant.js';
import { replayTarget } from './target.js';
import { commentBlock, INDENT, pyLiteral, pyStr, wrap } from './python.js';
import { noteLines, type Tracer } from './trace.js';
import { REPLAY_RUNTIME_FILE, REPLAY_RUNTIME_FORMAT, REPLAY_RUNTIME_MODULE } from './replay_runtime.js';

export const REPLAY_FILE = 'replay_events.py';

type RawMap = Record<string, unknown>;
const isMap = (v: unknown): v is RawMap => v !== null && typeof v === 'object' && !Array.isArray(v);

export function replayFile(scenario: Scenario, raw: RawMap | undefined, tracer: Tracer): string {
  const file = REPLAY_FILE;
  const rawEvents = Array.isArray(raw?.events) ? (raw!.events as unknown[]) : [];
  const start = scenario.clock.start;
  const I2 = INDENT + INDENT;

  // Run ids the replay itself asks for (trigger run_id, REST dag_run_id) are the same in Airflow.
  const knownRunIds = new Set<string>();
  for (const ev of scenario.events) {
    if (ev.kind === 'trigger' && ev.trigger.run_id) knownRunIds.add(ev.trigger.run_id);
    if (ev.kind === 'api' && isMap(ev.api.body) && typeof (ev.api.body as RawMap).dag_run_id === 'string') knownRunIds.add((ev.api.body as RawMap).dag_run_id as string);
  }

  // ----- events -----
  const eventBlocks: string[] = [];
  scenario.events.forEach((ev, i) => {
    const p = `events[${i}]`;
    const rawEv = isMap(rawEvents[i]) ? rawEvents[i] as RawMap : {};
    const rawBody = isMap(rawEv[ev.kind]) ? rawEv[ev.kind] as RawMap : {};
    const has = (k: string) => Object.hasOwn(rawBody, k);
    if (ev.at > scenario.clock.end) {
      tracer.note(`${p}.at`, 'warning', `events[${i}] (${ev.kind} at ${formatInstant(ev.at)}) is after clock.end: the simulation never applies it, so it is not replayed`);
      for (const k of Object.keys(rawBody)) tracer.note(`${p}.${ev.kind}.${k}`, 'info', `events[${i}] is not replayed (after clock.end)`);
      if (!isMap(rawEv[ev.kind])) tracer.note(`${p}.${ev.kind}`, 'info', `events[${i}] is not replayed (after clock.end)`);
      return;
    }
    const lines: string[] = [];
    const entry = (k: string, v: unknown) => {
      const prefix = `${I2}${pyStr(k)}: `;
      const s = `${pyStr(k)}: ${pyLiteral(v, I2, prefix.length)}`;
      lines.push(`${I2}${s},`);
      return s;
    };
    const offset = (ev.at - start) / 1000;
    entry('offset', offset);
    tracer.code(`${p}.at`, file, entry('at', formatInstant(ev.at)));
    const kind = entry('kind', ev.kind);
    const traced = (k: string, snippet: string) => { if (has(k)) tracer.code(`${p}.${ev.kind}.${k}`, file, snippet); };
    switch (ev.kind) {
      case 'trigger': {
        const t = ev.trigger;
        traced('dag_id', entry('dag_id', t.dag_id));
        traced('conf', entry('conf', t.conf));
        // What the path uses when no logical date is given: the UI and the operator pre-fill now.
        const ld = t.logical_date === undefined ? (t.via === 'ui' || t.via === 'operator' ? 'now' : null) : t.logical_date === null ? null : formatInstant(t.logical_date);
        traced('logical_date', entry('logical_date', ld));
        traced('run_id', entry('dag_run_id', t.run_id));
        traced('via', entry('via', t.via));
        if (t.via === 'cli' || t.via === 'operator') {
          tracer.remark(`${p}.trigger.via`, 'warning', `a trigger via ${t.via} is replayed through POST /api/v2/dags/{dag_id}/dagRuns: the run gets triggered_by rest_api and a REST-style run_id (run \`airflow dags trigger\` yourself to see the CLI path)`);
        }
        break;
      }
      case 'api': {
        const a = ev.api;
        traced('method', entry('method', a.method));
        traced('path', entry('path', a.path));
        if (a.body !== undefined) traced('body', entry('body', a.body));
        break;
      }
      case 'message': {
        const m = ev.message;
        traced('queue', entry('queue', m.queue));
        traced('payload', entry('payload', m.payload));
        entry('assets', scenario.assets.filter((a) => a.watchers.some((w) => w.queue === m.queue)).map((a) => a.name));
        tracer.remark(`${p}.message`, 'warning', `a message on queue ${m.queue} is replayed as POST /api/v2/assets/events on the assets watching it (extra {from_trigger: true, payload}); publish to the real queue to exercise the AssetWatcher itself`);
        break;
      }
      case 'asset_event':
        traced('asset', entry('asset', ev.asset_event.asset));
        traced('extra', entry('extra', ev.asset_event.extra));
        break;
      case 'backfill': {
        const b = ev.backfill;
        traced('dag_id', entry('dag_id', b.dag_id));
        traced('from_date', entry('from_date', formatInstant(b.from_date)));
        traced('to_date', entry('to_date', formatInstant(b.to_date)));
        traced('run_backwards', entry('run_backwards', b.run_backwards));
        traced('dag_run_conf', entry('dag_run_conf', b.dag_run_conf));
        traced('reprocess_behavior', entry('reprocess_behavior', b.reprocess_behavior));
        traced('max_active_runs', entry('max_active_runs', b.max_active_runs));
        break;
      }
      case 'pause':
      case 'unpause':
        entry('dag_id', ev.dag_id);
        tracer.code(`${p}.${ev.kind}`, file, kind);
        break;
      case 'clear': {
        const c = ev.clear;
        traced('dag_id', entry('dag_id', c.dag_id));
        traced('run_id', entry('run_id', c.run_id));
        traced('task_ids', entry('task_ids', c.task_ids));
        traced('only_failed', entry('only_failed', c.only_failed));
        // Written only when they differ from the default, so a plain clear reads as before.
        for (const k of ['upstream', 'downstream', 'future', 'past'] as const) if (c[k] || has(k)) traced(k, entry(k, c[k]));
        if (c.dag_run_state !== 'queued' || has('dag_run_state')) traced('dag_run_state', entry('dag_run_state', c.dag_run_state));
        runIdNote(tracer, p, c.run_id, knownRunIds);
        break;
      }
      case 'mark': {
        const m = ev.mark;
        traced('dag_id', entry('dag_id', m.dag_id));
        traced('run_id', entry('run_id', m.run_id));
        traced('task_id', entry('task_id', m.task_id));
        traced('state', entry('state', m.state));
        if (m.map_index !== undefined) tracer.note(`${p}.mark.map_index`, 'warning', `mark map_index ${m.map_index}: replay_events.py marks the whole task (PATCH .../taskInstances/${m.task_id}); add /${m.map_index} to the path by hand`);
        runIdNote(tracer, p, m.run_id, knownRunIds);
        break;
      }
    }
    const offsetText = offset === 0 ? '+0s' : `+${offset}s`;
    eventBlocks.push(`${INDENT}# events[${i}] at ${formatInstant(ev.at)} (${offsetText}): ${describe(ev)}\n${INDENT}{\n${lines.join('\n')}\n${INDENT}},`);
  });

  // ----- setup: pools, paused state, asset names -----
  const pools = Object.entries(scenario.pools).filter(([name, slots]) => !(name === 'default_pool' && slots === 128));
  const poolLines = pools.map(([name, slots]) => {
    const s = `{"name": ${pyStr(name)}, "slots": ${slots}}`;
    tracer.code(`pools.${name}`, file, s);
    return `${INDENT}${s},`;
  });
  if (isMap(raw?.pools) && Object.hasOwn(raw!.pools as RawMap, 'default_pool') && scenario.pools.default_pool === 128) {
    tracer.note('pools.default_pool', 'info', 'default_pool: 128 is Airflow\'s default: nothing to set up');
  }
  const pausedLines = scenario.dags.map((d) => `${INDENT}${pyStr(d.dag_id)}: ${d.paused ? 'True' : 'False'},`);
  const assetLines = scenario.assets.map((a, i) => {
    const s = `${pyStr(a.name)}: ${pyStr(a.uri)}`;
    if (!tracer.has(`assets[${i}].name`)) tracer.code(`assets[${i}].name`, file, s);
    if (!tracer.has(`assets[${i}].uri`)) tracer.code(`assets[${i}].uri`, file, s);
    return `${INDENT}${s},`;
  });

  const doc: string[] = [];
  doc.push(...wrap(`Replay the events of the Windtunnel scenario "${scenario.name}" against a real ${replayTarget(scenario.airflow)}.`, 86));
  doc.push('');
  doc.push(...wrap(`Generated by \`windtunnel export-dags\` (format 1, profile "${scenario.airflow}"). Each event is sent to Airflow's REST API v2 at its time relative to the scenario's clock.start (divided by --speed). Before the events, the setup step creates the pools and sets each DAG paused or not (--no-setup skips it).`, 86));
  doc.push('');
  doc.push('Usage:');
  doc.push('    python replay_events.py --base-url http://localhost:8080 --token "$AIRFLOW_TOKEN"');
  doc.push('    python replay_events.py --base-url http://localhost:8080 --token TOKEN --speed 60');
  doc.push('    python replay_events.py --dry-run   # print the requests, send nothing');
  doc.push('');
  doc.push(...wrap(`A token comes from POST /auth/token on the Airflow 3 API server, or from \`windtunnel serve\`, which speaks the same API. This file holds the scenario's data; ${REPLAY_RUNTIME_FILE}, written beside it, sends it (the runtime every export shares). Keep both out of the dags folder (.airflowignore lists them).`, 86));
  const warnings = tracer.notes.filter((n) => n.level === 'warning' && n.path.startsWith('events'));
  if (warnings.length > 0) {
    doc.push('');
    doc.push('Replayed differently from the simulation (reported, not dropped):');
    doc.push(...noteLines(warnings));
  }

  const out: string[] = [];
  out.push('#!/usr/bin/env python3');
  out.push(commentBlock(doc.join('\n')));
  if (scenario.description.trim() !== '') {
    out.push('#');
    out.push('# Scenario description:');
    const desc = commentBlock(scenario.description, '');
    out.push(desc);
    tracer.code('description', file, desc);
  }
  out.push('');
  out.push(IMPORT_RUNTIME);
  const scen = `SCENARIO = ${pyStr(scenario.name)}`;
  out.push(scen);
  out.push(`WINDTUNNEL_FORMAT = 1`);
  out.push(`PROFILE = ${pyStr(scenario.airflow)}`);
  const cs = `CLOCK_START = ${pyStr(formatInstant(scenario.clock.start))}`;
  const ce = `CLOCK_END = ${pyStr(formatInstant(scenario.clock.end))}`;
  out.push(`${cs}  # offset 0 of the replay`);
  out.push(`${ce}  # events after it are not replayed: the simulation never applies them`);
  tracer.code('name', file, scen);
  tracer.code('windtunnel', file, 'WINDTUNNEL_FORMAT = 1');
  tracer.code('clock.start', file, cs);
  tracer.code('clock.end', file, ce);
  out.push('');
  out.push('# Pools the scenario declares: created (POST /api/v2/pools), or resized when they exist.');
  out.push(poolLines.length ? `POOLS = [\n${poolLines.join('\n')}\n]` : 'POOLS = []');
  out.push('');
  out.push('# Whether each DAG is paused when the replay starts (PATCH /api/v2/dags/{dag_id}).');
  out.push(pausedLines.length ? `DAGS_PAUSED = {\n${pausedLines.join('\n')}\n}` : 'DAGS_PAUSED = {}');
  out.push('');
  out.push('# Asset names and URIs: events name assets, the REST API wants their ids.');
  out.push(assetLines.length ? `ASSETS = {\n${assetLines.join('\n')}\n}` : 'ASSETS = {}');
  out.push('');
  out.push('# The events, in order. offset: seconds after CLOCK_START.');
  out.push(eventBlocks.length ? `EVENTS = [\n${eventBlocks.join('\n')}\n]` : 'EVENTS = []');
  out.push(RUN_RUNTIME);
  return out.join('\n');
}

function runIdNote(tracer: Tracer, p: string, runId: string, known: Set<string>): void {
  if (/^(scheduled|backfill)__/.test(runId) || known.has(runId)) return;
  tracer.remark(`${p}`, 'warning', `run ${runId}: a run this replay triggers gets another run_id in a real Airflow, so a request naming it can answer 404`);
}

function describe(ev: ScenarioEvent): string {
  switch (ev.kind) {
    case 'trigger': return `trigger ${ev.trigger.dag_id} via ${ev.trigger.via}`;
    case 'api': return `${ev.api.method} ${ev.api.path}`;
    case 'message': return `message on queue ${ev.message.queue}`;
    case 'asset_event': return `asset event on ${ev.asset_event.asset}`;
    case 'backfill': return `backfill ${ev.backfill.dag_id}`;
    case 'pause': return `pause ${ev.dag_id}`;
    case 'unpause': return `unpause ${ev.dag_id}`;
    case 'clear': return `clear ${ev.clear.dag_id} ${ev.clear.run_id}`;
    case 'mark': return `mark ${ev.mark.dag_id} ${ev.mark.run_id}${ev.mark.task_id ? ` ${ev.mark.task_id}` : ''} ${ev.mark.state}`;
  }
}

const IMPORT_RUNTIME = `from __future__ import annotations

import sys

try:
    import ${REPLAY_RUNTIME_MODULE}
except ModuleNotFoundError:
    sys.exit("${REPLAY_RUNTIME_FILE} is missing: windtunnel export-dags writes it beside this file")
`;

const RUN_RUNTIME = `

if __name__ == "__main__":
    sys.exit(${REPLAY_RUNTIME_MODULE}.main(SCENARIO, POOLS, DAGS_PAUSED, ASSETS, EVENTS, runtime_format=${REPLAY_RUNTIME_FORMAT}))
`;
