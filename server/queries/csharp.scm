; Gearman call sites in C#. Captures (see README.md): @method @receiver @args for any call.

; client.SubmitJob("reverse", data)   worker.RegisterFunction<string, string>("reverse", fn, ...)
(invocation_expression function: (member_access_expression expression: (_) @receiver name: (identifier) @method) arguments: (argument_list) @args)
(invocation_expression function: (member_access_expression expression: (_) @receiver name: (generic_name (identifier) @method)) arguments: (argument_list) @args)

; SubmitJob("reverse", data)  (inside a subclass)
(invocation_expression function: (identifier) @method arguments: (argument_list) @args)
(invocation_expression function: (generic_name (identifier) @method) arguments: (argument_list) @args)

; const string Resize = "resize_image";   (fields and locals)
((field_declaration (modifier) @_m (variable_declaration type: (_) @_t (variable_declarator name: (identifier) @const.name [(string_literal) (verbatim_string_literal) (raw_string_literal) (identifier) (member_access_expression)] @const.value)))
  (#eq? @_m "const") (#match? @_t "^(string|String|System\\.String)$"))
((local_declaration_statement (modifier) @_m (variable_declaration type: (_) @_t (variable_declarator name: (identifier) @const.name [(string_literal) (verbatim_string_literal) (raw_string_literal) (identifier) (member_access_expression)] @const.value)))
  (#eq? @_m "const") (#match? @_t "^(string|String|System\\.String)$"))
