; Gearman call sites in JavaScript and TypeScript. Captures (see README.md): @method @receiver @args.

; client.submitJob('toUpper', 'test string', cb)   worker.addFunction('reverse', fn)   client?.submitJob(...)
(call_expression function: (member_expression object: (_) @receiver property: (property_identifier) @method) arguments: (arguments) @args)

; submitJob('toUpper', data)  (destructured helpers)
(call_expression function: (identifier) @method arguments: (arguments) @args)
