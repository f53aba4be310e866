; Gearman call sites in PHP. Captures (see README.md): @method @receiver @args for any call,
; @bind.receiver @bind.class for "this variable holds a new <class>" (Net_Gearman magic calls).

; $client->doNormal('reverse', $data)   $client?->doNormal(...)
(member_call_expression object: (_) @receiver name: (name) @method arguments: (arguments) @args)
(nullsafe_member_call_expression object: (_) @receiver name: (name) @method arguments: (arguments) @args)

; Gearman::doJob(...)  static::submit(...)
(scoped_call_expression scope: (_) @receiver name: (name) @method arguments: (arguments) @args)

; gearman_client_do_normal($client, 'reverse', $data)
(function_call_expression function: [(name) (qualified_name)] @method arguments: (arguments) @args)

; new Net_Gearman_Task('reverse', $arg)
(object_creation_expression [(name) (qualified_name)] @method (arguments) @args)

; $client = new Net_Gearman_Client($servers);  $this->client = new \Net_Gearman_Client(...)
(assignment_expression left: (_) @bind.receiver right: (object_creation_expression [(name) (qualified_name)] @bind.class))

; function run(Net_Gearman_Client $client)
(simple_parameter type: (named_type [(name) (qualified_name)] @bind.class) name: (variable_name) @bind.receiver)

; const RESIZE = 'resize_image';   class Jobs { const RESIZE = 'resize_image'; }   (see constants in php.json)
(const_element (name) @const.name . [(string) (encapsed_string) (name) (class_constant_access_expression)] @const.value)

; define('RESIZE', 'resize_image');  a file-level constant wherever it is called
((function_call_expression
  function: (name) @_f
  arguments: (arguments . (argument [(string) (encapsed_string)] @const.name) . (argument [(string) (encapsed_string) (name)] @const.value) .))
  (#match? @_f "^[dD][eE][fF][iI][nN][eE]$")
  (#set! scope "file"))

; class Net_Gearman_Job_Resize extends Net_Gearman_Job_Common: Net_Gearman's worker runs the job
; class named after the function (with its Net_Gearman_Job_ prefix, unless the app changed it).
((class_declaration name: (name) @name (base_clause [(name) (qualified_name)] @_base))
  (#match? @_base "(^|\\\\)Net_Gearman_Job_Common$")
  (#set! role "register") (#set! call "Net_Gearman_Job_Common") (#set! library "Net_Gearman")
  (#set! literal "identifier") (#set! stripPrefix "Net_Gearman_Job_"))
