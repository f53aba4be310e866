; Gearman call sites in Java. Captures (see README.md): @method @receiver @args for any call.

; client.submitJob("reverse", data, JobPriority.NORMAL)   worker.addFunction("reverse", fn)
(method_invocation object: (_) @receiver name: (identifier) @method arguments: (argument_list) @args)

; submitJob("reverse", data)  (inside a subclass)
(method_invocation !object name: (identifier) @method arguments: (argument_list) @args)

; static final String RESIZE = "resize_image";   (interface fields are static final)
((field_declaration (modifiers) @_mods type: (type_identifier) @_t declarator: (variable_declarator name: (identifier) @const.name value: [(string_literal) (identifier) (field_access)] @const.value))
  (#match? @_mods "(^|\\s)static(\\s|$)") (#match? @_mods "(^|\\s)final(\\s|$)") (#eq? @_t "String"))
((constant_declaration type: (type_identifier) @_t declarator: (variable_declarator name: (identifier) @const.name value: [(string_literal) (identifier) (field_access)] @const.value))
  (#eq? @_t "String"))
