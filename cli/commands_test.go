package cli

// run<Command> runs `ssolens <command> ARGS` on e, as the tests of one
// command call it.
func runDemo(e *env, args []string) int  { return mainWith(e, append([]string{"demo"}, args...)) }
func runLogin(e *env, args []string) int { return mainWith(e, append([]string{"login"}, args...)) }
func runRoles(e *env, args []string) int { return mainWith(e, append([]string{"roles"}, args...)) }
