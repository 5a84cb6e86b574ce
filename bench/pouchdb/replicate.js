// PouchDB, the usual choice for offline sync, replicating N documents of 2 KiB payload (the
// same size as our sealed drafts, base64 on the wire like ours) from a local PouchDB (LevelDB on
// disk) to pouchdb-server on loopback (LevelDB on disk): the baseline for a kiosk's push.
// Usage: node replicate.js N WORK_DIR   Prints one key=value line.
'use strict';
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const net = require('net');
const path = require('path');
const PouchDB = require('pouchdb-node');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForServer(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch (e) { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`pouchdb-server did not answer at ${url} within ${seconds} s`);
}

function folderBytes(dir) {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    total += entry.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
  }
  return total;
}

async function main() {
  const n = parseInt(process.argv[2] || '10000', 10);
  const work = path.resolve(process.argv[3] || 'pouchdb-work');
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(path.join(work, 'server'), { recursive: true });
  const port = await freePort();
  // pouchdb-server writes its config and log to the working folder: keep them in `work`.
  const server = spawn(process.execPath,
    [require.resolve('pouchdb-server/bin/pouchdb-server'), '--host', '127.0.0.1', '--port', String(port),
      '--dir', path.join(work, 'server'), '--no-stdout-logs'],
    { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    const url = `http://127.0.0.1:${port}`;
    await waitForServer(url, 60);
    // The documents, queued locally first (not timed, as a kiosk's queue is not).
    const local = new PouchDB(path.join(work, 'local'));
    for (let start = 0; start < n; start += 500) {
      const docs = [];
      for (let i = start; i < Math.min(n, start + 500); i++) {
        const payload = crypto.randomBytes(2048);
        docs.push({
          _id: `r-bench-${i}`, owner: '1001', form_id: 'development_discussion_staff', year: 2026, version: 1,
          state: 'draft', payload: payload.toString('base64'),
          content_hash: crypto.createHash('sha256').update(payload).digest('hex'),
          author_signature: crypto.randomBytes(64).toString('base64'),
        });
      }
      await local.bulkDocs(docs);
    }
    const remote = new PouchDB(`${url}/bench`);
    const t0 = process.hrtime.bigint();
    // Batches of 200, as our push sends.
    const result = await local.replicate.to(remote, { batch_size: 200 });
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const info = await remote.info();
    if (result.docs_written !== n || info.doc_count !== n) {
      throw new Error(`replicated ${result.docs_written}, server has ${info.doc_count}, expected ${n}`);
    }
    await local.close();
    const mib = folderBytes(path.join(work, 'server')) / 1048576;
    console.log(`pouch docs=${n} seconds=${seconds.toFixed(3)} docs_per_s=${(n / seconds).toFixed(0)} server_db_mib=${mib.toFixed(1)}`);
  } finally {
    server.kill('SIGTERM');
  }
}

main().catch((e) => {
  console.error(`pouchdb benchmark failed: ${e.message}`);
  process.exit(1);
});
