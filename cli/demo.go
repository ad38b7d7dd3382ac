package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/ssolens/ssolens/demoidp"
)

func newDemoCmd(e *env) *cobra.Command {
	var port int
	var scenario, keyFile string
	var freshKey bool
	c := leaf("demo", "run the embedded demo OpenID provider (not for production) until interrupted", func(c *cobra.Command) runFunc {
		c.Flags().IntVar(&port, "port", 9876, "loopback port to listen on; 0 picks a free one")
		c.Flags().StringVar(&scenario, "scenario", "", "failure `NAME` to start with (listed at start); none by default")
		c.Flags().StringVar(&keyFile, "key-file", "", "signing key `FILE`, created (mode 0600) when missing; default in the user's cache directory, where ssolens mint finds it")
		c.Flags().BoolVar(&freshKey, "fresh-key", false, "sign with a new key kept in memory only (tokens from ssolens mint will not verify)")
		c.RegisterFlagCompletionFunc("scenario", func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var names []string
			for _, s := range demoidp.Scenarios() {
				names = append(names, s.Name+"\t"+s.Description)
			}
			return names, cobra.ShellCompDirectiveNoFileComp
		})
		return func([]string) int { return runDemoWith(e, port, scenario, keyFile, freshKey) }
	})
	c.Long = "Runs the embedded demo OpenID provider on loopback until interrupted (Ctrl-C, or \"quit\" on standard input).\n" +
		"Anyone who reaches it can sign in as any demo user: it is a demo, not for production.\n\n" +
		"Its signing key is kept in the user's cache directory, so tokens signed by 'ssolens mint' verify against its JWKS."
	c.Example = "  ssolens demo\n  ssolens demo --port 9876 --scenario opaque-access-token"
	c.Args = cobra.NoArgs
	return c
}

// runDemoWith runs the embedded demo OpenID provider until it is
// interrupted (SIGINT, SIGTERM) or "quit" is read on stdin. Lines on stdin
// switch the failure scenario or rotate the key; at the end of stdin (a
// script, a background job) the provider keeps running.
func runDemoWith(e *env, port int, scenario, keyFile string, freshKey bool) int {
	if port < 0 || port > 65535 {
		fmt.Fprintf(e.stderr, "ssolens demo: --port %d is not a TCP port\n", port)
		return ExitUsage
	}
	switch {
	case freshKey && keyFile != "":
		fmt.Fprintln(e.stderr, "ssolens demo: give --key-file or --fresh-key, not both")
		return ExitUsage
	case freshKey:
	case keyFile == "":
		var err error
		if keyFile, err = demoidp.DefaultKeyFile(); err != nil {
			fmt.Fprintf(e.stderr, "ssolens demo: %v; or run with --fresh-key\n", err)
			return ExitUsage
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p, err := demoidp.Start(ctx, demoidp.Config{
		Addr:     net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Scenario: scenario,
		KeyFile:  keyFile,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens demo: %v\n", err)
		return ExitUsage
	}
	defer p.Close()
	printDemo(e.stdout, p)
	if keyFile != "" {
		fmt.Fprintf(e.stdout, "Signing key: %s (kept for ssolens mint; it protects nothing)\n", keyFile)
	}

	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(e.stdin)
		for sc.Scan() {
			select {
			case lines <- strings.TrimSpace(sc.Text()):
			case <-ctx.Done():
				return
			}
		}
	}()
	for {
		select {
		case <-ctx.Done():
			fmt.Fprintln(e.stdout, "Demo provider stopped.")
			return ExitOK
		case line := <-lines:
			switch line {
			case "":
			case "quit", "exit", "q":
				fmt.Fprintln(e.stdout, "Demo provider stopped.")
				return ExitOK
			case "rotate":
				if err := p.RotateKey(); err != nil {
					fmt.Fprintf(e.stderr, "ssolens demo: %v\n", err)
					continue
				}
				fmt.Fprintln(e.stdout, "New signing key; the JWKS keeps the previous one until the next rotation.")
			case "help", "?":
				printDemoCommands(e.stdout)
			default:
				if err := p.SetScenario(line); err != nil {
					fmt.Fprintf(e.stderr, "ssolens demo: %v\n", err)
					continue
				}
				fmt.Fprintf(e.stdout, "Scenario: %s (tokens issued from now on)\n", p.Scenario())
			}
		}
	}
}

func printDemo(w io.Writer, p *demoidp.Provider) {
	fmt.Fprintln(w, demoidp.Label)
	fmt.Fprintln(w, "Anyone who reaches it can sign in as any demo user, without a password. It listens on loopback only.")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Issuer:     %s\n", p.Issuer())
	fmt.Fprintf(w, "Discovery:  %s\n", p.DiscoveryURL())
	fmt.Fprintf(w, "JWKS:       %s\n", p.JWKSURL())
	fmt.Fprintf(w, "Scenario:   %s\n", p.Scenario())
	fmt.Fprintf(w, "Audience:   access tokens carry aud %q; ID tokens carry the client id\n", demoidp.APIAudience)

	fmt.Fprintln(w, "\nClients:")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, c := range demoidp.Clients() {
		detail := "redirect URIs: " + strings.Join(c.RedirectURIs, ", ")
		if c.Secret != "" {
			detail = fmt.Sprintf("secret: %s (a public demo secret, not a credential); scopes: %s", c.Secret, strings.Join(c.Scopes, " "))
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", c.ID, c.Kind, detail)
	}
	tw.Flush()
	fmt.Fprintln(w, "  Loopback redirect URIs (127.0.0.1, localhost, [::1]) match on any port (RFC 8252 §7.3).")

	fmt.Fprintln(w, "\nUsers (no password: pick a name on the login page):")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, u := range demoidp.Users() {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", u.ID, u.Name, u.GroupText())
	}
	tw.Flush()

	fmt.Fprintln(w, "\nFailure scenarios:")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range demoidp.Scenarios() {
		fmt.Fprintf(tw, "  %s\t%s\n", s.Name, s.Description)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprintf(w, "A matching neo4j.conf is assets/samples/demo-neo4j.conf (it expects %s).\n", demoidp.DemoAddr)
	printDemoCommands(w)
}

func printDemoCommands(w io.Writer) {
	fmt.Fprintln(w, "Type a scenario name (or \"none\") and Enter to switch, \"rotate\" for a new signing key, \"quit\" or Ctrl-C to stop.")
}
