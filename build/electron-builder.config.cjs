// electron-builder configuration: `npm run dist` (builds first, then packages for the host OS).
// Every target downloads its tools on first use (AppImage, fpm for deb, NSIS, dmg): run it on a
// machine with network access, and build each OS's package on that OS (resvg's native module is
// installed per platform, so a package built elsewhere would carry the wrong one).
// Validated without running it by test/electron/builder_config.test.ts.

/** The only node_modules the app loads at run time: resvg (a native module esbuild cannot bundle)
 * and the DejaVu fonts PNG export reads (the same files as node/png.ts's FONT_FILES). Every other
 * dependency is bundled into dist/ by esbuild and Vite, so app.asar leaves node_modules out. */
const FONT_FILES = [
  'DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSans-Oblique.ttf', 'DejaVuSans-BoldOblique.ttf',
  'DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf',
];
const RUNTIME_NODE_MODULES = [
  'node_modules/@resvg/resvg-js/**/*',
  'node_modules/@resvg/resvg-js-*/**/*',
  'node_modules/dejavu-fonts-ttf/package.json',
  'node_modules/dejavu-fonts-ttf/LICENSE',
  ...FONT_FILES.map((f) => `node_modules/dejavu-fonts-ttf/ttf/${f}`),
];

/** @type {import('electron-builder').Configuration} */
module.exports = {
  appId: 'org.windtunnel.desktop',
  productName: 'Windtunnel',
  copyright: 'Copyright © Windtunnel contributors',
  directories: { output: 'release', buildResources: 'build' },
  extraMetadata: { main: 'dist/electron/main.cjs' },
  files: [
    'package.json',
    'dist/electron/**/*',
    'dist/renderer/**/*',
    'build/icons/512x512.png',
    '!**/*.map',
    // Later patterns win (electron-builder's minimatch-all): drop node_modules, then take back
    // the runtime ones.
    '!node_modules/**/*',
    ...RUNTIME_NODE_MODULES,
  ],
  asar: true,
  // resvg reads its .node binary and the font files natively: they cannot stay inside app.asar.
  asarUnpack: ['node_modules/@resvg/**/*', 'node_modules/dejavu-fonts-ttf/ttf/**/*'],
  npmRebuild: false,
  publish: null,
  // Electron fuses, flipped in the packaged binary (electron-builder 26 → @electron/fuses): the app
  // needs none of the Node entry points, so an attacker who can set the environment or pass flags
  // to the app's executable gets a Chromium, not a Node with the app's privileges. ASAR integrity
  // (macOS and Windows; a no-op on Linux) and app.asar-only loading make the packaged code the
  // only code the app runs. The renderer is served from app:// (electron/main/protocol.ts), never
  // file://, so file:// keeps no extra privileges.
  electronFuses: {
    runAsNode: false,
    enableNodeOptionsEnvironmentVariable: false,
    enableNodeCliInspectArguments: false,
    enableCookieEncryption: true,
    enableEmbeddedAsarIntegrityValidation: true,
    onlyLoadAppFromAsar: true,
    grantFileProtocolExtraPrivileges: false,
  },
  fileAssociations: [
    {
      ext: 'windtunnel.yaml',
      name: 'Windtunnel scenario',
      description: 'Windtunnel scenario',
      mimeType: 'application/x-windtunnel+yaml',
      role: 'Editor',
    },
  ],
  linux: {
    target: ['AppImage', 'deb'],
    category: 'Development',
    icon: 'build/icons',
    executableName: 'windtunnel',
    synopsis: 'Simulator of the Apache Airflow 3 scheduler',
    description: 'A deterministic simulator and visual explorer of the Apache Airflow 3 scheduler.',
    mimeTypes: ['application/x-windtunnel+yaml'],
  },
  appImage: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  deb: { artifactName: '${name}_${version}_${arch}.${ext}', priority: 'optional' },
  mac: {
    target: ['dmg'],
    category: 'public.app-category.developer-tools',
    icon: 'build/icon.png',
    hardenedRuntime: true,
  },
  dmg: { artifactName: '${productName}-${version}-${arch}.${ext}' },
  win: {
    target: ['nsis'],
    icon: 'build/icon.png',
  },
  nsis: {
    oneClick: false,
    perMachine: false,
    allowToChangeInstallationDirectory: true,
    artifactName: '${productName}-Setup-${version}.${ext}',
  },
};
