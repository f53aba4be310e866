// Generated inputs for the analysis benchmark: one large PHP file, and a mixed-language workspace
// written the way client and worker code is written (most calls are not Gearman calls).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A PHP file of `lines` lines: classes of methods, a Gearman call in about one line of ten. */
export function bigPhp(lines: number): string {
  const out = ['<?php', 'namespace App\\Jobs;', ''];
  let cls = 0;
  let i = 0;
  while (out.length < lines - 3) {
    out.push(`class Dispatcher${cls++}`, '{');
    for (let m = 0; m < 50 && out.length < lines - 12; m++, i++) {
      out.push(
        `    public function handle${m}(array $items, \\GearmanClient $client): int`,
        '    {',
        `        $count = count($items) * ${i % 97}; // scale by the batch size`,
        `        $payload = json_encode(['items' => array_map(fn($x) => $x + 1, $items), 'n' => $count]);`,
        `        $client->doBackground('resize_image_${i % 40}', $payload);`,
        `        if ($count > ${i % 13}) { $this->log->info(sprintf("queued %d items", $count)); }`,
        `        $this->worker->addFunction("thumb_${i % 25}", [$this, 'thumb']);`,
        '        return strlen(strtoupper("done")) + $count;',
        '    }',
        '',
      );
    }
    out.push('}', '');
  }
  while (out.length < lines) out.push('// end');
  return out.join('\n');
}

const TEMPLATES: Record<string, (i: number, n: string) => string> = {
  php: (i, n) =>
    `    public function run${i}($client, $data) {\n        $x = strtolower(trim($data));\n        $client->doNormal('${n}', $x);\n        return array_sum([1, 2, ${i}]);\n    }\n`,
  py: (i, n) =>
    `def run_${i}(client, data):\n    x = data.strip().lower()\n    client.submit_job('${n}', x, background=True)\n    return sum([1, 2, ${i}])\n\n`,
  go: (i, n) =>
    `func run${i}(c *client.Client, data []byte) error {\n\tx := strings.ToLower(string(data))\n\t_, err := c.Do("${n}", []byte(x), client.JobNormal, nil)\n\treturn err\n}\n\n`,
  js: (i, n) =>
    `function run${i}(client, data) {\n  const x = String(data).trim().toLowerCase();\n  client.submitJob('${n}', x, { background: true });\n  return [1, 2, ${i}].reduce((a, b) => a + b, 0);\n}\n\n`,
  ts: (i, n) =>
    `export function run${i}(client: Client, data: string): number {\n  const x: string = data.trim().toLowerCase();\n  client.submitJob('${n}', x);\n  return [1, 2, ${i}].length;\n}\n\n`,
  java: (i, n) =>
    `    public byte[] run${i}(GearmanClient client, String data) {\n        String x = data.trim().toLowerCase();\n        return client.submitJob("${n}", x.getBytes(), JobPriority.NORMAL);\n    }\n\n`,
  rb: (i, n) =>
    `  def run_${i}(client, data)\n    x = data.strip.downcase\n    task = Gearman::Task.new('${n}', x)\n    [1, 2, ${i}].sum\n  end\n\n`,
  c: (i, n) =>
    `int run${i}(gearman_client_st *client, const char *data) {\n  size_t n = strlen(data);\n  gearman_return_t ret;\n  void *r = gearman_client_do(client, "${n}", NULL, data, n, &n, &ret);\n  return r ? ${i} : 0;\n}\n\n`,
};

const WORKER_LINE: Record<string, (n: string) => string> = {
  php: (n) => `$worker->addFunction('${n}', 'handle');\n`,
  py: (n) => `worker.register_task('${n}', handle)\n`,
  go: (n) => `func init() { w.AddFunc("${n}", handle, worker.Unlimited) }\n`,
  js: (n) => `worker.addFunction('${n}', handle);\n`,
  ts: (n) => `worker.addFunction('${n}', handle);\n`,
  java: (n) => `class W { void reg(GearmanWorker worker) { worker.addFunction("${n}", handler); } }\n`,
  rb: (n) => `w.add_ability('${n}') { |data, job| data }\n`,
  c: (n) => `void reg(gearman_worker_st *w) { gearman_worker_add_function(w, "${n}", 0, handle, NULL); }\n`,
};

const WRAP: Record<string, (body: string) => string> = {
  php: (b) => `<?php\nclass Jobs {\n${b}}\n`,
  py: (b) => `import gearman\n\n${b}`,
  go: (b) => `package jobs\n\nimport "strings"\n\n${b}`,
  js: (b) => `'use strict';\n\n${b}`,
  ts: (b) => `import type { Client } from './client';\n\n${b}`,
  java: (b) => `package jobs;\n\npublic class Jobs {\n${b}}\n`,
  rb: (b) => `class Jobs\n${b}end\n`,
  c: (b) => `#include <libgearman/gearman.h>\n#include <string.h>\n\n${b}`,
};

// Ordinary code: the same functions with the Gearman call swapped for a logging call.
const PLAIN: Record<string, [RegExp, string]> = {
  php: [/\$client->doNormal\(/g, '$this->log('],
  py: [/client\.submit_job\(/g, 'log.info('],
  go: [/c\.Do\(/g, 'log.Print('],
  js: [/client\.submitJob\(/g, 'log.info('],
  ts: [/client\.submitJob\(/g, 'log.info('],
  java: [/client\.submitJob\(/g, 'log.info('],
  rb: [/Gearman::Task\.new\(/g, 'Logger.info('],
  c: [/gearman_client_do\(client, /g, 'log_message(client, '],
};

/**
 * Writes `files` source files (8 languages, `functions` functions each) under `dir`. A share
 * `gearmanShare` of them make one Gearman client call per function (one in five of those also
 * registers a worker); the rest is ordinary code with a logging call in its place.
 */
export function mixedWorkspace(
  dir: string,
  files: number,
  functions = 8,
  gearmanShare = 1,
): { files: number; bytes: number; callSites: number } {
  const langs = Object.keys(TEMPLATES);
  let bytes = 0;
  let callSites = 0;
  for (let f = 0; f < files; f++) {
    const lang = langs[f % langs.length];
    const sub = join(dir, `pkg${Math.floor(f / 100)}`);
    mkdirSync(sub, { recursive: true });
    const gearman = ((f * 7919) % 1000) / 1000 < gearmanShare; // spread over languages and folders
    let body = '';
    for (let i = 0; i < functions; i++) body += TEMPLATES[lang](i, `job_${(f * 7 + i) % 500}`);
    if (gearman) callSites += functions;
    else body = body.replace(PLAIN[lang][0], PLAIN[lang][1]);
    let text = WRAP[lang](body);
    if (gearman && f % 5 === 0) {
      text += WORKER_LINE[lang](`job_${f % 500}`);
      callSites++;
    }
    writeFileSync(join(sub, `file${f}.${lang}`), text);
    bytes += Buffer.byteLength(text);
  }
  return { files, bytes, callSites };
}

/** ripgrep pattern for the calls the generated files use (what a plain text search would need). */
export const RG_PATTERN = String.raw`(doNormal|doBackground|addFunction|submit_job|register_task|\.Do|AddFunc|submitJob|Gearman::Task\.new|add_ability|gearman_client_do|gearman_worker_add_function)\(\s*(&?\w+,\s*)?["'][^"']+["']`;
