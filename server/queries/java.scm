; Gearman call sites in Java. Captures (see README.md): @method @receiver @args for any call.

; client.submitJob("reverse", data, JobPriority.NORMAL)   worker.addFunction("reverse", fn)
(method_invocation object: (_) @receiver name: (identifier) @method arguments: (argument_list) @args)

; submitJob("reverse", data)  (inside a subclass)
(method_invocation !object name: (identifier) @method arguments: (argument_list) @args)
