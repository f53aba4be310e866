// nameSlotAt: the name argument under the cursor, for completion, including empty strings,
// partial names and unterminated strings (tree-sitter error recovery or the line fallback).
import { afterAll, describe, expect, it } from 'vitest';
import { makeAnalyzer, withCursor } from './support';

const analyzer = makeAnalyzer();
afterAll(() => analyzer.dispose());

async function slot(languageId: string, marked: string) {
  const { text, position } = withCursor(marked);
  return analyzer.nameSlotAt(languageId, text, position);
}

describe('nameSlotAt', () => {
  it.each([
    ['php', '<?php\n$client->doNormal("|", $data);', 'submit', ''],
    ['php', '<?php\n$client->doNormal("rev|erse", $data);', 'submit', 'rev'],
    ['php', '<?php\n$worker->addFunction("re|', 'register', 're'],
    ['php', "<?php\ngearman_client_do_background($client, '|');", 'submit', ''],
    ['python', "gm_client.submit_job(task='ab|')", 'submit', 'ab'],
    ['python', "gm_client.submit_job('|", 'submit', ''],
    ['python', "gm_worker.register_task(b'rev|', fn)", 'register', 'rev'],
    ['python', "client.submit_multiple_jobs([dict(task='x|')])", 'submit', 'x'],
    ['javascript', 'client.submitJob(`to|', 'submit', 'to'],
    ['typescript', "worker.addFunction('|', fn)", 'register', ''],
    ['go', 'package m\nfunc f() { w.AddFunc("To|", f, 0) }', 'register', 'To'],
    ['java', 'class A { void f() { client.submitJob("|", d); } }', 'submit', ''],
    ['c', 'void f() { gearman_client_add_task(&c, NULL, NULL, "w|', 'submit', 'w'],
    ['csharp', 'class A { void F() { client.SubmitJob<string, string>("re|", d); } }', 'submit', 're'],
    ['rust', 'fn f() { worker.can_do("|", h); }', 'register', ''],
    ['ruby', "w.add_ability('sl|') do |d, j| end", 'register', 'sl'],
    ['shellscript', 'gearman -w -f "co| -- wc -l', 'register', 'co'],
    ['shellscript', "gearman -f '|'", 'submit', ''],
    ['perl', "$worker->register_function('su|", 'register', 'su'],
    ['perl', '$client->do_task("|", $arg);', 'submit', ''],
    ['sql', "SELECT gman_do_background('rev|', 'x');", 'submit', 'rev'],
  ])('%s: %s', async (languageId, marked, role, partial) => {
    const found = await slot(languageId, marked);
    expect(found, 'no slot').not.toBeNull();
    expect(found!.role).toBe(role);
    expect(found!.partial).toBe(partial);
    const { position } = withCursor(marked);
    expect(found!.range.start.line).toBe(position.line);
    expect(found!.range.start.character).toBe(position.character - partial.length);
  });

  it('gives the whole name range when the cursor is in the middle of a complete name', async () => {
    const found = await slot('php', '<?php $c->doBackground("rev|erse");');
    expect(found?.range).toEqual({ start: { line: 0, character: 24 }, end: { line: 0, character: 31 } });
    expect(found?.call).toBe('doBackground');
  });

  it.each([
    ['php', '<?php\n$client->doNormal("reverse", "da|ta");'],
    ['php', '<?php\n// $client->doNormal("in_comm|'],
    ['php', '<?php\n$client->doNormal("pre_$na|me");'],
    ['python', "print('submit_job|')"],
    ['python', "# gm_client.submit_job('x|"],
    ['javascript', "client.submitJob(data, '|')"],
    ['c', 'void f() { gearman_client_do(&c, NULL, "uni|que"); }'],
    ['shellscript', "gearman -w -f wc -- grep -f 'pat|'"],
    ['perl', "# $client->do_task('x|"],
    ['sql', "-- SELECT gman_do('x|"],
    ['plaintext', 'submitJob("|")'],
  ])('%s: no slot in %s', async (languageId, marked) => {
    expect(await slot(languageId, marked)).toBeNull();
  });
});
