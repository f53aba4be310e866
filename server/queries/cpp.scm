; Gearman call sites in C and C++ (the cpp grammar parses both). Captures (see README.md): @method @args.

; gearman_client_do(&client, "reverse", NULL, data, size, &result_size, &ret)
(call_expression function: (identifier) @method arguments: (argument_list) @args)

; ::gearman_client_do(...)  org::gearmand::gearman_client_do(...)
(call_expression function: (qualified_identifier) @method arguments: (argument_list) @args)

; #define RESIZE "resize_image"   (a macro whose body is one string literal, or another macro's name)
(preproc_def name: (identifier) @const.name value: (preproc_arg) @const.value)
