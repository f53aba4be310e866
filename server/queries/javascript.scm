; Gearman call sites in JavaScript and TypeScript. Captures (see README.md): @method @receiver @args.

; client.submitJob('toUpper', 'test string', cb)   worker.addFunction('reverse', fn)   client?.submitJob(...)
(call_expression function: (member_expression object: (_) @receiver property: (property_identifier) @method) arguments: (arguments) @args)

; submitJob('toUpper', data)  (destructured helpers)
(call_expression function: (identifier) @method arguments: (arguments) @args)

; const RESIZE = 'resize_image';   const RESIZE: string = 'resize_image';  (not let or var)
(lexical_declaration kind: "const" (variable_declarator name: (identifier) @const.name value: [(string) (template_string) (identifier)] @const.value))
