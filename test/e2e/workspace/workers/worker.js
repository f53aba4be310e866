// A Gearman worker: registers the "reverse" function.
const gearman = require('gearman');

const worker = gearman.worker();
worker.addFunction('reverse', (job) => job.workComplete(String(job.payload).split('').reverse().join('')));
