; Gearman call sites in C#. Captures (see README.md): @method @receiver @args for any call.

; client.SubmitJob("reverse", data)   worker.RegisterFunction<string, string>("reverse", fn, ...)
(invocation_expression function: (member_access_expression expression: (_) @receiver name: (identifier) @method) arguments: (argument_list) @args)
(invocation_expression function: (member_access_expression expression: (_) @receiver name: (generic_name (identifier) @method)) arguments: (argument_list) @args)

; SubmitJob("reverse", data)  (inside a subclass)
(invocation_expression function: (identifier) @method arguments: (argument_list) @args)
(invocation_expression function: (generic_name (identifier) @method) arguments: (argument_list) @args)
