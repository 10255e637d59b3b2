// Entry point: global styles (with the bundled DejaVu fonts), the app model, the Svelte app.
import './app.css';
import { mount } from 'svelte';
import App from './App.svelte';
import { AppModel } from './lib/app.svelte.js';
import { stateBadgeCss } from '../view/state_css.js';

const badges = document.createElement('style');
badges.textContent = stateBadgeCss();
document.head.append(badges);

const app = new AppModel();
(globalThis as unknown as { __windtunnel?: Record<string, unknown> }).__windtunnel ??= { timelines: {} };
(globalThis as unknown as { __windtunnel: Record<string, unknown> }).__windtunnel.app = app;
mount(App, { target: document.getElementById('app')!, props: { app } });
