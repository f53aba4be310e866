; Gearman call sites in Go. Captures (see README.md): @method @receiver @args for any call.

; c.Do("ToUpper", data, client.JobNormal, h)   pool.Do(...)   w.AddFunc("ToUpper", ToUpper, worker.Unlimited)
(call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @method) arguments: (argument_list) @args)
