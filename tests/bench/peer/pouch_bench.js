// Measures PouchDB push and pull replication against an express-pouchdb server on loopback, as a reference for the project's own sync.
'use strict';

const fs = require('fs');
const path = require('path');
const http = require('http');
const { fork } = require('child_process');

const USAGE =
  'usage: node pouch_bench.js --docs FILE.ndjson --dir WORKDIR [--batch 500] [--timeout 1800]\n' +
  '  FILE.ndjson  one JSON object per line, each with a string "_id"\n' +
  '  WORKDIR      scratch folder; its a/, b/ and server/ subfolders are wiped first\n' +
  '  --batch      replication batch_size (default 500)\n' +
  '  --timeout    give up after this many seconds (default 1800)\n';

function log(msg) {
  process.stderr.write(msg + '\n');
}

function fail(msg) {
  log('pouch_bench: FAIL: ' + msg);
  process.exit(1);
}

function usage(msg) {
  if (msg) log('pouch_bench: ' + msg);
  process.stderr.write(USAGE);
  process.exit(2);
}

// CPU seconds (user + system) of a process.cpuUsage() value.
function cpuSeconds(u) {
  return (u.user + u.system) / 1e6;
}

// require() with a hint when the packages were not installed next to this script.
function need(name) {
  try {
    return require(name);
  } catch (e) {
    if (e.code !== 'MODULE_NOT_FOUND') throw e;
    fail(`cannot load "${name}": run install.sh DEST and start DEST/pouch_bench.js, ` +
         'or set NODE_PATH=DEST/node_modules');
  }
}

function round(x, digits) {
  const f = Math.pow(10, digits);
  return Math.round(x * f) / f;
}

/* ------------------------------------------------------------------ */
/* Server mode: run in a forked child, talks to the parent over IPC.   */
/* ------------------------------------------------------------------ */

function serve(dataDir) {
  const PouchDB = need('pouchdb');
  const express = need('express');
  const expressPouchDB = need('express-pouchdb');

  fs.mkdirSync(dataDir, { recursive: true });
  const ServerPouch = PouchDB.defaults({ prefix: dataDir + path.sep });
  const app = express();
  app.use('/', expressPouchDB(ServerPouch, {
    mode: 'minimumForPouchDB',
    inMemoryConfig: true,
    logPath: path.join(dataDir, 'log.txt'),
  }));

  // Byte accounting: sockets that have closed are summed into `closed`;
  // sockets still open are kept in `live` and read on demand. A socket
  // moves from one to the other in a single handler, so the total
  // closed + sum(live) never counts a byte twice or drops one.
  const closed = { read: 0, written: 0 };
  const live = new Set();
  const server = http.createServer(app);
  server.on('connection', (sock) => {
    live.add(sock);
    sock.on('close', () => {
      live.delete(sock);
      closed.read += sock.bytesRead;
      closed.written += sock.bytesWritten;
    });
  });

  function snapshot() {
    let read = closed.read;
    let written = closed.written;
    for (const s of live) {
      read += s.bytesRead;
      written += s.bytesWritten;
    }
    return { type: 'snapshot', read, written, cpu: process.cpuUsage() };
  }

  process.on('message', (m) => {
    if (m && m.type === 'snapshot') {
      process.send(snapshot());
    } else if (m && m.type === 'stop') {
      const final = snapshot();
      server.close();
      server.closeAllConnections();
      process.send(final, () => process.exit(0));
    }
  });
  // If the parent goes away, do not linger.
  process.on('disconnect', () => process.exit(0));

  server.listen(0, '127.0.0.1', () => {
    const port = server.address().port;
    process.stdout.write('pouch_bench server: listening on 127.0.0.1:' + port + '\n');
    process.send({ type: 'port', port });
  });
}

/* ------------------------------------------------------------------ */
/* Client mode.                                                        */
/* ------------------------------------------------------------------ */

function parseArgs(argv) {
  const opts = { docs: null, dir: null, batch: 500, timeout: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === '-h' || a === '--help') usage();
    if (!['--docs', '--dir', '--batch', '--timeout'].includes(a)) usage('unknown argument: ' + a);
    if (v === undefined) usage('missing value for ' + a);
    i++;
    if (a === '--docs') opts.docs = v;
    else if (a === '--dir') opts.dir = v;
    else {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) usage(a + ' must be a positive integer');
      opts[a.slice(2)] = n;
    }
  }
  if (!opts.docs || !opts.dir) usage('--docs and --dir are required');
  if (!fs.existsSync(opts.docs)) usage('no such file: ' + opts.docs);
  return opts;
}

// Reads the whole NDJSON file (tens of MB at most) and checks each line.
function readDocs(file) {
  const text = fs.readFileSync(file, 'utf8');
  const docs = [];
  const seen = new Set();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    let d;
    try {
      d = JSON.parse(line);
    } catch (e) {
      fail(file + ':' + (i + 1) + ': not JSON: ' + e.message);
    }
    if (d === null || typeof d !== 'object' || Array.isArray(d) || typeof d._id !== 'string') {
      fail(file + ':' + (i + 1) + ': not an object with a string _id');
    }
    if (seen.has(d._id)) fail(file + ':' + (i + 1) + ': duplicate _id ' + d._id);
    seen.add(d._id);
    docs.push(d);
  }
  if (docs.length === 0) fail(file + ': no documents');
  return docs;
}

// Starts the server child; resolves with { child, port, request(msg) }.
function startServer(serverDir) {
  return new Promise((resolve, reject) => {
    // The child's stdout goes to our stderr so that our stdout holds only the result line.
    const child = fork(__filename, ['--serve', serverDir], { stdio: ['ignore', 2, 2, 'ipc'] });
    let waiter = null;
    child.on('message', (m) => {
      if (m.type === 'port') {
        resolve({ child, port: m.port, request });
      } else if (waiter) {
        const w = waiter;
        waiter = null;
        w(m);
      }
    });
    child.on('exit', (code, sig) => {
      if (!child.stopping) {
        reject(new Error('server exited early (code ' + code + ', signal ' + sig + ')'));
        fail('server process exited unexpectedly (code ' + code + ', signal ' + sig + ')');
      }
    });
    // One request in flight at a time is all the benchmark needs.
    function request(msg) {
      return new Promise((res) => {
        waiter = res;
        child.send(msg);
      });
    }
  });
}

// Bulk-loads docs into a local database in chunks, failing on any per-doc error.
async function load(db, docs) {
  const CHUNK = 2000;
  for (let i = 0; i < docs.length; i += CHUNK) {
    const res = await db.bulkDocs(docs.slice(i, i + CHUNK));
    for (const r of res) {
      if (r.error) fail('bulkDocs: ' + r.id + ': ' + (r.message || r.name || r.error));
    }
  }
}

// Runs one replication and returns wall time, server bytes and CPU for it.
async function phase(name, server, PouchDB, source, target, batch, n) {
  const before = await server.request({ type: 'snapshot' });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = await PouchDB.replicate(source, target, { batch_size: batch, batches_limit: 10 });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const clientCpu = cpuSeconds(process.cpuUsage(cpu0));
  const after = await server.request({ type: 'snapshot' });

  if (!result.ok || result.status !== 'complete') {
    fail(name + ': replication did not complete: ' + JSON.stringify(result.errors || result.status));
  }
  const bytes = (after.read - before.read) + (after.written - before.written);
  const serverCpu = cpuSeconds(after.cpu) - cpuSeconds(before.cpu);
  const out = {
    secs,
    bytes,
    clientCpu,
    serverCpu,
    docsPerS: n / secs,
    bytesPerDoc: bytes / n,
  };
  log(`${name}: ${n} docs in ${secs.toFixed(3)} s = ${out.docsPerS.toFixed(1)} docs/s; ` +
      `wire ${after.read - before.read} B to server + ${after.written - before.written} B from server ` +
      `= ${out.bytesPerDoc.toFixed(1)} B/doc; docs_written ${result.docs_written}; ` +
      `cpu client ${clientCpu.toFixed(2)} s, server ${serverCpu.toFixed(2)} s`);
  return out;
}

async function main(opts) {
  const timer = setTimeout(() => fail('timed out after ' + opts.timeout + ' s'), opts.timeout * 1000);
  timer.unref();

  const PouchDB = need('pouchdb');
  const docs = readDocs(opts.docs);
  const n = docs.length;
  log(`pouch_bench: ${n} docs from ${opts.docs}, batch_size ${opts.batch}, ` +
      `PouchDB ${PouchDB.version}, node ${process.version}`);

  // Fresh state: wipe only the subfolders this script owns.
  const dir = path.resolve(opts.dir);
  for (const sub of ['a', 'b', 'server']) fs.rmSync(path.join(dir, sub), { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });

  const server = await startServer(path.join(dir, 'server'));
  const remote = new PouchDB(`http://127.0.0.1:${server.port}/bench`);
  await remote.info(); // creates the remote database before anything is measured
  log('note: bytes are server socket totals; the server gzips responses the client accepts ' +
      '(express-pouchdb compression), request bodies travel uncompressed');

  // Load the source database (not timed as part of replication).
  const a = new PouchDB(path.join(dir, 'a'));
  let t0 = Date.now();
  await load(a, docs);
  log(`load: ${n} docs into local db a in ${((Date.now() - t0) / 1000).toFixed(3)} s (not part of the result)`);

  // Push: a -> server.
  const push = await phase('push', server, PouchDB, a, remote, opts.batch, n);
  const rinfo = await remote.info();
  if (rinfo.doc_count !== n) fail(`push: remote doc_count ${rinfo.doc_count}, expected ${n}`);

  // Pull: server -> new empty b.
  const b = new PouchDB(path.join(dir, 'b'));
  const pull = await phase('pull', server, PouchDB, remote, b, opts.batch, n);
  const binfo = await b.info();
  if (binfo.doc_count !== n) fail(`pull: local doc_count ${binfo.doc_count}, expected ${n}`);

  await a.close();
  await b.close();
  server.child.stopping = true;
  await server.request({ type: 'stop' });

  const result = {
    docs: n,
    push_docs_per_s: round(push.docsPerS, 1),
    push_bytes_per_doc: round(push.bytesPerDoc, 1),
    push_s: round(push.secs, 3),
    pull_docs_per_s: round(pull.docsPerS, 1),
    pull_bytes_per_doc: round(pull.bytesPerDoc, 1),
    pull_s: round(pull.secs, 3),
    server_cpu_s: round(push.serverCpu + pull.serverCpu, 3),
    client_cpu_s: round(push.clientCpu + pull.clientCpu, 3),
    pouchdb: PouchDB.version,
    node: process.version,
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

const argv = process.argv.slice(2);
if (argv[0] === '--serve') {
  if (!argv[1] || !process.send) usage('--serve DIR is internal and needs an IPC channel');
  serve(argv[1]);
} else {
  const opts = parseArgs(argv);
  main(opts).then(
    () => process.exit(0),
    (err) => fail(err && err.stack ? err.stack : String(err))
  );
}
