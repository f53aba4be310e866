; Gearman call sites in shell scripts. Captures (see README.md): @method @args; here the command
; node itself is @args and its `argument:` children are the arguments (see bash.json).

; gearman -f count_lines < /etc/passwd      gearman -w -f wc -- wc -l
(command name: (command_name (word) @method)) @args
