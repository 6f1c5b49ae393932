# The two set-up commands (see README): `make demo` and `make test`.
SWIFT_BUILD_FLAGS ?=
BIN = .build/release/openchargeback
DEMO_CONFIG = config.example.yaml

.PHONY: demo test build bootstrap clean-demo bench

bootstrap:
	scripts/bootstrap

build: bootstrap
	swift build -c release $(SWIFT_BUILD_FLAGS)

# Runs the monthly job on the bundled sample data into ./demo/ (a fresh ledger each time).
demo: build clean-demo
	scripts/demo

clean-demo:
	rm -rf demo

# The whole test suite (what CI runs). A crashing test prints its fatal error and exits: Swift's
# backtracer, symbolicating every thread of the test process, once hung a CI run until its timeout.
test: bootstrap
	SWIFT_BACKTRACE=enable=no swift test $(SWIFT_BUILD_FLAGS)

bench: build
	scripts/bench all
