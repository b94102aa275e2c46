# wireup developer entry points. `make test` runs every test on a fresh
# machine (Go and moto_server needed; kumo is built here); `make help` lists
# the targets.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

GO ?= go
BIN := bin/wireup
# kumo is built from the pinned tools module and cached here; it is rebuilt
# only when localstack/tools/go.mod or go.sum change (a cold build takes a
# few minutes).
KUMO := .bin/kumo
# lakecheck, the DuckDB stand-in check verify runs where no emulator runs an
# Athena query (tools/lakecheck, a module of its own: DuckDB needs cgo).
# Without a C compiler it is not built and the stand-in checks skip.
LAKECHECK := .bin/lakecheck
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

MOTO_ENDPOINT := http://127.0.0.1:5000
KUMO_ENDPOINT := http://127.0.0.1:4566
LOCALSTACK_ENDPOINT := http://127.0.0.1:4566
# Emulator tests are named TestEmulator... and skip without AWS_ENDPOINT_URL.
EMULATOR_TESTS := -count=1 -timeout 40m -run '^TestEmulator'
# Both suites at once (they mostly wait on the emulators), lines prefixed
# [moto] and [kumo].
EMULATOR_SUITES := WIREUP_LAKECHECK=$(CURDIR)/$(LAKECHECK) GO=$(GO) MOTO_ENDPOINT=$(MOTO_ENDPOINT) KUMO_ENDPOINT=$(KUMO_ENDPOINT) localstack/emulator-tests.sh
COMPOSE := docker compose -f localstack/docker-compose.yml

.PHONY: help build install test unit emulator-tests e2e lint tidy-check bench \
	emulator emulators emulators-stop emulators-status localstack-up localstack-down \
	test-localstack clean clean-all

help: ## List the targets
	@grep -E '^[a-zA-Z0-9_.-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

build: ## Build bin/wireup
	$(GO) build -o $(BIN) ./cmd/wireup

install: ## Install wireup into $(go env GOPATH)/bin
	$(GO) install ./cmd/wireup

# `make test` is the one command that runs everything. The emulators are
# stopped by the trap however the recipe ends, and the first failure's exit
# code is the recipe's exit code.
test: $(KUMO) $(LAKECHECK) ## go vet, unit tests, then the emulator tests on moto and kumo
	$(GO) vet ./...
	env -u AWS_ENDPOINT_URL $(GO) test -timeout 30m ./...
	@status=0; \
	trap 'localstack/emulators.sh stop' EXIT; \
	trap 'exit 130' INT TERM; \
	localstack/emulators.sh start; \
	$(EMULATOR_SUITES) || status=$$?; \
	exit $$status

unit: ## Unit tests only (emulator tests skip)
	env -u AWS_ENDPOINT_URL $(GO) test -timeout 30m ./...

emulator-tests: ## Emulator tests against already running emulators (make emulators)
	@$(EMULATOR_SUITES)

e2e: build ## End-to-end tests: the real binary in a terminal (tmux), and the emulator suite
	$(GO) test -count=1 -run 'E2E' ./...
	@$(MAKE) --no-print-directory emulators
	@status=0; $(MAKE) --no-print-directory emulator-tests || status=$$?; localstack/emulators.sh stop; exit $$status

lint: ## gofmt, go vet and staticcheck
	@unformatted=$$(gofmt -l $$(git ls-files --cached --others --exclude-standard '*.go')); \
	if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; echo "run: gofmt -w <files>"; exit 1; fi
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

tidy-check: ## Fail if `go mod tidy` would change go.mod or go.sum
	@$(GO) mod tidy -diff || { echo "go.mod/go.sum are not tidy: run 'go mod tidy' and commit the result"; exit 1; }

bench: ## Run the benchmarks
	$(GO) test -run '^$$' -bench . ./...

$(KUMO): localstack/tools/go.mod localstack/tools/go.sum
	@mkdir -p $(@D)
	@echo "building kumo from localstack/tools (cached in $@; a cold build takes a few minutes)"
	cd localstack/tools && GOWORK=off $(GO) build -o ../../$@ github.com/sivchari/kumo/cmd/kumo
	@touch $@

$(LAKECHECK): tools/lakecheck/go.mod tools/lakecheck/go.sum $(wildcard tools/lakecheck/*.go)
	@mkdir -p $(@D)
	@echo "building lakecheck from tools/lakecheck (cached in $@; needs cgo)"
	@cd tools/lakecheck && CGO_ENABLED=1 GOWORK=off $(GO) build -o ../../$@ . || \
		echo "lakecheck: not built (DuckDB needs cgo and a C compiler); verify's stand-in checks will skip"

emulators: $(KUMO) ## Start moto (:5000) and kumo (:4566) in the background
	localstack/emulators.sh start

emulator: emulators ## Alias of `make emulators`

emulators-stop: ## Stop the emulators started by `make emulators`
	localstack/emulators.sh stop

emulators-status: ## Show whether the emulators are running
	localstack/emulators.sh status

localstack-up: ## Start LocalStack in Docker and wait until it is ready
	$(COMPOSE) up -d
	localstack/wait-ready.sh

localstack-down: ## Stop and remove the LocalStack container
	$(COMPOSE) down

test-localstack: ## Emulator tests against LocalStack (make localstack-up first)
	LOCALSTACK_WAIT_TIMEOUT=5 localstack/wait-ready.sh || { echo "LocalStack is not ready on $(LOCALSTACK_ENDPOINT): run 'make localstack-up' first"; exit 1; }
	AWS_ENDPOINT_URL=$(LOCALSTACK_ENDPOINT) WIREUP_TARGET=localstack $(GO) test $(EMULATOR_TESTS) ./...

clean: ## Remove build outputs and emulator logs (keeps the cached kumo)
	-localstack/emulators.sh stop
	rm -rf bin dist .emulators

clean-all: clean ## Also remove the cached kumo binary
	rm -rf .bin
