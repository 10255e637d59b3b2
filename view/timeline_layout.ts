// The timeline's pure maths, one import for its users: the layout of a run's output into rows
// (timeline_model.ts), the time axis (time_scale.ts), drawing through a sink (timeline_draw.ts,
// timeline_chrome.ts, row_tables.ts), hit testing (timeline_hit.ts) and instants (parse_time.ts).
// No DOM here: the CLI's SVG export runs this in Node.
export * from './timeline_model.js';
export * from './time_scale.js';
export * from './timeline_draw.js';
export * from './timeline_chrome.js';
export * from './timeline_hit.js';
export * from './parse_time.js';
