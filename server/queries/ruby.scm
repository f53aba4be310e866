; Gearman call sites in Ruby. Captures (see README.md): @method @receiver @args for any call.

; Gearman::Task.new('sleep', 20)   worker.add_ability('sleep') do ... end   client.do_task 'x', data
(call receiver: (_) @receiver method: (identifier) @method arguments: (argument_list) @args)

; do_task('sleep', data)  (inside a client subclass)
(call !receiver method: (identifier) @method arguments: (argument_list) @args)

; RESIZE = 'resize_image'   (at top level or in a class or module)
(assignment left: (constant) @const.name right: [(string) (constant) (scope_resolution)] @const.value)
