// Starts the real server in demo mode on a free port, serving the release
// build in dist/, and keeps everything it prints for later inspection.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `extraArgs` are passed to the server after the demo-mode defaults;
 * `dist` is the folder of the app it serves (the release build's dist/). */
export async function startServer(extraArgs = [], { dist = join(root, 'dist') } = {}) {
  const bin = process.env.DROPSTREAM_SERVER_BIN ?? join(root, 'target/release/dropstream-server');
  const dataDir = mkdtempSync(join(tmpdir(), 'dropstream-e2e-'));
  const child = spawn(bin, ['--demo', '--port', '0', '--data-dir', dataDir, '--dist', dist, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, RUST_LOG: 'debug,hyper=info,h2=info,sqlx=info' },
  });
  let output = '';
  child.stderr.on('data', (d) => { output += d; });
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (d) => {
      output += d;
      const m = /listening on (http:\/\/[0-9.]+:\d+)/.exec(output);
      if (m) { clearTimeout(timer); ok(m[1]); }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}:\n${output}`)));
  });
  return {
    url,
    /** The server's data folder, for the command line's subcommands. */
    dataDir,
    bin,
    /** Everything the server printed so far (stdout and stderr). */
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => (child.exitCode !== null ? r() : child.once('exit', r)));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
