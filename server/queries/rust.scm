; Gearman call sites in Rust. Captures (see README.md): @method @receiver @args for any call.

; client.submit("reverse", b"data").await   worker.can_do("reverse", handler)
(call_expression function: (field_expression value: (_) @receiver field: (field_identifier) @method) arguments: (arguments) @args)
