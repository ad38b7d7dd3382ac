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

	"github.com/ssolens/ssolens/demoidp"
)

// runDemo runs the embedded demo OpenID provider until it is interrupted
// (SIGINT, SIGTERM) or "quit" is read on stdin. Lines on stdin switch the
// failure scenario or rotate the key; at the end of stdin (a script, a
// background job) the provider keeps running.
func runDemo(e *env, args []string) int {
	fs := newFlagSet(e, "demo", "[--port N] [--scenario NAME]")
	port := fs.Int("port", 9876, "loopback port to listen on; 0 picks a free one")
	scenario := fs.String("scenario", "", "failure scenario to start with (listed at start); none by default")
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(positional) > 0 {
		fmt.Fprintf(e.stderr, "ssolens demo: unexpected argument %q\n", positional[0])
		fs.Usage()
		return ExitUsage
	}
	if *port < 0 || *port > 65535 {
		fmt.Fprintf(e.stderr, "ssolens demo: --port %d is not a TCP port\n", *port)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	p, err := demoidp.Start(ctx, demoidp.Config{
		Addr:     net.JoinHostPort("127.0.0.1", strconv.Itoa(*port)),
		Scenario: *scenario,
	})
	if err != nil {
		fmt.Fprintf(e.stderr, "ssolens demo: %v\n", err)
		return ExitUsage
	}
	defer p.Close()
	printDemo(e.stdout, p)

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
