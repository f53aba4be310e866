; Gearman call sites in Go. Captures (see README.md): @method @receiver @args for any call.

; c.Do("ToUpper", data, client.JobNormal, h)   pool.Do(...)   w.AddFunc("ToUpper", ToUpper, worker.Unlimited)
(call_expression function: (selector_expression operand: (_) @receiver field: (field_identifier) @method) arguments: (argument_list) @args)

; const Resize = "resize_image"   const ( Resize = "resize_image" )   (one name, one value)
(const_spec name: (identifier) @const.name value: (expression_list . [(interpreted_string_literal) (raw_string_literal) (identifier)] @const.value .))
