// The Node.js worker process: node worker.js (gearmanode).
const gearmanode = require('gearmanode');

const worker = gearmanode.worker({ servers: [{ host: '127.0.0.1', port: 4730 }], withUnique: true });

worker.addFunction('count_lines', (job) => {
  const text = job.payload.toString();
  job.workComplete(String(text.split('\n').length - 1));
});

worker.addFunction('index_document', (job) => {
  const doc = JSON.parse(job.payload.toString());
  // ... add doc to the search index ...
  job.workComplete(JSON.stringify({ indexed: doc.id }));
});
