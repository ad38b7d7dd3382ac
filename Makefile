# SSO Lens. Two commands matter on a fresh Debian machine:
#   make run    build and start the desktop app
#   make test   install what is missing, vet, test (race), fuzz briefly, and
#               start the real GUI under Xvfb for a screenshot
SHELL := /bin/bash
export PATH := $(PATH):/usr/local/go/bin
GO ?= go
BIN := build/ssolens
SCREENSHOTS := build/screenshots
FUZZTIME ?= 5m
SHORT_FUZZTIME ?= 10s
# Core packages build and test without cgo; only main.go needs it (Fyne's GL driver).
CORE := ./inspector/... ./discovery/... ./neo4j/... ./demoidp/... ./pkce/... ./cli/... ./internal/...

.PHONY: all run build cli man deps e2e-deps vet unit bounded core fuzz fuzz-short smoke screenshot screenshots test bench dist dist-check clean

all: build

deps:
	@scripts/install-deps.sh

# The desktop app leaves out Fyne's bundled colour emoji font (4 MB in the
# binary, parsed once per text style: 20 MB of heap and a fifth of the first
# frame's CPU); emoji and the few symbols it drew (✔ ✖ ⚠) come from the
# system's fonts, as any other character the bundled fonts lack.
GUI_TAGS := no_emoji

build: deps
	$(GO) build -tags $(GUI_TAGS) -o $(BIN) .

run: build
	./$(BIN)

# Man pages of the command line, one per command (build/man/ssolens.1 …),
# from the cobra definitions: man -l build/man/ssolens-inspect.1
man:
	$(GO) run ./internal/mangen build/man

vet: deps
	@unformatted=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$unformatted" ]; then echo "gofmt would change: $$unformatted"; exit 1; fi
	$(GO) vet ./...

# Only packages with tests: main.go's package has none, and building it
# under -race would recompile Fyne's cgo GL driver for nothing.
unit: deps e2e-deps
	$(GO) test -race -count=1 $$($(GO) list -f '{{if or .TestGoFiles .XTestGoFiles}}{{.ImportPath}}{{end}}' ./...)

# The independent OpenID provider (npm oidc-provider) the sign-in tests also
# run against; the tests skip, saying so, where node is missing.
e2e-deps:
	@if command -v npm >/dev/null 2>&1; then \
	  if [ ! -d e2e/node_modules ] || [ e2e/package-lock.json -nt e2e/node_modules ]; then \
	    npm ci --prefix e2e --no-audit --no-fund --loglevel=error && touch e2e/node_modules; fi; \
	else echo "e2e-deps: npm not found: the oidc-provider end-to-end tests will be skipped"; fi

# The large-input tests (hostile confs, rules and logs of 10 MB) without the
# race detector, which multiplies allocations and would make their ceilings
# meaningless; under -race (unit) they run on 1 MB inputs without ceilings.
bounded: deps
	CGO_ENABLED=0 $(GO) test -count=1 -run 'Bounded|Hostile|Streamed|InputSize' ./neo4j/... ./cli/ ./inspector/

# The core alone, without cgo: what a contributor without X11 headers runs.
core:
	CGO_ENABLED=0 $(GO) test -count=1 $(CORE)

fuzz-short:
	@scripts/fuzz.sh $(SHORT_FUZZTIME)

fuzz:
	@scripts/fuzz.sh $(FUZZTIME)

# Every main view of the real window, after a real demo sign-in, at
# 1024x768, 1280x800 and 1920x1080 (build/screenshots/WxH/*.png, with a
# contact sheet of them all, contact.png); SIZES=1280x800 for one.
screenshots: build
	scripts/screenshot.sh $(BIN) $(SCREENSHOTS)

screenshot: screenshots

# The real binary, as a user runs it: CLI output must be clean even in the
# POSIX locale of containers and CI (Fyne cannot parse it).
smoke: build
	@err=$$(LANG=C.UTF-8 ./$(BIN) version 2>&1 >/dev/null); \
	  if [ -n "$$err" ]; then echo "smoke: 'ssolens version' wrote to stderr: $$err"; exit 1; fi
	@./$(BIN) version

# A command-line-only binary: no cgo, no Fyne.
cli:
	CGO_ENABLED=0 $(GO) build -tags nogui -o build/ssolens-cli .

test: vet unit bounded fuzz-short smoke screenshot

# SSO Lens against PyJWT, npm jose and jsonwebtoken, grep and rg, measured
# side by side: one table, also in build/bench/table.md. It installs its
# peers itself (scripts/bench-deps.sh). RUNS, COUNT, LOG_MB, SKIP_GUI=1.
bench:
	@scripts/bench.sh

# Release artefacts in build/dist/ with SHA256SUMS (not part of make test):
# the Linux desktop package and the Windows desktop .exe (fyne package; cgo
# through mingw-w64, installed when missing), and the CLI-only binaries for
# linux, darwin and windows on amd64 and arm64. Then make dist-check.
dist: deps
	@scripts/dist.sh

# What make dist wrote, tested as shipped: checksums, file(1), no local
# paths, the Linux CLI, the desktop package installed and started under
# Xvfb, the Windows CLI under wine (PE headers where wine is missing).
dist-check:
	@scripts/dist-check.sh

clean:
	rm -rf build
