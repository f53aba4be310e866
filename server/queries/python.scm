; Gearman call sites in Python. Captures (see README.md): @method @receiver @args for any call,
; @name with #set! role/call/library for names captured directly.

; client.submit_job('reverse', data)   worker.register_task('reverse', fn)   gear.Job('reverse', args)
(call function: (attribute object: (_) @receiver attribute: (identifier) @method) arguments: (argument_list) @args)

; submit_job('reverse')  (module-level helpers)   @gearman_job(name='reverse')
(call function: (identifier) @method arguments: (argument_list) @args)

; client.submit_multiple_jobs([dict(task='reverse', data=x), ...])
(call
  function: (attribute attribute: (identifier) @_m)
  arguments: (argument_list
    (list (call
      function: (identifier) @_dict
      arguments: (argument_list (keyword_argument name: (identifier) @_k value: (string) @name)))))
  (#eq? @_m "submit_multiple_jobs") (#eq? @_dict "dict") (#eq? @_k "task")
  (#set! role "submit") (#set! call "submit_multiple_jobs") (#set! library "python-gearman"))

; client.submit_multiple_jobs([{'task': 'reverse', 'data': x}, ...])
(call
  function: (attribute attribute: (identifier) @_m)
  arguments: (argument_list
    (list (dictionary (pair key: (string (string_content) @_k) value: (string) @name))))
  (#eq? @_m "submit_multiple_jobs") (#eq? @_k "task")
  (#set! role "submit") (#set! call "submit_multiple_jobs") (#set! library "python-gearman"))

; client.submit_multiple_jobs([dict(task='reverse', data=d) for d in items])
(call
  function: (attribute attribute: (identifier) @_m)
  arguments: (argument_list
    (list_comprehension body: (call
      function: (identifier) @_dict
      arguments: (argument_list (keyword_argument name: (identifier) @_k value: (string) @name)))))
  (#eq? @_m "submit_multiple_jobs") (#eq? @_dict "dict") (#eq? @_k "task")
  (#set! role "submit") (#set! call "submit_multiple_jobs") (#set! library "python-gearman"))
(call
  function: (attribute attribute: (identifier) @_m)
  arguments: (argument_list
    (list_comprehension body: (dictionary (pair key: (string (string_content) @_k) value: (string) @name))))
  (#eq? @_m "submit_multiple_jobs") (#eq? @_k "task")
  (#set! role "submit") (#set! call "submit_multiple_jobs") (#set! library "python-gearman"))

; RESIZE = 'resize_image'  (module level only: a function's locals are not constants)
(module (expression_statement (assignment left: (identifier) @const.name right: [(string) (identifier)] @const.value)))
