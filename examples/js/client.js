// A Node.js service submitting jobs (gearmanode: npm install gearmanode).
const gearmanode = require('gearmanode');

const client = gearmanode.client({ servers: [{ host: '127.0.0.1', port: 4730 }] });

// Foreground: the result arrives with the 'complete' event.
const job = client.submitJob('count_lines', 'one\ntwo\nthree\n');
job.on('complete', () => {
  console.log(`count_lines: ${job.response}`);
  client.close();
});

// worker.js registers index_document, but no worker for it is running: a warning.
client.submitJob('index_document', JSON.stringify({ id: 7, title: 'Gearman in practice' }), { background: true });

// A typo: no worker registers 'count_line'; the quick fix offers 'count_lines'.
client.submitJob('count_line', 'a\nb\n', { priority: 'HIGH' });
