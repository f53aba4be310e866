// Finds where JSON text goes wrong. JSON.parse says whether it is valid, but its messages
// differ between Node versions and often carry no position, so the place is found here.

/** The first syntax error in `text` (offset into it and a message), or undefined when it is valid JSON. */
export function jsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch {
    // fall through to locate the error
  }
  let i = 0;
  const fail = (message: string) => ({ offset: Math.min(i, text.length), message });
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
  };
  const describe = () => (i >= text.length ? 'the end of the text' : `'${text[i]}'`);

  type Err = { offset: number; message: string };
  const value = (depth: number): Err | undefined => {
    ws();
    if (depth > 500) return fail('nesting is too deep');
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return (i++, undefined);
      for (;;) {
        ws();
        if (text[i] !== '"') return fail(`expected a "quoted" property name, found ${describe()}`);
        const e = string();
        if (e) return e;
        ws();
        if (text[i] !== ':') return fail(`expected ':' after the property name, found ${describe()}`);
        i++;
        const v = value(depth + 1);
        if (v) return v;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return (i++, undefined);
        else return fail(`expected ',' or '}', found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return (i++, undefined);
      for (;;) {
        const v = value(depth + 1);
        if (v) return v;
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return (i++, undefined);
        else return fail(`expected ',' or ']', found ${describe()}`);
      }
    }
    if (c === '"') return string();
    const lit = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (lit) return ((i += lit[0].length), undefined);
    return fail(`expected a value, found ${describe()}`);
  };
  const string = (): Err | undefined => {
    i++;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return (i++, undefined);
      if (c === '\\') {
        const m = /^\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/.exec(text.slice(i, i + 6));
        if (!m) return fail('bad escape in a string');
        i += m[0].length;
      } else if (c < ' ') return fail('a string cannot contain a line break or control character; write \\n');
      else i++;
    }
    return fail('a string has no closing "');
  };

  const err = value(0);
  if (err) return err;
  ws();
  return i < text.length ? fail(`unexpected ${describe()} after the JSON value`) : fail('invalid JSON');
}
