# The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
BUILD_DIR ?= build/release
ADMIN_EMAIL ?= admin@example.com
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test check fuzz clean format

all: build

deps:
	@scripts/install-deps

build: deps
	@cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Release -DATRIUM_BUILD_TESTS=OFF >/dev/null
	@cmake --build $(BUILD_DIR) --target atrium

# Migrates the embedded SQLite database under ./data, makes sure an API Owner exists (printing
# its credentials the first time only) and serves on 127.0.0.1:$${PORTAL_HOSTPORT:-3001}.
run: build
	@mkdir -p data
	@$(BUILD_DIR)/atrium migrate >/dev/null
	@$(BUILD_DIR)/atrium bootstrap --email $(ADMIN_EMAIL) --if-needed
	@echo "Sign in with the email and password above at the address printed below (emailed links use it too)."
	@echo "Admin API: curl -H 'Authorization: <API token>' http://localhost:$${PORTAL_HOSTPORT:-3001}/portal-api/configs"
	@exec $(BUILD_DIR)/atrium serve

# Runs the checks (as `make check`), builds and runs every suite (unit, storage contract and
# integration on SQLite and PostgreSQL), then the same under AddressSanitizer +
# UndefinedBehaviorSanitizer, then unit, contract and integration under ThreadSanitizer.
test: deps
	@scripts/test

# The machine-checked rules alone (docs/checks.md): layers, format, the checks' own test, then
# clang-tidy on the files changed against main (configures build/test for its compile commands).
check: deps
	@scripts/check-layers
	@scripts/check-format
	@scripts/test-checks
	@cmake -S . -B build/test -G Ninja -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@scripts/check-tidy

# Replays the fuzz corpus, then fuzzes each libFuzzer target for FUZZ_SECONDS (default 60), two at
# a time, in build/fuzz (clang); findings go to build/fuzz/fuzz/<target>/crashes/ (docs/checks.md).
fuzz: deps
	@scripts/fuzz --seconds $(FUZZ_SECONDS)

format:
	@clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf build
