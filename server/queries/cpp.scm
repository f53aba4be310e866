; Gearman call sites in C and C++ (the cpp grammar parses both). Captures (see README.md): @method @args.

; gearman_client_do(&client, "reverse", NULL, data, size, &result_size, &ret)
(call_expression function: (identifier) @method arguments: (argument_list) @args)

; ::gearman_client_do(...)  org::gearmand::gearman_client_do(...)
(call_expression function: (qualified_identifier) @method arguments: (argument_list) @args)
