package report

import (
	"bytes"
	"html/template"
	"sync"
)

// HTML renders the investigation as one self-contained HTML page: inline
// CSS, no scripts, no external resources, every value escaped by
// html/template. Void elements are self-closed so the page is also
// well-formed XML.
func HTML(inv *Investigation, opts Options) []byte {
	var b bytes.Buffer
	if err := htmlPage().Execute(&b, build(inv, opts)); err != nil {
		// The template is fixed and the view holds only strings: an error
		// here is a programming error caught by the golden tests.
		panic("report: rendering HTML: " + err.Error())
	}
	return b.Bytes()
}

// htmlPage is parsed on first use, not when the package loads: every
// ssolens command links this package, few write an HTML report.
var htmlPage = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Parse(htmlPageText))
})

const htmlPageText = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1"/>
<title>{{.Title}}</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d2330; margin: 2em auto; max-width: 72em; padding: 0 1em; }
h1 { font-size: 1.6em; margin-bottom: 0.2em; }
h2 { font-size: 1.25em; border-bottom: 1px solid #d6dae3; padding-bottom: 0.2em; margin-top: 1.8em; }
h3 { font-size: 1.05em; margin-top: 1.4em; }
.meta { color: #5b6475; font-size: 0.9em; }
.headline { font-size: 1.2em; font-weight: 600; padding: 0.5em 0.8em; border-radius: 6px; }
.tone-ok { background: #e3f5e8; color: #155d2b; }
.tone-error { background: #fbe4e4; color: #8a1c1c; }
.tone-warning { background: #fff3d6; color: #7a5200; }
table { border-collapse: collapse; margin: 0.6em 0; width: 100%; }
th, td { border: 1px solid #d6dae3; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
th { background: #f2f4f8; font-weight: 600; }
code { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
.badge { display: inline-block; padding: 0.05em 0.5em; border-radius: 4px; background: #e6ebf5; font-size: 0.85em; }
.sev-error { color: #a31515; }
.sev-warning { color: #8a5a00; }
.sev-info { color: #2d5fa6; }
.differs { background: #fff8e1; }
.important { font-weight: 600; }
.finding { margin: 0.6em 0; padding: 0.4em 0.8em; border-left: 4px solid #d6dae3; }
.finding.sev-error { border-left-color: #c62828; }
.finding.sev-warning { border-left-color: #e0a000; }
.finding.sev-info { border-left-color: #5b8dd6; }
.finding p { margin: 0.2em 0; color: #1d2330; }
.ok { color: #1e7b34; }
.bad { color: #a31515; }
pre.conf { font: 0.9em ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; border: 1px solid #d6dae3; border-radius: 6px; padding: 0.6em 0.8em; overflow-x: auto; white-space: pre; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<p class="meta">Generated {{.Generated}} by SSO Lens.{{if .Redacted}} Redacted: tokens are shown by fingerprint only; secrets, e-mail addresses and names are masked.{{end}}</p>

<h2>Summary</h2>
<p class="headline tone-{{.Summary.Tone}}">{{.Summary.Headline}}</p>
{{- template "fix" .Summary}}
{{- if .Summary.Lines}}
<ul>
{{- range .Summary.Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}

{{- with .Prediction}}

<h2>Neo4j prediction</h2>
<ul>
<li>provider <code>{{.Provider}}</code> · Neo4j {{.Version}} rules</li>
<li>{{.Tokens}}</li>
{{- if .Username}}
<li>username <code>{{.Username}}</code></li>
{{- end}}
<li>roles {{range $i, $r := .Roles}}{{if $i}}, {{end}}<code>{{$r}}</code>{{else}}none{{end}}</li>
{{- range .RoleNotes}}
<li>{{.Label}} {{range $i, $r := .Roles}}{{if $i}}, {{end}}<code>{{$r}}</code>{{end}}{{if and .Roles .Note}} ({{.Note}}){{else}}{{.Note}}{{end}}</li>
{{- end}}
<li>groups {{range $i, $g := .Groups}}{{if $i}}, {{end}}<code>{{$g}}</code>{{else}}none{{end}}</li>
{{- range .Grants}}
<li>grant {{.}}</li>
{{- end}}
{{- if .Unmapped}}
<li>unmapped groups {{range $i, $g := .Unmapped}}{{if $i}}, {{end}}<code>{{$g}}</code>{{end}}</li>
{{- end}}
{{- range .NearMisses}}
<li>near miss {{.}}</li>
{{- end}}
{{- if .CurrentUser}}
<li>SHOW CURRENT USER should return: {{.CurrentUser}}</li>
{{- end}}
</ul>
{{- if .Steps}}
<table>
<tr><th></th><th>step</th><th>status</th><th>detail</th></tr>
{{- range .Steps}}
<tr><td>{{.Mark}}</td><td><code>{{.Name}}</code></td><td>{{.Status}}</td><td>{{.Detail}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- end}}

{{- with .Live}}

<h2>Live check against Neo4j</h2>
{{- if .Server}}
<p class="meta">{{.Server}}</p>
{{- end}}
<p class="headline tone-{{if .LoggedIn}}ok{{else}}error{{end}}">{{.Outcome}}</p>
{{- if .Attempts}}
<ul>
{{- range .Attempts}}
<li>{{.}}</li>
{{- end}}
</ul>
{{- end}}
{{- if .Rows}}
<table>
<tr><th></th><th>field</th><th>prediction</th><th>Neo4j (actual)</th><th>why</th></tr>
{{- range .Rows}}
<tr{{if not .Match}} class="differs"{{end}}><td class="{{if .Match}}ok{{else}}bad{{end}}">{{.Mark}}</td><td>{{.Field}}</td><td><code>{{.Predicted}}</code></td><td><code>{{.Actual}}</code></td><td>{{.Explanation}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- end}}

{{- if or .Tokens .Comparison}}

<h2>Tokens</h2>
{{- end}}
{{- with .Comparison}}
<h3>ID token vs access token</h3>
<p>Neo4j decodes <span class="badge">{{.Principal}}</span> · Neo4j validates <span class="badge">{{.Authentication}}</span>. {{.Explanation}}</p>
{{- if .IDStatus}}
<p>{{.IDStatus}}</p>
{{- end}}
{{- if .AccessStatus}}
<p>{{.AccessStatus}}</p>
{{- end}}
<table>
<tr><th>claim</th><th>ID token</th><th>access token</th><th>note</th></tr>
{{- range .Rows}}
<tr{{if .Differs}} class="differs"{{end}}><td{{if .Important}} class="important"{{end}}><code>{{.Name}}</code></td><td><code>{{.ID}}</code></td><td><code>{{.Access}}</code></td><td>{{if .Note}}{{.Note}}{{else if .Differs}}differs{{end}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- range .Tokens}}
<h3>{{.Title}}</h3>
<ul>
<li>token <code>{{.Shown}}</code> ({{.Length}} chars, fingerprint <code>{{.Fingerprint}}</code>)</li>
{{- if .RoleReason}}
<li>role: {{.RoleReason}}</li>
{{- end}}
{{- if .Lifetime}}
<li>lifetime: {{.Lifetime}}</li>
{{- end}}
{{- if .Signature}}
<li>signature: <span class="{{if .SignatureOK}}ok{{else}}bad{{end}}">{{.Signature}}</span></li>
{{- end}}
</ul>
{{- if .Header}}
<table>
<tr><th>header</th><th>value</th></tr>
{{- range .Header}}
<tr><td><code>{{.Name}}</code></td><td><code>{{.Value}}</code></td></tr>
{{- end}}
</table>
{{- end}}
{{- if .Claims}}
<table>
<tr><th>claim</th><th>value</th><th>when</th></tr>
{{- range .Claims}}
<tr><td><code>{{.Name}}</code></td><td><code>{{.Value}}</code></td><td>{{.Time}}</td></tr>
{{- end}}
</table>
{{- end}}
{{- if .Checks}}
<table>
<tr><th></th><th>check</th><th>expected</th><th>actual</th></tr>
{{- range .Checks}}
<tr><td class="{{if .OK}}ok{{else}}bad{{end}}">{{.Mark}}</td><td>{{.Name}}</td><td><code>{{.Expected}}</code></td><td><code>{{.Actual}}</code></td></tr>
{{- end}}
</table>
{{- end}}
{{- end}}

{{- if .Findings}}

<h2>Findings</h2>
{{- template "findings" .Findings}}
{{- end}}

{{- if .Timeline}}

<h2>Timeline</h2>
<table>
<tr><th>at</th><th>time (UTC)</th><th>step</th><th>took</th><th>detail</th></tr>
{{- range .Timeline}}
<tr><td>{{.Offset}}</td><td>{{.At}}</td><td><code>{{.Step}}</code></td><td>{{.Duration}}</td><td>{{.Detail}}</td></tr>
{{- end}}
</table>
{{- end}}

{{- with .Lint}}

<h2>neo4j.conf lint: <code>{{.File}}</code></h2>
<p>{{.Starts}}</p>
{{- template "findings" .Findings}}
{{- end}}

{{- with .Config}}

<h2>{{.Heading}}</h2>
<ul>
<li>provider <code>{{.Provider}}</code> · Neo4j validates the <span class="badge">{{.TokenType}}</span> (token_type_authentication)</li>
<li>audience {{range $i, $a := .Audience}}{{if $i}}, {{end}}<code>{{$a}}</code>{{else}}none{{end}}</li>
<li>groups claim <code>{{.GroupsClaim}}</code></li>
</ul>
{{- if .Conf}}
<pre class="conf">{{.Conf}}</pre>
{{- end}}
{{- end}}
</body>
</html>
{{define "fix"}}
{{- if .Fix}}
<p>fix: {{.Fix}}</p>
{{- end}}
{{- if .Command}}
<p>run: <code>{{.Command}}</code></p>
{{- end}}
{{- end}}{{define "findings"}}
{{- range .}}
<div class="finding sev-{{.Severity}}">
<p><span class="sev-{{.Severity}}">{{.Mark}} {{.Severity}}</span> <code>{{.Code}}</code>{{if .Source}} ({{.Source}}){{end}}: {{.Message}}</p>
{{- template "fix" .}}
{{- if .Evidence}}
<p>evidence: <code>{{.Evidence}}</code></p>
{{- end}}
</div>
{{- end}}
{{- end}}
`
