// Language server entry: `node dist/server.js --stdio` (or IPC when started by the extension).
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { processOptions, startServer } from './startServer';

startServer(createConnection(ProposedFeatures.all), processOptions(__dirname));
